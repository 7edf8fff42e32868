import { eq, inArray, sql } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import {
  orderLines,
  orderParts,
  orders,
  shopperAddresses,
  type AmbientService,
  type Channel,
  type Delivery,
  type DeliveryAddress,
} from "../../db/orders-schema";
import {
  cooperatives,
  inventoryLevels,
  offerLevels,
  offers,
  products,
  variants,
} from "../../db/schema";
import { handOverHolds } from "../inventory/pool-batch.server";
import { reserve } from "../inventory/reservations.server";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import { insertWithFreshCode } from "../lib/fresh-code";
import { env } from "../lib/env.server";
import { newId } from "../lib/ids";
import { priceLine } from "../offers/pricing";
import { activeProviderName } from "../payments/provider.server";
import { loadTariff } from "../shipping/tariffs.server";
import { addressInputSchema, emailSchema, mobileSchema } from "./address";
import { planParts, type CheckoutSourceLine } from "./checkout-plan";
import { submitKeySchema } from "./checkout-schemas";
import { newOrderCode } from "./order-code";
import { partMoney } from "./payout";
import { resolveRegion } from "../lib/regions.server";
import { recordOrderEvent } from "./transitions.server";

/** What a source asks to buy: so many units under an offer (the offer prices them, never the caller). */
export interface OfferLine {
  offerId: string;
  quantity: number;
}

/**
 * Where an order's lines come from: a cart, later a flash-sale claim, a presale order, a group
 * join. Both steps run inside placeOrder's transaction.
 */
export interface OrderSource {
  /** Recorded on the order: a resent submit is answered to the browser whose cart (or claim…) placed it. */
  ref: { cartId: string } | { sourceRef: string } | null;
  /** Locks what the lines come from (two tabs submitting one cart queue here) and returns them. */
  takeLines(tx: Tx): Promise<OfferLine[]>;
  /** Once the order is written: the cart emptied, the claim marked used, … */
  placed?(tx: Tx, order: { orderId: string }): Promise<void>;
  /**
   * A source that already holds its lines' stock (a flash-sale claim): the ref of those holds.
   * The order takes them over (the same units, now the order's) instead of reserving afresh.
   */
  heldBy?: string;
  /** When the lines' prices were fixed (a claim made during the sale); the offers' windows are checked then. */
  pricedAt?: Date;
}

export type PlaceOrderError =
  | "empty_cart"
  | "sold_out"
  | "above_stock"
  | "not_shippable"
  | "too_large"
  | "invalid"
  | "submit_key_used";
export type PlaceOrderOutcome =
  | { ok: true; orderId: string; code: string; created: boolean; paymentUrl?: string }
  | {
      ok: false;
      error: PlaceOrderError;
      variantId?: string;
      available?: number;
      message: string;
      field?: string;
    };
type Refusal = Extract<PlaceOrderOutcome, { ok: false }>;

export interface PlaceOrderInput {
  source: OrderSource;
  submitKey: string;
  userId?: string | null;
  contact: { email?: string; mobile?: string };
  address: DeliveryAddress | Record<string, unknown>;
  ambientService: AmbientService;
  channel: Channel;
  /** `pickup`: collected at a pickup point (the address is the point's), no shipping charged. */
  delivery?: Delivery;
  /** How long stock is held for payment: minutes, or until something releases it (no expiry). */
  hold: { minutes: number } | { until: Date } | "until_released";
  now?: Date;
}

/** Thrown inside the transaction to roll everything back and answer with `outcome`. */
class Refused extends Error {
  constructor(readonly outcome: Refusal) {
    super(outcome.message);
  }
}
const refuse = (outcome: Refusal): never => {
  throw new Refused(outcome);
};

/**
 * Lines under their offers with today's price (the offer's, through priceLine), what the offer
 * can still sell (its pool, or the variant's stock) and the shipping facts, grouped later by
 * cooperative. Order: by cooperative, then as the source listed them.
 */
