import { and, asc, eq, inArray } from "drizzle-orm";
import {
  orderLines,
  orders,
  payments,
  type OrderLineRow,
  type OrderRow,
  type PaymentPurpose,
} from "../../db/orders-schema";
import {
  confirmReservations,
  holdUntilReleased,
  releaseReservations,
} from "../inventory/reservations.server";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import type { PaymentOutcome, PaymentSucceededResult } from "../payments/outcomes.server";
import { paymentProvider, type CreatePaymentInput } from "../payments/provider.server";
import { channelPayments, type PaymentDue } from "./channel-payments.server";
import { queueNotification } from "./notifications.server";
import { recordOrderEvent, transitionOrder } from "./transitions.server";

/**
 * From a submitted order to a paid (or cancelled) one. Every entry point may be called twice, late
 * or out of order (webhooks, a double click, a retried job): each runs under the order's row lock
 * and looks at what is already recorded before it changes anything.
 */

/** The order's row, locked: every payment entry point takes it first. */
export async function lockOrder(tx: Tx, orderId: string) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return order;
}

export type StartPaymentOutcome =
  | { ok: true; redirectUrl: string }
  | { ok: false; error: "not_payable" | "expired" | "provider"; message: string };

/** How long one payment attempt (one provider session) is reused: under Stripe's one-day limit. */
const ATTEMPT_MS = 23 * 3_600_000;

/**
 * Sends the shopper to the provider. An open attempt for the same provider is reused (and the
 * provider called again with the same idempotency key, which answers with the same session), so
 * reloading the pay button never opens a second charge.
 */
