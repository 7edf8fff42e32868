import { and, eq, sql } from "drizzle-orm";
import {
  orderLines,
  orders,
  type AmbientService,
  type DeliveryAddress,
} from "../../db/orders-schema";
import { presaleOrders, presaleTerms } from "../../db/presale-schema";
import { offers, products, variants } from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { isIdShaped } from "../lib/ids";
import type { Locale } from "../lib/i18n";
import { planParts, type CheckoutPlan } from "../orders/checkout-plan";
import {
  loadOfferLines,
  placeOrder,
  type OrderSource,
  type PlaceOrderOutcome,
} from "../orders/place-order.server";
import { loadTariff } from "../shipping/tariffs.server";
import { splitPayment } from "./money";

/*
 * A presale order is placed through the one order path: its units are held in the presale's pool
 * (a harvest still growing) like any order's, and one presale_orders row records the deposit now
 * and the balance at harvest. The deposit is what the shopper pays first (on-order-payment.server.ts
 * tells orders so); once paid, the units are held with no deadline until a release allocates them.
 */

export const MAX_PRESALE_QUANTITY = 20;

export type PresaleOrderOutcome =
  PlaceOrderOutcome | { ok: false; error: "not_presale"; message: string; field?: string };

class NotPresale extends Error {}

/** The presale offer with its terms and pack, or null (not a presale, or no such offer). */
export async function presaleOffer(offerId: string, ex: Executor = db()) {
  if (!isIdShaped(offerId)) return null;
  const [row] = await ex
    .select({ offer: offers, terms: presaleTerms, variant: variants, product: products })
    .from(offers)
    .innerJoin(presaleTerms, eq(presaleTerms.offerId, offers.id))
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(offers.id, offerId), eq(offers.kind, "presale")));
  return row ?? null;
}

export async function placePresaleOrder(a: {
  offerId: string;
  quantity: number;
  userId: string | null;
  submitKey: string;
  contact: { email?: string; mobile?: string };
  address: DeliveryAddress | Record<string, unknown>;
  ambientService: AmbientService;
  now?: Date;
}): Promise<PresaleOrderOutcome> {
  if (!Number.isInteger(a.quantity) || a.quantity < 1 || a.quantity > MAX_PRESALE_QUANTITY)
    return { ok: false, error: "not_presale", field: "quantity", message: "presale.quantity" };
  const source: OrderSource = {
    ref: { sourceRef: `presale:${a.offerId}` },
    async takeLines(tx) {
      // The terms row, shared-locked: an edit of the deposit waits until this order is written.
      const [terms] = await tx
        .select({ offerId: presaleTerms.offerId })
        .from(presaleTerms)
        .where(eq(presaleTerms.offerId, a.offerId))
        .for("share");
      if (!terms) throw new NotPresale();
      return [{ offerId: a.offerId, quantity: a.quantity }];
    },
    async placed(tx, { orderId }) {
      const [row] = await tx
        .select({
          totalFen: orders.totalFen,
          priceFen: orderLines.priceFen,
          cooperativeId: orderLines.cooperativeId,
          terms: presaleTerms,
        })
        .from(orders)
        .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
        .innerJoin(presaleTerms, eq(presaleTerms.offerId, orderLines.offerId))
        .where(eq(orders.id, orderId));
      const split = splitPayment(row!.terms, {
        priceFen: row!.priceFen,
        quantity: a.quantity,
        totalFen: row!.totalFen,
      });
      await tx.insert(presaleOrders).values({
        orderId,
        offerId: a.offerId,
        cooperativeId: row!.cooperativeId,
        quantity: a.quantity,
        ...split,
      });
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
      channel: "presale",
      // Until the deposit is paid the units are held like any checkout's; then with no deadline.
      hold: { minutes: env.RESERVATION_MINUTES },
      now: a.now,
    });
  } catch (error) {
    if (error instanceof NotPresale)
      return { ok: false, error: "not_presale", message: "presale.notFound" };
    throw error;
  }
}

/** Takes the next place in line (the order of purchase is the order deposits were paid in). */
export const nextQueueSeq = sql<number>`nextval('presale_queue_seq')`;

/** The pre-order's checkout summary: `quantity` packs at the presale price, shipped to `province`, split into deposit and balance. */
export async function planPresaleCheckout(a: {
  offerId: string;
  quantity: number;
  province?: string;
  ambientService: AmbientService;
  locale: Locale;
  now?: Date;
}): Promise<{ plan: CheckoutPlan; split: { depositFen: number; balanceFen: number } | null }> {
  const found = await presaleOffer(a.offerId);
  const lines = await loadOfferLines(
    db(),
    [{ offerId: a.offerId, quantity: a.quantity }],
    a.now ?? new Date(),
  );
  const tariff = a.province ? await loadTariff() : null;
  const plan = planParts({
    lines,
    to: a.province,
    ambientService: a.ambientService,
    tariff,
    locale: a.locale,
  });
  const split =
    found && plan.totalFen !== null
      ? splitPayment(found.terms, {
          priceFen: found.offer.priceFen,
          quantity: a.quantity,
          totalFen: plan.totalFen,
        })
      : null;
  return { plan, split };
}