export async function loadOfferLines(
  ex: Executor,
  wanted: OfferLine[],
  now: Date,
  { held = false }: { held?: boolean } = {},
): Promise<CheckoutSourceLine[]> {
  if (!wanted.length) return [];
  const rows = await ex
    .select({
      offer: offers,
      variant: variants,
      product: products,
      available: inventoryLevels.available,
      pool: { available: offerLevels.available, closedAt: offerLevels.closedAt },
      coop: {
        id: cooperatives.id,
        slug: cooperatives.slug,
        nameZh: cooperatives.nameZh,
        nameEn: cooperatives.nameEn,
        provinceCode: cooperatives.provinceCode,
        cityZh: cooperatives.cityZh,
        cityEn: cooperatives.cityEn,
        freeShippingMinFen: cooperatives.freeShippingMinFen,
        handlingDays: cooperatives.handlingDays,
      },
    })
    .from(offers)
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .leftJoin(offerLevels, eq(offerLevels.offerId, offers.id))
    .where(
      inArray(
        offers.id,
        wanted.map((w) => w.offerId),
      ),
    );
  const byOffer = new Map(rows.map((r) => [r.offer.id, r]));
  // A per-shopper limit counts every line of the offer in this order.
  const perOffer = new Map<string, number>();
  for (const w of wanted) perOffer.set(w.offerId, (perOffer.get(w.offerId) ?? 0) + w.quantity);
  const lines = wanted.flatMap(({ offerId, quantity }, position) => {
    const r = byOffer.get(offerId);
    if (!r) return [];
    const { offer, variant: v, product: p, coop } = r;
    const price = priceLine({
      offer,
      quantity,
      now,
      bought: perOffer.get(offerId)! - quantity,
      held,
    });
    const line: CheckoutSourceLine = {
      variantId: v.id,
      offerId: offer.id,
      offerKind: offer.kind,
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
      priceFen: offer.priceFen,
      quantity,
      available: r.pool ? (r.pool.closedAt ? 0 : r.pool.available) : (r.available ?? 0),
      sellable: v.status === "active" && p.status === "active" && price.ok,
      cooperative: coop,
    };
    return [{ line, position }];
  });
  return lines
    .sort((a, b) =>
      a.line.cooperative.slug === b.line.cooperative.slug
        ? a.position - b.position
        : a.line.cooperative.slug < b.line.cooperative.slug
          ? -1
          : 1,
    )
    .map((l) => l.line);
}

/** Address (codes resolved to names) or the first field at fault, as a message key. */
function parseAddress(input: PlaceOrderInput["address"]): DeliveryAddress | Refusal {
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
  contact: PlaceOrderInput["contact"],
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
    .select({
      id: orders.id,
      code: orders.code,
      cartId: orders.cartId,
      sourceRef: orders.sourceRef,
      userId: orders.userId,
    })
    .from(orders)
    .where(eq(orders.submitKey, submitKey));
  return row;
}

/**
 * A resent form is answered with its order only for whoever placed it: the signed-in shopper it
 * belongs to, or for a guest order the browser whose signed cart cookie (or claim…) placed it.
 * Anyone else holding the key learns nothing of the order (an order-access cookie would go with
 * the answer). A signed-in shopper's order is not handed to their browser once signed out (a
 * shared computer).
 */