export async function startPayment({
  orderId,
  origin,
  now = new Date(),
}: {
  orderId: string;
  origin: string;
  now?: Date;
}): Promise<StartPaymentOutcome> {
  const provider = paymentProvider();
  const prepared = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const due = order ? await paymentDue(tx, order) : null;
    if (!order || !due)
      return { ok: false, error: "not_payable", message: "payment.notPayable" } as const;
    // No deadline (a hold until released): payable until something cancels the order.
    const until = due.until ?? (order.status === "pending_payment" ? order.reservedUntil : null);
    if (until && until.getTime() <= now.getTime())
      return { ok: false, error: "expired", message: "payment.expired" } as const;
    const [open] = await tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.orderId, orderId),
          eq(payments.provider, provider.name),
          eq(payments.status, "pending"),
          eq(payments.purpose, due.purpose),
          eq(payments.amountFen, due.amountFen),
          eq(payments.offSession, false),
        ),
      )
      .orderBy(asc(payments.createdAt))
      .limit(1);
    // An attempt outlives no provider session: past its day a new one starts (a pay link good for 48 hours).
    const stale = open && open.createdAt.getTime() + ATTEMPT_MS <= now.getTime() ? open : null;
    if (stale)
      await tx
        .update(payments)
        .set({ status: "cancelled", updatedAt: now })
        .where(eq(payments.id, stale.id));
    const payment =
      (stale ? undefined : open) ??
      (
        await tx
          .insert(payments)
          .values({
            id: newId("pay"),
            orderId,
            provider: provider.name,
            amountFen: due.amountFen,
            purpose: due.purpose,
            createdAt: now,
          })
          .returning()
      )[0]!;
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.lineNo));
    return { ok: true, order, payment, lines, due, until, stale } as const;
  });
  if (!prepared.ok) return prepared;

  const { order, payment, lines, due, until, stale } = prepared;
  if (stale?.providerRef)
    // Best effort: its session is about to lapse anyway; paid meanwhile, it still counts.
    await provider.cancelPayment({ providerRef: stale.providerRef }).catch((error: unknown) => {
      console.error(
        `startPayment ${orderId}: cancelPayment ${stale.providerRef}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  let created: { providerRef: string; redirectUrl: string };
  try {
    created = await provider.createPayment({
      paymentId: payment.id,
      orderId,
      orderCode: order.code,
      amountFen: payment.amountFen,
      purpose: due.purpose,
      saveMethod: due.saveMethod,
      ...(due.capture ? { capture: due.capture } : {}),
      ...chargedLines(order, lines, due),
      email: order.email ?? undefined,
      successUrl: `${origin}/orders/${orderId}?paid=1`,
      cancelUrl: `${origin}/orders/${orderId}`,
      // The hold's end, but never past the attempt's day (a provider session lasts a day at most).
      // From stored data only, never the clock: a second click sends the same parameters under
      // the same idempotency key, and the provider answers with the first session.
      expiresAt: new Date(
        Math.min(until?.getTime() ?? Infinity, payment.createdAt.getTime() + ATTEMPT_MS),
      ),
      idempotencyKey: payment.id,
    });
  } catch (error) {
    console.error(
      `startPayment ${orderId}: provider ${provider.name} refused: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { ok: false, error: "provider", message: "payment.provider" };
  }
  if (payment.providerRef !== created.providerRef) {
    await db()
      .update(payments)
      .set({ providerRef: created.providerRef, updatedAt: new Date() })
      .where(eq(payments.id, payment.id));
  }
  return { ok: true, redirectUrl: created.redirectUrl };
}

/** Provider-facing, so in both languages (as the shipping line is). */
const PART_LABEL: Partial<Record<PaymentPurpose, string>> = {
  deposit: "定金 Deposit",
  balance: "尾款 Balance",
};

/**
 * The lines the provider shows and charges, adding up to what is due: the order's items and its
 * shipping when the whole order is paid; a part of it (a presale's deposit or balance) is one line
 * naming the part and what it is for, as Stripe charges the sum of the lines it is sent.
 */
function chargedLines(
  order: Pick<OrderRow, "totalFen" | "shippingFen">,
  lines: Pick<OrderLineRow, "productNameZh" | "variantLabelZh" | "quantity" | "priceFen">[],
  due: Pick<PaymentDue, "amountFen" | "purpose">,
): Pick<CreatePaymentInput, "lines" | "shippingFen"> {
  if (due.amountFen === order.totalFen)
    return {
      lines: lines.map((l) => ({
        name: `${l.productNameZh} ${l.variantLabelZh}`,
        quantity: l.quantity,
        unitFen: l.priceFen,
      })),
      shippingFen: order.shippingFen,
    };
  const what = lines.map((l) => `${l.productNameZh} ${l.variantLabelZh} ×${l.quantity}`).join("、");
  return {
    lines: [
      {
        name: `${PART_LABEL[due.purpose] ?? "付款 Payment"} · ${what}`.slice(0, 250),
        quantity: 1,
        unitFen: due.amountFen,
      },
    ],
    shippingFen: 0,
  };
}

/** What the shopper pays now: the channel's part (a deposit, a balance), else the whole order while it is pending. */
async function paymentDue(tx: Tx, order: OrderRow): Promise<PaymentDue | null> {
  const channel = await channelPayments(order.channel);
  if (channel) {
    const due = await channel.due(tx, order);
    // Settled later, so an authorization whichever the mode: the authorized outcome's handler and
    // the simulated page act on that purpose, and would refund anything else as a stray payment.
    if (due?.capture && due.purpose !== "authorization")
      throw new Error(
        `channel ${order.channel}: capture "${due.capture}" is due with purpose "${due.purpose}", not "authorization"`,
      );
    return due;
  }
  return order.status === "pending_payment"
    ? { amountFen: order.totalFen, purpose: "full", saveMethod: false }
    : null;
}

/**
 * The order is paid in full: its held stock sold, the order `paid`, its shipments and confirmation
 * queued. Under the order's lock, in the caller's transaction. Not ok: the stock is gone (the hold
 * lapsed and others bought it), nothing changed.
 */
export async function markPaidInFull({
  tx,
  orderId,
  actor,
  amountFen,
  shipments = true,
  notice,
}: {
  tx: Tx;
  orderId: string;
  actor: string;
  amountFen?: number;
  /** False: the channel ships it some other way (a group-buy's one parcel per pickup point). */
  shipments?: boolean;
  /** The channel's own message to the shopper instead of the order confirmation. */
  notice?: (tx: Tx, orderId: string) => Promise<void>;
}) {
  const confirmed = await confirmReservations({ ref: orderId, actor, tx });
  if (!confirmed.ok) return confirmed;
  await transitionOrder({ tx, orderId, to: "paid", event: "paid", actor, amountFen });
  if (shipments)
    await enqueueJob({
      tx,
      kind: "create_shipments",
      payload: { orderId },
      dedupeKey: `create_shipments:${orderId}`,
    });
  if (notice) await notice(tx, orderId);
  else await queueNotification({ tx, orderId, kind: "order_confirmation" });
  return confirmed;
}

export type PaymentSucceededOutcome = PaymentSucceededResult;

/**
 * The provider says the money arrived. In one transaction under the order's lock: the payment is
 * marked, the held stock is sold, the order paid, its shipments and confirmation queued. If the
 * stock is gone (the hold lapsed and others bought it), or the order was already closed (expired,
 * or paid by another attempt), the money goes back: a refund job, never a second sale.
 */
export async function recordPaymentSucceeded(
  outcome: PaymentOutcome<"succeeded">,
): Promise<PaymentSucceededOutcome> {
  const [found] = await db()
    .select({ id: payments.id, orderId: payments.orderId })
    .from(payments)
    .where(
      and(eq(payments.provider, outcome.provider), eq(payments.providerRef, outcome.providerRef)),
    );
  if (!found) return { ok: false, error: "unknown_payment" };
  return settlePaymentSucceeded({ ...outcome, paymentId: found.id, orderId: found.orderId });
}

/**
 * recordPaymentSucceeded for a caller that holds the payment's row (an off-session charge it just
 * made): no lookup by the provider's ref, which it writes in the same transaction instead.
 */
export async function recordOwnPaymentSucceeded(
  a: Omit<PaymentOutcome<"succeeded">, "provider"> & { paymentId: string; orderId: string },
): Promise<PaymentSucceededOutcome> {
  return settlePaymentSucceeded(a);
}

async function settlePaymentSucceeded({
  paymentId,
  orderId,
  providerRef,
  providerPaymentRef,
  amountFen,
  actor,
  saved,
}: Omit<PaymentOutcome<"succeeded">, "provider"> & {
  paymentId: string;
  orderId: string;
}): Promise<PaymentSucceededOutcome> {
  const found = { id: paymentId, orderId };
  return db().transaction(async (tx) => {
    const order = (await lockOrder(tx, found.orderId))!;
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.id, found.id))
      .for("update");
    if (payment!.amountFen !== amountFen) return { ok: false, error: "amount_mismatch" } as const;
    if (payment!.status === "succeeded")
      return { ok: true, orderId: order.id, changed: false, outcome: "already_paid" } as const;

    await tx
      .update(payments)
      .set({
        status: "succeeded",
        providerRef,
        providerPaymentRef: providerPaymentRef ?? payment!.providerPaymentRef,
        failureCode: null,
        customerRef: saved?.customerRef ?? payment!.customerRef,
        methodRef: saved?.methodRef ?? payment!.methodRef,
        updatedAt: new Date(),
      })
      .where(eq(payments.id, payment!.id));

    const purpose = payment!.purpose;
    if (purpose === "deposit" && order.status === "pending_payment") {
      // The rest is paid when the harvest ships: the units stay held, now with no deadline.
      await holdUntilReleased({ ref: order.id, tx });
      await tx.update(orders).set({ reservedUntil: null }).where(eq(orders.id, order.id));
      await transitionOrder({
        tx,
        orderId: order.id,
        to: "deposit_paid",
        event: "deposit_paid",
        actor,
        amountFen,
      });
      const channel = await channelPayments(order.channel);
      await channel?.depositPaid?.(tx, { order, paymentId: payment!.id, actor });
      return { ok: true, orderId: order.id, changed: true, outcome: "paid" } as const;
    }
    if (purpose === "balance" && order.status === "deposit_paid") {
      if ((await markPaidInFull({ tx, orderId: order.id, actor, amountFen })).ok) {
        const channel = await channelPayments(order.channel);
        await channel?.balancePaid?.(tx, { order, paymentId: payment!.id, actor });
        return { ok: true, orderId: order.id, changed: true, outcome: "paid" } as const;
      }
    }
    if (purpose === "full" && order.status === "pending_payment") {
      const confirmed = await markPaidInFull({ tx, orderId: order.id, actor, amountFen });
      if (confirmed.ok)
        return { ok: true, orderId: order.id, changed: true, outcome: "paid" } as const;
      // The hold lapsed and the stock was sold to someone else: nothing of this order can ship.
      await releaseReservations({
        ref: order.id,
        reason: "payment arrived after stock was gone",
        actor,
        tx,
      });
      await transitionOrder({
        tx,
        orderId: order.id,
        to: "cancelled",
        event: "cancelled",
        actor,
        note: `paid after the hold lapsed; ${confirmed.variantId} has ${confirmed.available} left; refunding`,
      });
      await queueNotification({ tx, orderId: order.id, kind: "order_cancelled" });
    } else {
      // Expired and cancelled before the money came, or already paid by another attempt.
      await recordOrderEvent({
        tx,
        orderId: order.id,
        status: order.status,
        event: "late_payment",
        actor,
        amountFen,
        note:
          order.status === "cancelled"
            ? "paid after the order was cancelled; refunding"
            : `a second payment for an order already ${order.status}; refunding`,
      });
    }
    await enqueueJob({
      tx,
      kind: "refund_payment",
      payload: { paymentId: payment!.id },
      dedupeKey: `refund_payment:${payment!.id}`,
    });
    return { ok: true, orderId: order.id, changed: true, outcome: "refunding" } as const;
  });
}

