import { and, eq, ne, sql } from "drizzle-orm";
import { orders, type AmbientService, type DeliveryAddress } from "../../db/orders-schema";
import { flashSales, liveClaims, liveWaitlist, type LiveClaim } from "../../db/live-schema";
import { offers } from "../../db/schema";
import { db, type Tx } from "../lib/db.server";
import { isIdShaped } from "../lib/ids";
import type { Locale } from "../lib/i18n";
import { mobileSchema } from "../orders/address";
import { planParts, type CheckoutPlan } from "../orders/checkout-plan";
import {
  loadOfferLines,
  placeOrder,
  type OrderSource,
  type PlaceOrderOutcome,
} from "../orders/place-order.server";
import { loadTariff } from "../shipping/tariffs.server";
import { lockSale } from "./sales.server";

/*
 * A claim becomes an order through the one order path: placeOrder takes the claim's held units
 * over (the same units, now the order's, held until the claim would have lapsed), priced at the
 * flash price the claim was made under.
 */

export type ClaimCheckoutOutcome =
  | PlaceOrderOutcome
  | { ok: false; error: "claim_gone" | "over_limit"; message: string; field?: string };

/** The claim, if it is this shopper's. */
export async function shopperClaim(claimId: string, shopperKey: string) {
  const [row] = await db()
    .select({ claim: liveClaims, code: flashSales.code, offerId: flashSales.offerId })
    .from(liveClaims)
    .innerJoin(flashSales, eq(flashSales.id, liveClaims.saleId))
    .where(and(eq(liveClaims.id, claimId), eq(liveClaims.shopperKey, shopperKey)));
  return row ?? null;
}

class ClaimRefused extends Error {
  constructor(readonly outcome: Extract<ClaimCheckoutOutcome, { ok: false }>) {
    super(outcome.message);
  }
}

export async function checkoutClaim(a: {
  claimId: string;
  shopperKey: string;
  userId: string | null;
  submitKey: string;
  contact: { email?: string; mobile?: string };
  address: DeliveryAddress | Record<string, unknown>;
  ambientService: AmbientService;
  now?: Date;
}): Promise<ClaimCheckoutOutcome> {
  const found = await shopperClaim(a.claimId, a.shopperKey);
  if (!found) return { ok: false, error: "claim_gone", message: "live.claimGone" };
  const { claim } = found;
  // A guest is counted by mobile however it is written: the contact's, else the recipient's
  // (required), normalised as the order stores it.
  const mobile = a.userId
    ? null
    : (normalMobile(a.contact.mobile) ?? normalMobile((a.address as { mobile?: unknown }).mobile));
  let now = a.now ?? new Date();
  const source: OrderSource = {
    ref: { sourceRef: `claim:${claim.id}` },
    heldBy: claim.id,
    pricedAt: claim.createdAt,
    async takeLines(tx) {
      // A guest's limit by mobile is counted one checkout at a time: under the sale's lock (taken
      // first, lock order: sale, holds, pool, variant). Others need only the claim's row.
      if (mobile) await lockSale(tx, claim.saleId);
      if (!a.now) now = new Date(); // after any wait: a claim that lapsed meanwhile is gone
      const [c] = await tx
        .select()
        .from(liveClaims)
        .where(eq(liveClaims.id, claim.id))
        .for("update");
      if (!c || c.status !== "held" || c.expiresAt.getTime() <= now.getTime())
        throw new ClaimRefused({ ok: false, error: "claim_gone", message: "live.claimGone" });
      if (mobile) await guestLimitByMobile(tx, c, found.offerId, mobile);
      return [{ offerId: found.offerId, quantity: c.quantity }];
    },
    async placed(tx, { orderId }) {
      await tx
        .update(liveClaims)
        .set({ status: "ordered", orderId, mobile })
        .where(eq(liveClaims.id, claim.id));
      if (claim.waitlistId)
        await tx
          .update(liveWaitlist)
          .set({ status: "claimed", updatedAt: now })
          .where(eq(liveWaitlist.id, claim.waitlistId));
    },
  };
  try {
    return await placeOrder({
      source,
      submitKey: a.submitKey,
      userId: a.userId,
      contact: a.contact,
      address: a.address,
      ambientService: a.ambientService,
      channel: "flash",
      hold: { until: claim.expiresAt },
      now,
    });
  } catch (error) {
    if (error instanceof ClaimRefused) return error.outcome;
    throw error;
  }
}

function normalMobile(value: unknown): string | null {
  const parsed = mobileSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * A guest's limit counted again by the mobile given at checkout: a new device token does not buy
 * more than the limit.
 */
async function guestLimitByMobile(tx: Tx, claim: LiveClaim, offerId: string, mobile: string) {
  const [offer] = await tx
    .select({ limit: offers.perShopperLimit })
    .from(offers)
    .where(eq(offers.id, offerId));
  if (!offer?.limit) return;
  const [row] = await tx
    .select({ units: sql<number>`coalesce(sum(${liveClaims.quantity}), 0)`.mapWith(Number) })
    .from(liveClaims)
    .innerJoin(orders, eq(orders.id, liveClaims.orderId))
    .where(
      and(
        eq(liveClaims.saleId, claim.saleId),
        eq(liveClaims.mobile, mobile),
        eq(liveClaims.status, "ordered"),
        ne(orders.status, "cancelled"),
      ),
    );
  if ((row?.units ?? 0) + claim.quantity > offer.limit)
    throw new ClaimRefused({
      ok: false,
      error: "over_limit",
      field: "contactMobile",
      message: "live.overLimitMobile",
    });
}

/** The claim under whichever of the visitor's keys owns it (shopperKeysOf), or null. */
export async function ownedClaim(claimId: string, shopperKeys: string[]) {
  if (!isIdShaped(claimId)) return null;
  for (const key of shopperKeys) {
    const found = await shopperClaim(claimId, key);
    if (found) return { ...found, shopperKey: key };
  }
  return null;
}

/**
 * The claim's checkout summary: its units at the price they were claimed at, shipped to
 * `province`. The claim holds its own units, so the pool being empty is no problem for it.
 */
export async function planClaimCheckout(a: {
  claim: LiveClaim;
  offerId: string;
  province?: string;
  ambientService: AmbientService;
  locale: Locale;
}): Promise<CheckoutPlan> {
  const lines = (
    await loadOfferLines(
      db(),
      [{ offerId: a.offerId, quantity: a.claim.quantity }],
      a.claim.createdAt,
      { held: true },
    )
  ).map((l) => ({ ...l, available: Math.max(l.available, l.quantity), sellable: true }));
  const tariff = a.province ? await loadTariff() : null;
  return planParts({
    lines,
    to: a.province,
    ambientService: a.ambientService,
    tariff,
    locale: a.locale,
  });
}
