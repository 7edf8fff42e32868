import { asc, eq, sql } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import {
  orderLines,
  orderParts,
  orders,
  shopperAddresses,
  type AmbientService,
  type Channel,
  type DeliveryAddress,
} from "../../db/orders-schema";
import {
  cartLines,
  carts,
  cooperatives,
  inventoryLevels,
  products,
  variants,
} from "../../db/schema";
import { reserve } from "../inventory/reservations.server";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { Locale } from "../lib/i18n";
import { newId } from "../lib/ids";
import { activeProviderName } from "../payments/provider.server";
import { loadTariff } from "../shipping/tariffs.server";
import { addressInputSchema, emailSchema, mobileSchema } from "./address";
import { planParts, type CheckoutPlan, type CheckoutSourceLine } from "./checkout-plan";
import { submitKeySchema } from "./checkout-schemas";
import { newOrderCode } from "./order-code";
import { partMoney } from "./payout";
import { resolveRegion } from "./regions.server";
import { recordOrderEvent } from "./transitions.server";

export type { CheckoutPlan, CheckoutPlanPart, CheckoutProblem } from "./checkout-plan";

/** The cart's lines with today's price, stock and shipping facts, grouped later by cooperative. */
async function loadLines(ex: Executor, cartId: string): Promise<CheckoutSourceLine[]> {
  const rows = await ex
    .select({
      variant: variants,
      product: products,
      quantity: cartLines.quantity,
      available: inventoryLevels.available,
      coop: {
        id: cooperatives.id,
        slug: cooperatives.slug,
        nameZh: cooperatives.nameZh,
        nameEn: cooperatives.nameEn,
        provinceCode: cooperatives.provinceCode,
        cityZh: cooperatives.cityZh,
        cityEn: cooperatives.cityEn,
      },
    })
    .from(cartLines)
    .innerJoin(variants, eq(variants.id, cartLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cooperatives.slug), asc(cartLines.addedAt), asc(variants.sku));
  return rows.map(({ variant: v, product: p, quantity, available, coop }) => ({
    variantId: v.id,
    productId: p.id,
    sku: v.sku,
    productNameZh: p.nameZh,
    productNameEn: p.nameEn,
    variantLabelZh: v.labelZh,
    variantLabelEn: v.labelEn,
    storage: p.storageClass,
    shelfLifeDays: p.shelfLifeDays,
    shippingWeightG: v.shippingWeightG,
    lengthMm: v.lengthMm,
    widthMm: v.widthMm,
    heightMm: v.heightMm,
    priceFen: v.priceFen,
    quantity,
    available: available ?? 0,
    sellable: v.status === "active" && p.status === "active",
    cooperative: coop,
  }));
}

/** The checkout page's live data: the cart priced for a destination province and ambient service. */
export async function planCheckout({
  cartId,
  province,
  ambientService,
  locale,
}: {
  cartId: string | null;
  province?: string;
  ambientService: AmbientService;
  locale: Locale;
}): Promise<CheckoutPlan> {
  const lines = cartId ? await loadLines(db(), cartId) : [];
  const tariff = province && lines.length ? await loadTariff() : null;
  return planParts({ lines, to: province, ambientService, tariff, locale });
}

export type SubmitError =
  | "empty_cart"
  | "sold_out"
  | "above_stock"
  | "not_shippable"
  | "too_large"
  | "invalid"
  | "submit_key_used";
export type SubmitOutcome =
  | { ok: true; orderId: string; code: string; created: boolean; paymentUrl?: string }
  | {
      ok: false;
      error: SubmitError;
      variantId?: string;
      available?: number;
      message: string;
      field?: string;
    };
type Refusal = Extract<SubmitOutcome, { ok: false }>;

/** Thrown inside the transaction to roll everything back and answer with `outcome`. */
class Refused extends Error {
  constructor(readonly outcome: Refusal) {
    super(outcome.message);
  }
}
const refuse = (outcome: Refusal): never => {
  throw new Refused(outcome);
};

export interface SubmitCheckoutInput {
  cartId: string | null;
  submitKey: string;
  userId?: string | null;
  contact: { email?: string; mobile?: string };
  address: DeliveryAddress | Record<string, unknown>;
  ambientService: AmbientService;
  channel?: Channel;
  now?: Date;
}

/** Address (codes resolved to names) or the first field at fault, as a message key. */
function parseAddress(input: SubmitCheckoutInput["address"]): DeliveryAddress | Refusal {
  const parsed = addressInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "address");
    return { ok: false, error: "invalid", field, message: `address.${issue.message}` };
  }
  const a = parsed.data;
  const names = resolveRegion(a);
  if (!names)
    return { ok: false, error: "invalid", field: "districtCode", message: "address.district" };
  return {
    name: a.name,
    mobile: a.mobile,
    province: a.province,
    cityCode: a.cityCode,
    districtCode: a.districtCode,
    detail: a.detail,
    postcode: a.postcode,
    ...names,
  };
}