/**
 * A declined or failed attempt. The order stays pending with its stock held, so the shopper can
 * try again until the hold lapses. A failure reported after a success changes nothing.
 */
export async function recordPaymentFailed({
  provider,
  providerRef,
  code,
  actor,
}: PaymentOutcome<"failed">): Promise<{ ok: boolean; orderId?: string }> {
  const [found] = await db()
    .select({ id: payments.id, orderId: payments.orderId })
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, providerRef)));
  if (!found) return { ok: false };
  await db().transaction(async (tx) => {
    const order = (await lockOrder(tx, found.orderId))!;
    const moved = await tx
      .update(payments)
      .set({ status: "failed", failureCode: code.slice(0, 100), updatedAt: new Date() })
      .where(and(eq(payments.id, found.id), inArray(payments.status, ["pending", "failed"])))
      .returning({ id: payments.id });
    if (moved.length) {
      await recordOrderEvent({
        tx,
        orderId: order.id,
        status: order.status,
        event: "payment_failed",
        actor,
        note: code.slice(0, 100),
      });
    }
  });
  return { ok: true, orderId: found.orderId };
}

/**
 * The expire_order job: an order still unpaid when its hold lapses is cancelled and its stock
 * released. Anything else (paid meanwhile, the hold not yet over) is a no-op.
 */
