import { and, eq } from "drizzle-orm";
import { orderEvents, orders, payments, type PaymentPurpose } from "../../db/orders-schema";
import { db } from "../lib/db.server";
import { isIdShaped } from "../lib/ids";

/** What the simulated payment page shows instead of (or with) the card form. */
export type PayPageState = "payable" | "already_paid" | "expired" | "cancelled" | "superseded";

export interface PayPageView {
  paymentId: string;
  providerRef: string;
  orderId: string;
  orderCode: string;
  amountFen: number;
  /** A deposit saves the card for the balance charged later. */
  purpose: PaymentPurpose;
  /** Null: no payment deadline (stock held until released). */
  reservedUntil: string | null;
  state: PayPageState;
}

const PAID_STATUSES = new Set([
  "payment_held",
  "paid",
  "fulfilling",
  "shipped",
  "delivered",
  "refunded",
]);

/**
 * The payment row behind /pay/:paymentId with its order, or null when there is no simulated
 * payment with that id (a Stripe payment is paid at Stripe, never here).
 */
export async function loadSimulatedPayment({
  paymentId,
  now = new Date(),
}: {
  paymentId: string;
  now?: Date;
}): Promise<PayPageView | null> {
  if (!isIdShaped(paymentId)) return null;
  const [row] = await db()
    .select({
      paymentId: payments.id,
      provider: payments.provider,
      providerRef: payments.providerRef,
      paymentStatus: payments.status,
      amountFen: payments.amountFen,
      purpose: payments.purpose,
      orderId: orders.id,
      orderCode: orders.code,
      orderStatus: orders.status,
      reservedUntil: orders.reservedUntil,
    })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(eq(payments.id, paymentId))
    .limit(1);
  if (!row || row.provider !== "simulated" || !row.providerRef) return null;
  return {
    paymentId: row.paymentId,
    providerRef: row.providerRef,
    orderId: row.orderId,
    orderCode: row.orderCode,
    amountFen: row.amountFen,
    purpose: row.purpose,
    reservedUntil: row.reservedUntil?.toISOString() ?? null,
    state: await stateOf(row, now),
  };
}

async function stateOf(
  row: { orderId: string; orderStatus: string; paymentStatus: string; reservedUntil: Date | null },
  now: Date,
): Promise<PayPageState> {
  // A hold in place (authorized) is as done as a payment: nothing more to pay on this page.
  if (
    row.paymentStatus === "succeeded" ||
    row.paymentStatus === "authorized" ||
    PAID_STATUSES.has(row.orderStatus)
  )
    return "already_paid";
  if (row.orderStatus === "cancelled") {
    const [expired] = await db()
      .select({ id: orderEvents.id })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, row.orderId), eq(orderEvents.event, "expired")))
      .limit(1);
    return expired ? "expired" : "cancelled";
  }
  // The sweeper may not have run yet; past the hold the order is as good as expired.
  if (row.reservedUntil && row.reservedUntil.getTime() <= now.getTime()) return "expired";
  // A newer payment attempt replaced this one (the order page started another).
  if (row.paymentStatus === "cancelled") return "superseded";
  return "payable";
}