function parseGuestContact(
  contact: SubmitCheckoutInput["contact"],
): { email: string | null; mobile: string | null } | Refusal {
  const email = contact.email?.trim() ? emailSchema.safeParse(contact.email) : null;
  if (email && !email.success)
    return { ok: false, error: "invalid", field: "email", message: "checkout.email" };
  const mobile = contact.mobile?.trim() ? mobileSchema.safeParse(contact.mobile) : null;
  if (mobile && !mobile.success)
    return { ok: false, error: "invalid", field: "contactMobile", message: "checkout.mobile" };
  if (!email && !mobile)
    return { ok: false, error: "invalid", field: "email", message: "checkout.contact" };
  return { email: email?.data ?? null, mobile: mobile?.data ?? null };
}

async function findBySubmitKey(ex: Executor, submitKey: string) {
  const [row] = await ex
    .select({ id: orders.id, code: orders.code, cartId: orders.cartId, userId: orders.userId })
    .from(orders)
    .where(eq(orders.submitKey, submitKey));
  return row;
}

/**
 * A resent form is answered with its order only for whoever placed it: the signed-in shopper it
 * belongs to, or for a guest order the browser whose signed cart cookie placed it. Anyone else
 * holding the key learns nothing of the order (an order-access cookie would go with the answer).
 * A signed-in shopper's order is not handed to their browser once signed out (a shared computer).
 */
function replayOf(
  earlier: NonNullable<Awaited<ReturnType<typeof findBySubmitKey>>>,
  by: { cartId: string | null; userId: string | null },
): SubmitOutcome {
  const placedIt = earlier.userId
    ? earlier.userId === by.userId
    : earlier.cartId !== null && earlier.cartId === by.cartId;
  if (!placedIt) return { ok: false, error: "submit_key_used", message: "checkout.submitKeyUsed" };
  return { ok: true, orderId: earlier.id, code: earlier.code, created: false };
}

const isUniqueViolation = (error: unknown, constraint: string) => {
  const cause =
    (error as { cause?: { constraint?: string; code?: string } }).cause ??
    (error as { constraint?: string; code?: string });
  return cause?.code === "23505" && cause.constraint === constraint;
};

/**
 * Idempotent on submitKey. One transaction: order + lines + parts (fee, payout) + reservation +
 * `submitted` event + expire job at reservedUntil; the address remembered; the cart emptied.
 * Prices and shipping are read and planned again here: the page's figures are never trusted.
 */