function replayOf(
  earlier: NonNullable<Awaited<ReturnType<typeof findBySubmitKey>>>,
  by: { source: OrderSource["ref"]; userId: string | null },
): PlaceOrderOutcome {
  const cartId = by.source && "cartId" in by.source ? by.source.cartId : null;
  const sourceRef = by.source && "sourceRef" in by.source ? by.source.sourceRef : null;
  const placedIt = earlier.userId
    ? // The shopper's own order, from the same kind of source: a claim's key that a cart checkout
      // already used answers the claim with nothing, never with the cart's order.
      earlier.userId === by.userId && earlier.sourceRef === sourceRef
    : (earlier.cartId !== null && earlier.cartId === cartId) ||
      (earlier.sourceRef !== null && earlier.sourceRef === sourceRef);
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
 * The one order path for every channel. Idempotent on submitKey. One transaction: the source's
 * lines (locked by the source) priced by their offers, order + lines + parts (fee, payout) +
 * reservation owned by the order + `submitted` event + expire job when the hold lapses; the address
 * remembered; the source told (`placed`). Prices and shipping are read and planned again here: a
 * page's figures are never trusted.
 */
export async function placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome> {
  const {
    source,
    submitKey,
    userId = null,
    ambientService,
    channel,
    delivery = "ship",
    now = new Date(),
  } = input;
  if (!submitKeySchema.safeParse(submitKey).success) {
    return { ok: false, error: "invalid", field: "submitKey", message: "checkout.submitKey" };
  }
  const by = { source: source.ref, userId };
  // A retried submit answers with its order even if the cart (or the form) has changed since.
  const earlier = await findBySubmitKey(db(), submitKey);
  if (earlier) return replayOf(earlier, by);

  const address = parseAddress(input.address);
  if ("ok" in address) return address;
  const guest = userId ? null : parseGuestContact(input.contact);
  if (guest && "ok" in guest) return guest;
  const tariff = await loadTariff();

  try {
    return await db().transaction(async (tx) => {
      const wanted = await source.takeLines(tx);
      const existing = await findBySubmitKey(tx, submitKey);
      if (existing) {
        const replay = replayOf(existing, by);
        return replay.ok ? replay : refuse(replay);
      }

      const contact = userId ? await accountContact(tx, userId, input.contact.mobile) : guest!;
      const lines = await loadOfferLines(tx, wanted, source.pricedAt ?? now, {
        held: Boolean(source.heldBy),
      });
      // Units the source already holds are not counted against what the offer has left.
      if (source.heldBy) for (const l of lines) l.available = Math.max(l.available, l.quantity);
      if (!wanted.length)
        return refuse({ ok: false, error: "empty_cart", message: "checkout.emptyCart" });
      // A source naming an offer that does not exist (ended and deleted with its variant): never a smaller order.
      if (lines.length < wanted.length)
        return refuse({ ok: false, error: "sold_out", available: 0, message: "checkout.soldOut" });
      const plan = planParts({
        lines,
        to: address.province,
        ambientService,
        tariff,
        locale: "zh",
        delivery,
      });
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
      const reservedUntil =
        input.hold === "until_released"
          ? null
          : "until" in input.hold
            ? input.hold.until
            : new Date(now.getTime() + input.hold.minutes * 60_000);
      const shippingFen = plan.shippingFen!;
      const code = await insertOrder(tx, {
        id: orderId,
        userId,
        email: contact.email,
        mobile: contact.mobile,
        recipient: address,
        channel,
        ambientService,
        delivery,
        itemsFen: plan.itemsFen,
        shippingFen,
        totalFen: plan.itemsFen + shippingFen,
        paymentProvider: activeProviderName(),
        submitKey,
        cartId: source.ref && "cartId" in source.ref ? source.ref.cartId : null,
        sourceRef: source.ref && "sourceRef" in source.ref ? source.ref.sourceRef : null,
        reservedUntil,
      });
      await tx.insert(orderLines).values(
        lines.map((l, i) => ({
          orderId,
          lineNo: i + 1,
          cooperativeId: l.cooperative.id,
          productId: l.productId,
          variantId: l.variantId,
          offerId: l.offerId,
          offerKind: l.offerKind,
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

      const held = source.heldBy
        ? await takeOverHolds(tx, source.heldBy, orderId, reservedUntil, lines)
        : await reserve({
            ref: orderId,
            owner: "order",
            lines: lines.map((l) => ({
              variantId: l.variantId,
              offerId: l.offerId,
              quantity: l.quantity,
            })),
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
      if (reservedUntil) {
        await enqueueJob({
          tx,
          kind: "expire_order",
          payload: { orderId },
          dedupeKey: `expire_order:${orderId}`,
          runAt: reservedUntil,
        });
      }
      // A pickup point's address is not the shopper's own to remember.
      if (userId && delivery === "ship") {
        await tx
          .insert(shopperAddresses)
          .values({ userId, address })
          .onConflictDoUpdate({
            target: shopperAddresses.userId,
            set: { address, updatedAt: sql`now()` },
          });
      }
      await source.placed?.(tx, { orderId });
      return { ok: true, orderId, code, created: true } as const;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    // A concurrent submit of the same form won the race (no cart to queue on, e.g. another cart id).
    if (isUniqueViolation(error, "orders_submit_key_unique")) {
      const winner = await findBySubmitKey(db(), submitKey);
      if (winner) return replayOf(winner, by);
    }
    throw error;
  }
}

/** The source's holds become the order's; a source no longer holding exactly its lines is sold out. */
async function takeOverHolds(
  tx: Tx,
  from: string,
  orderId: string,
  expiresAt: Date | null,
  lines: CheckoutSourceLine[],
) {
  const moved = await handOverHolds(tx, { from, to: orderId, owner: "order", expiresAt, lines });
  return moved
    ? { ok: true as const }
    : {
        ok: false as const,
        error: "sold_out" as const,
        variantId: lines[0]!.variantId,
        available: 0,
      };
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
  // Only a code clash is skipped here; a submit_key clash still raises and is answered above.
  return insertWithFreshCode("order", newOrderCode, async (code) => {
    const [row] = await tx
      .insert(orders)
      .values({ ...values, code })
      .onConflictDoNothing({ target: orders.code })
      .returning({ code: orders.code });
    return row?.code;
  });
}