export async function expireOrder({
  orderId,
  now = new Date(),
}: {
  orderId: string;
  now?: Date;
}): Promise<{ expired: boolean }> {
  const result = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (
      !order ||
      order.status !== "pending_payment" ||
      // A hold until released never lapses: something else ends it (a presale's harvest…).
      !order.reservedUntil ||
      order.reservedUntil.getTime() > now.getTime()
    )
      return null;
    await releaseReservations({ ref: orderId, reason: "expired", actor: "system", tx });
    await transitionOrder({
      tx,
      orderId,
      to: "cancelled",
      event: "expired",
      actor: "system",
      note: "not paid before the hold lapsed",
    });
    const open = await tx
      .update(payments)
      .set({ status: "cancelled", updatedAt: new Date() })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "pending")))
      .returning({ providerRef: payments.providerRef, provider: payments.provider });
    await queueNotification({ tx, orderId, kind: "order_cancelled" });
    return open;
  });
  if (!result) return { expired: false };
  // After commit and best effort: a session the provider still shows would only end in a refund.
  const provider = paymentProvider();
  for (const p of result) {
    if (!p.providerRef || p.provider !== provider.name) continue;
    await provider.cancelPayment({ providerRef: p.providerRef }).catch((error: unknown) => {
      console.error(
        `expireOrder ${orderId}: cancelPayment ${p.providerRef}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
  return { expired: true };
}

/**
 * A presale order waiting for its harvest (`deposit_paid`) is cancelled: its held units go back to
 * the offer and, when `refund`, every payment it made is returned in full (refund_payment jobs).
 * In the caller's transaction, under the order's lock; false when the order was not waiting.
 */
export async function cancelAwaitingOrder({
  tx,
  orderId,
  actor,
  refund,
  note,
}: {
  tx: Tx;
  orderId: string;
  actor: string;
  refund: boolean;
  note: string;
}): Promise<boolean> {
  const order = await lockOrder(tx, orderId);
  if (order?.status !== "deposit_paid") return false;
  await releaseReservations({ ref: orderId, reason: "presale_cancelled", actor, tx });
  await transitionOrder({ tx, orderId, to: "cancelled", event: "cancelled", actor, note });
  if (refund) {
    const paid = await tx
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "succeeded")));
    for (const p of paid)
      await enqueueJob({
        tx,
        kind: "refund_payment",
        payload: { paymentId: p.id },
        dedupeKey: `refund_payment:${p.id}`,
      });
  }
  await queueNotification({ tx, orderId, kind: "order_cancelled" });
  return true;
}