export async function submitCheckout(input: SubmitCheckoutInput): Promise<SubmitOutcome> {
  const {
    cartId,
    submitKey,
    userId = null,
    ambientService,
    channel = "standard",
    now = new Date(),
  } = input;
  if (!submitKeySchema.safeParse(submitKey).success) {
    return { ok: false, error: "invalid", field: "submitKey", message: "checkout.submitKey" };
  }
  // A retried submit answers with its order even if the cart (or the form) has changed since.
  const earlier = await findBySubmitKey(db(), submitKey);
  if (earlier) return replayOf(earlier, { cartId, userId });

  const address = parseAddress(input.address);
  if ("ok" in address) return address;
  const guest = userId ? null : parseGuestContact(input.contact);
  if (guest && "ok" in guest) return guest;
  const tariff = await loadTariff();

  try {
    return await db().transaction(async (tx) => {
      if (!cartId) return refuse({ ok: false, error: "empty_cart", message: "checkout.emptyCart" });
      // Two tabs submitting one cart queue here; the second then finds the cart emptied (or its order).
      await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for("update");
      const existing = await findBySubmitKey(tx, submitKey);
      if (existing) {
        const replay = replayOf(existing, { cartId, userId });
        return replay.ok ? replay : refuse(replay);
      }

      const contact = userId ? await accountContact(tx, userId, input.contact.mobile) : guest!;
      const lines = await loadLines(tx, cartId);
      if (!lines.length)
        return refuse({ ok: false, error: "empty_cart", message: "checkout.emptyCart" });
      const plan = planParts({ lines, to: address.province, ambientService, tariff, locale: "zh" });
      for (const p of plan.problems) {
        if (p.kind === "not_shippable")
          refuse({ ok: false, error: "not_shippable", message: p.message, field: "province" });
        else if (p.kind === "above_stock")
          refuse({
            ok: false,
            error: "above_stock",
            variantId: p.variantId,
            available: p.available,
            message: "checkout.aboveStock",
          });
        else if (p.kind === "too_large")
          refuse({ ok: false, error: "too_large", message: "checkout.tooLarge" });
        else
          refuse({
            ok: false,
            error: "sold_out",
            variantId: p.variantId,
            available: 0,
            message: "checkout.soldOut",
          });
      }

      const orderId = newId("ord");
      const reservedUntil = new Date(now.getTime() + env.RESERVATION_MINUTES * 60_000);
      const shippingFen = plan.shippingFen!;
      const code = await insertOrder(tx, {
        id: orderId,
        userId,
        email: contact.email,
        mobile: contact.mobile,
        recipient: address,
        channel,
        ambientService,
        itemsFen: plan.itemsFen,
        shippingFen,
        totalFen: plan.itemsFen + shippingFen,
        paymentProvider: activeProviderName(),
        submitKey,
        cartId,
        reservedUntil,
      });
      await tx.insert(orderLines).values(
        lines.map((l, i) => ({
          orderId,
          lineNo: i + 1,
          cooperativeId: l.cooperative.id,
          productId: l.productId,
          variantId: l.variantId,
          sku: l.sku,
          productNameZh: l.productNameZh,
          productNameEn: l.productNameEn,
          variantLabelZh: l.variantLabelZh,
          variantLabelEn: l.variantLabelEn,
          storage: l.storage,
          shelfLifeDays: l.shelfLifeDays,
          shippingWeightG: l.shippingWeightG,
          lengthMm: l.lengthMm,
          widthMm: l.widthMm,
          heightMm: l.heightMm,
          priceFen: l.priceFen,
          quantity: l.quantity,
          lineFen: l.priceFen * l.quantity,
        })),
      );
      await tx.insert(orderParts).values(
        plan.parts.map((p) => ({
          orderId,
          cooperativeId: p.cooperative.id,
          ...partMoney({
            itemsFen: p.itemsFen,
            shippingFen: p.shippingFen!,
            feeBps: env.PLATFORM_FEE_BPS,
          }),
          plannedParcels: p.parcels!.length,
        })),
      );

      const held = await reserve({
        ref: orderId,
        lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
        expiresAt: reservedUntil,
        actor: userId ?? "shopper",
        tx,
      });
      if (!held.ok) {
        const soldOut = held.error !== "insufficient" || held.available <= 0;
        refuse({
          ok: false,
          error: soldOut ? "sold_out" : "above_stock",
          variantId: held.variantId,
          available: held.available,
          message: soldOut ? "checkout.soldOut" : "checkout.aboveStock",
        });
      }

      await recordOrderEvent({
        tx,
        orderId,
        status: "pending_payment",
        from: null,
        event: "submitted",
        actor: userId ?? "shopper",
        amountFen: plan.itemsFen + shippingFen,
      });
      await enqueueJob({
        tx,
        kind: "expire_order",
        payload: { orderId },
        dedupeKey: `expire_order:${orderId}`,
        runAt: reservedUntil,
      });
      if (userId) {
        await tx
          .insert(shopperAddresses)
          .values({ userId, address })
          .onConflictDoUpdate({
            target: shopperAddresses.userId,
            set: { address, updatedAt: sql`now()` },
          });
      }
      await tx.delete(cartLines).where(eq(cartLines.cartId, cartId));
      return { ok: true, orderId, code, created: true } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    // A concurrent submit of the same form won the race (no cart to queue on, e.g. another cart id).
    if (isUniqueViolation(error, "orders_submit_key_unique")) {
      const winner = await findBySubmitKey(db(), submitKey);
      if (winner) return replayOf(winner, { cartId, userId });
    }
    throw error;
  }
}

async function accountContact(tx: Tx, userId: string, mobile: string | undefined) {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user)
    return refuse({ ok: false, error: "invalid", field: "email", message: "checkout.contact" });
  const parsed = mobile?.trim() ? mobileSchema.safeParse(mobile) : null;
  return { email: user.email, mobile: parsed?.success ? parsed.data : null };
}

/** Inserts the order under a fresh code, drawing again on the (rare) collision. */
async function insertOrder(
  tx: Tx,
  values: Omit<typeof orders.$inferInsert, "code">,
): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = newOrderCode();
    // Only a code clash is skipped here; a submit_key clash still raises and is answered above.
    const [row] = await tx
      .insert(orders)
      .values({ ...values, code })
      .onConflictDoNothing({ target: orders.code })
      .returning({ code: orders.code });
    if (row) return row.code;
  }
  throw new Error("could not draw a free order code");
}

/** The address a signed-in shopper last delivered to, to prefill the form. */
export async function savedAddress({
  userId,
}: {
  userId: string;
}): Promise<DeliveryAddress | null> {
  const [row] = await db()
    .select({ address: shopperAddresses.address })
    .from(shopperAddresses)
    .where(eq(shopperAddresses.userId, userId));
  return row?.address ?? null;
}
