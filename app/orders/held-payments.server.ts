import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  orderEvents,
  orders,
  payments,
  type OrderRow,
  type OrderStatus,
  type PaymentRow,
} from "../../db/orders-schema";
import { holdUntilReleased, releaseReservations } from "../inventory/reservations.server";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Tx } from "../lib/db.server";
import { env } from "../lib/env.server";
import type { PaymentAuthorizedResult, PaymentOutcome } from "../payments/outcomes.server";
import { paymentProvider } from "../payments/provider.server";
import { channelPayments } from "./channel-payments.server";
import { queueNotification } from "./notifications.server";
import { lockOrder, markPaidInFull } from "./payment-flow.server";
import { recordOrderEvent, transitionOrder } from "./transitions.server";

/*
 * Payments held until a channel decides (a group-buy join: held when it joins, captured at the
 * settled price or voided when the deal settles). pending_payment → payment_held → paid (captured)
 * | cancelled (voided). A payment due with capture "charge" (a deal longer than a card hold lasts),
 * or paid with a method that cannot be held (Alipay, WeChat Pay), is taken at once: the order is
 * held all the same, capturing less refunds the difference and voiding refunds it all.
 *
 * Capture and void reach the provider exactly once per order however often, or however many at
 * once, they are run: under the order's lock a run claims the call (a `capture_requested` /
 * `void_requested` order event) before it makes it, and a run that finds a fresh claim answers
 * `in_progress` without calling. A claim whose run died lapses after its lease, and the next run
 * calls again with the same idempotency key (`capture:<orderId>` / `void:<orderId>`), which the
 * provider answers with its first answer and no second effect.
 */

/** Longer than a provider call with its retries (Stripe: 20 s timeout, 2 retries): 2 minutes unless set. */
const claimLease = () => `${env.HOLD_CLAIM_LEASE_SECONDS} seconds`;
const CLAIM_EVENTS = ["capture_requested", "void_requested"];
const CLAIM_ENDS = ["capture_failed", "void_failed", "hold_call_failed"];
/** Bookkeeping of the provider calls: the admin history shows them, the shopper's page does not. */
export const HOLD_CALL_EVENTS: ReadonlySet<string> = new Set([...CLAIM_EVENTS, ...CLAIM_ENDS]);
const PAST_CAPTURE = new Set<OrderStatus>([
  "paid",
  "fulfilling",
  "shipped",
  "delivered",
  "refunded",
]);

/**
 * The provider says a payment with a `capture` mode went through (the authorized outcome). Under
 * the order's lock, idempotent: the payment is `authorized` (or, taken at once, `succeeded` with
 * captured_fen = all of it), the order `payment_held`, its stock held with no deadline (sold only
 * at capture) and the channel told. An order that had closed meanwhile, or was already held by
 * another attempt, gets this money back (a void_payment or refund_payment job).
 */
export async function recordPaymentAuthorized({
  provider,
  providerRef,
  providerPaymentRef,
  amountFen,
  held,
  actor,
}: PaymentOutcome<"authorized">): Promise<PaymentAuthorizedResult> {
  const [found] = await db()
    .select({ id: payments.id, orderId: payments.orderId })
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, providerRef)));
  if (!found) return { ok: false, error: "unknown_payment" };

  return db().transaction(async (tx) => {
    const order = (await lockOrder(tx, found.orderId))!;
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.id, found.id))
      .for("update");
    if (payment!.amountFen !== amountFen) return { ok: false, error: "amount_mismatch" } as const;
    if (
      payment!.status !== "pending" &&
      payment!.status !== "failed" &&
      payment!.status !== "cancelled"
    )
      return { ok: true, orderId: order.id, changed: false, outcome: "already_held" } as const;

    const now = new Date();
    await tx
      .update(payments)
      .set({
        status: held ? "authorized" : "succeeded",
        capturedFen: held ? null : amountFen,
        providerPaymentRef: providerPaymentRef ?? payment!.providerPaymentRef,
        failureCode: null,
        updatedAt: now,
      })
      .where(eq(payments.id, payment!.id));

    if (payment!.purpose === "authorization" && order.status === "pending_payment") {
      // Sold only at capture; until the channel decides, the units stay held with no deadline.
      await holdUntilReleased({ ref: order.id, tx });
      await tx.update(orders).set({ reservedUntil: null }).where(eq(orders.id, order.id));
      await transitionOrder({
        tx,
        orderId: order.id,
        to: "payment_held",
        event: "payment_held",
        actor,
        amountFen,
        // The payment id first: holdingPayment reads which attempt the order rests on from here.
        note: `${payment!.id} ${held ? "held" : "taken at once (the method cannot be held)"}`,
      });
      const channel = await channelPayments(order.channel);
      await channel?.paymentHeld?.(tx, { order, paymentId: payment!.id, held, actor });
      return { ok: true, orderId: order.id, changed: true, outcome: "held" } as const;
    }
    // Expired or cancelled before the hold came, or held already by another attempt.
    await recordOrderEvent({
      tx,
      orderId: order.id,
      status: order.status,
      event: "late_payment",
      actor,
      amountFen,
      note: `${payment!.id} ${held ? "held" : "taken"} after the order was ${order.status}; releasing it`,
    });
    await enqueueJob(
      held
        ? {
            tx,
            kind: "void_payment",
            payload: { paymentId: payment!.id },
            dedupeKey: `void_payment:${payment!.id}`,
          }
        : {
            tx,
            kind: "refund_payment",
            payload: { paymentId: payment!.id },
            dedupeKey: `refund_payment:${payment!.id}`,
          },
    );
    return { ok: true, orderId: order.id, changed: true, outcome: "released" } as const;
  });
}

/** The attempt a held order rests on: the one its `payment_held` event names. */
async function holdingPayment(tx: Tx, orderId: string): Promise<PaymentRow | undefined> {
  const [event] = await tx
    .select({ note: orderEvents.note })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, "payment_held")))
    .orderBy(desc(orderEvents.id))
    .limit(1);
  const paymentId = event?.note.split(" ")[0];
  if (!paymentId) return undefined;
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orderId, orderId)))
    .for("update");
  return payment;
}

/** Whether another run holds a live claim on this order's provider call. */
async function claimed(tx: Tx, orderId: string): Promise<boolean> {
  const [last] = await tx
    .select({
      event: orderEvents.event,
      fresh: sql<boolean>`${orderEvents.createdAt} > now() - ${claimLease()}::interval`,
    })
    .from(orderEvents)
    .where(
      and(
        eq(orderEvents.orderId, orderId),
        inArray(orderEvents.event, [...CLAIM_EVENTS, ...CLAIM_ENDS]),
      ),
    )
    .orderBy(desc(orderEvents.id))
    .limit(1);
  return Boolean(last && CLAIM_EVENTS.includes(last.event) && last.fresh);
}

/** A provider call that threw: its claim ends now, so the job's retry calls again (same key). */
async function endClaim(orderId: string, what: string, error: unknown): Promise<void> {
  await db()
    .transaction(async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (!order) return;
      await recordOrderEvent({
        tx,
        orderId,
        status: order.status,
        event: "hold_call_failed",
        actor: "system",
        note: `${what}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300),
      });
    })
    // Best effort: if this cannot be written either, the claim lapses with its lease.
    .catch(() => undefined);
}

/** The provider's answer to the call this run claimed; if the call throws, its claim ends first. */
async function callClaimed<T>(
  orderId: string,
  what: "capture" | "void",
  call: () => Promise<T>,
): Promise<T> {
  return call().catch(async (error: unknown) => {
    await endClaim(orderId, what, error);
    throw error;
  });
}

/** The provider refused a capture or void: said on the order (`capture_failed` / `void_failed`), which also ends the claim. */
async function recordRefusal(
  tx: Tx,
  a: {
    order: OrderRow;
    what: "capture" | "void";
    actor: string;
    message: string;
    amountFen?: number;
  },
): Promise<void> {
  await recordOrderEvent({
    tx,
    orderId: a.order.id,
    status: a.order.status,
    event: `${a.what}_failed`,
    actor: a.actor,
    amountFen: a.amountFen,
    note: a.message.slice(0, 300),
  });
}

export type CaptureHeldOutcome =
  | { status: "captured"; paymentId: string; capturedFen: number; changed: boolean }
  /** Another run is capturing or voiding this order now (retry later). */
  | { status: "in_progress" }
  /** Nothing is held: the order is not `payment_held` (pending, cancelled…) or unknown. */
  | { status: "not_held"; orderStatus: OrderStatus | null }
  | { status: "invalid"; message: string }
  /** The provider would not capture (the hold was voided or lapsed): nothing changed. */
  | { status: "failed"; paymentId: string; message: string };

/**
 * Captures `amountFen` (at most what was held) of a held order's payment, then the order goes
 * the way of any paid order (markPaidInFull: stock sold, order paid, confirmation and, unless
 * `shipments` is false, its shipments queued). Exactly once (see the top of this file); a run
 * after the capture answers `captured` with `changed: false`. A payment taken at once keeps
 * `amountFen` and the difference is refunded (a refund_payment job). The channel reprices the
 * order first: what is captured is the order's new total. Network faults throw (retry the job).
 */
export async function captureHeldPayment({
  orderId,
  amountFen,
  actor,
  shipments = true,
  notice,
}: {
  orderId: string;
  amountFen: number;
  actor: string;
  shipments?: boolean;
  /** The channel's own message to the shopper instead of the order confirmation (in the capture's transaction). */
  notice?: (tx: Tx, orderId: string) => Promise<void>;
}): Promise<CaptureHeldOutcome> {
  const provider = paymentProvider();
  const prepared = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const payment = order ? await holdingPayment(tx, orderId) : undefined;
    if (!order || !payment)
      return { status: "not_held", orderStatus: order?.status ?? null } as const;
    if (PAST_CAPTURE.has(order.status) && payment.status === "succeeded")
      return {
        status: "captured",
        paymentId: payment.id,
        capturedFen: payment.capturedFen ?? payment.amountFen,
        changed: false,
      } as const;
    if (order.status !== "payment_held" || payment.status === "voided")
      return { status: "not_held", orderStatus: order.status } as const;
    if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > payment.amountFen)
      return {
        status: "invalid",
        message: `cannot capture ${amountFen} fen of a ${payment.amountFen} fen hold`,
      } as const;
    if (payment.status === "succeeded") {
      // Taken at once: nothing to ask the provider now; the difference goes back as a refund.
      await settleCapture(tx, {
        order,
        payment,
        capturedFen: amountFen,
        actor,
        shipments,
        notice,
      });
      return {
        status: "captured",
        paymentId: payment.id,
        capturedFen: amountFen,
        changed: true,
      } as const;
    }
    if (await claimed(tx, orderId)) return { status: "in_progress" } as const;
    await recordOrderEvent({
      tx,
      orderId,
      status: order.status,
      event: "capture_requested",
      actor,
      amountFen,
      note: payment.id,
    });
    return { status: "call", payment } as const;
  });
  if (prepared.status !== "call") return prepared;

  const { payment } = prepared;
  const answer = await callClaimed(orderId, "capture", () =>
    provider.capture({
      providerRef: payment.providerRef ?? "",
      providerPaymentRef: payment.providerPaymentRef,
      amountFen,
      idempotencyKey: `capture:${orderId}`,
    }),
  );
  return db().transaction(async (tx) => {
    const order = (await lockOrder(tx, orderId))!;
    if (answer.status === "failed") {
      await recordRefusal(tx, {
        order,
        what: "capture",
        actor,
        amountFen,
        message: answer.message,
      });
      return { status: "failed", paymentId: payment.id, message: answer.message } as const;
    }
    const [current] = await tx
      .select()
      .from(payments)
      .where(eq(payments.id, payment.id))
      .for("update");
    const changed = order.status === "payment_held" && current!.status === "authorized";
    if (changed)
      await settleCapture(tx, {
        order,
        payment: current!,
        capturedFen: answer.capturedFen,
        actor,
        shipments,
        notice,
      });
    return {
      status: "captured",
      paymentId: payment.id,
      capturedFen: answer.capturedFen,
      changed,
    } as const;
  });
}

/** Records the capture and pays the order (under its lock); money taken above it is refunded. */
async function settleCapture(
  tx: Tx,
  a: {
    order: OrderRow;
    payment: PaymentRow;
    capturedFen: number;
    actor: string;
    shipments: boolean;
    notice?: (tx: Tx, orderId: string) => Promise<void>;
  },
): Promise<void> {
  const { order, payment, capturedFen, actor, shipments, notice } = a;
  await tx
    .update(payments)
    .set({ status: "succeeded", capturedFen, updatedAt: new Date() })
    .where(eq(payments.id, payment.id));
  const paid = await markPaidInFull({
    tx,
    orderId: order.id,
    actor,
    amountFen: capturedFen,
    shipments,
    notice,
  });
  // Held with no deadline since the hold came, so only a bug (or a hand) released them.
  if (!paid.ok)
    throw new Error(`captureHeldPayment ${order.id}: held units of ${paid.variantId} are gone`);
  if (payment.status === "succeeded" && capturedFen < payment.amountFen)
    await enqueueJob({
      tx,
      kind: "refund_payment",
      payload: { paymentId: payment.id, overpaidFen: payment.amountFen - capturedFen },
      dedupeKey: `refund_payment:${payment.id}:over`,
    });
}

export type VoidHeldOutcome =
  | { status: "voided"; paymentId: string; changed: boolean; refunded: boolean }
  | { status: "in_progress" }
  | { status: "not_held"; orderStatus: OrderStatus | null }
  /** The provider would not release it (it had been captured): nothing changed. */
  | { status: "failed"; paymentId: string; message: string };

/**
 * Releases a held order's payment and cancels the order: its held stock goes back, the shopper is
 * told. Exactly once, like captureHeldPayment (key `void:<orderId>`); a run after it answers
 * `voided` with `changed: false`. A payment taken at once is refunded in full instead (a
 * refund_payment job, `refunded: true`).
 */
export async function voidHeldPayment({
  orderId,
  actor,
  note,
  notice,
}: {
  orderId: string;
  actor: string;
  note: string;
  /** The channel's own message to the shopper instead of the plain order_cancelled one (in the cancel's transaction). */
  notice?: (tx: Tx, orderId: string) => Promise<void>;
}): Promise<VoidHeldOutcome> {
  const provider = paymentProvider();
  const prepared = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const payment = order ? await holdingPayment(tx, orderId) : undefined;
    if (!order || !payment)
      return { status: "not_held", orderStatus: order?.status ?? null } as const;
    if (order.status === "cancelled")
      return {
        status: "voided",
        paymentId: payment.id,
        changed: false,
        refunded: payment.status === "succeeded",
      } as const;
    if (order.status !== "payment_held")
      return { status: "not_held", orderStatus: order.status } as const;
    if (payment.status === "succeeded") {
      await cancelHeldOrder(tx, { order, paymentId: payment.id, actor, note, notice });
      await enqueueJob({
        tx,
        kind: "refund_payment",
        payload: { paymentId: payment.id },
        dedupeKey: `refund_payment:${payment.id}`,
      });
      return { status: "voided", paymentId: payment.id, changed: true, refunded: true } as const;
    }
    if (payment.status === "voided") {
      // Released at the provider already (it lapsed, reported by its webhook): only the order is left.
      await cancelHeldOrder(tx, { order, paymentId: payment.id, actor, note, notice });
      return { status: "voided", paymentId: payment.id, changed: true, refunded: false } as const;
    }
    if (await claimed(tx, orderId)) return { status: "in_progress" } as const;
    await recordOrderEvent({
      tx,
      orderId,
      status: order.status,
      event: "void_requested",
      actor,
      note: payment.id,
    });
    return { status: "call", payment } as const;
  });
  if (prepared.status !== "call") return prepared;

  const { payment } = prepared;
  const answer = await callClaimed(orderId, "void", () =>
    provider.voidHold({
      providerRef: payment.providerRef ?? "",
      providerPaymentRef: payment.providerPaymentRef,
      idempotencyKey: `void:${orderId}`,
    }),
  );
  return db().transaction(async (tx) => {
    const order = (await lockOrder(tx, orderId))!;
    if (answer.status === "failed") {
      await recordRefusal(tx, { order, what: "void", actor, message: answer.message });
      return { status: "failed", paymentId: payment.id, message: answer.message } as const;
    }
    await markVoided(tx, payment.id);
    const changed = order.status === "payment_held";
    if (changed) await cancelHeldOrder(tx, { order, paymentId: payment.id, actor, note, notice });
    return { status: "voided", paymentId: payment.id, changed, refunded: false } as const;
  });
}

async function markVoided(tx: Tx, paymentId: string): Promise<boolean> {
  const moved = await tx
    .update(payments)
    .set({ status: "voided", updatedAt: new Date() })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "authorized")))
    .returning({ id: payments.id });
  return moved.length > 0;
}

/** A held order whose hold is gone: cancelled, its stock back on sale, the shopper told. */
async function cancelHeldOrder(
  tx: Tx,
  a: {
    order: OrderRow;
    paymentId: string;
    actor: string;
    note: string;
    notice?: (tx: Tx, orderId: string) => Promise<void>;
  },
): Promise<void> {
  await releaseReservations({ ref: a.order.id, reason: "payment hold voided", actor: a.actor, tx });
  await transitionOrder({
    tx,
    orderId: a.order.id,
    to: "cancelled",
    event: "cancelled",
    actor: a.actor,
    note: `${a.note}`.slice(0, 500),
  });
  if (a.notice) await a.notice(tx, a.order.id);
  else await queueNotification({ tx, orderId: a.order.id, kind: "order_cancelled" });
}

/**
 * The provider ended a hold we did not void (the authorization lapsed, or it was cancelled in the
 * dashboard): the payment is voided and, if the order rested on it, the order is cancelled, its
 * stock released and the channel told (holdLapsed). A hold we voided ourselves changes nothing.
 */
export async function recordHoldVoided({
  provider,
  providerPaymentRef,
  actor,
}: PaymentOutcome<"voided">): Promise<{ ok: boolean; orderId?: string; changed: boolean }> {
  const [found] = await db()
    .select({ id: payments.id, orderId: payments.orderId })
    .from(payments)
    .where(
      and(eq(payments.provider, provider), eq(payments.providerPaymentRef, providerPaymentRef)),
    )
    .limit(1);
  if (!found) return { ok: false, changed: false };
  return db().transaction(async (tx) => {
    const order = (await lockOrder(tx, found.orderId))!;
    if (!(await markVoided(tx, found.id))) return { ok: true, orderId: order.id, changed: false };
    const holding = await holdingPayment(tx, order.id);
    if (order.status === "payment_held" && holding?.id === found.id) {
      await cancelHeldOrder(tx, {
        order,
        paymentId: found.id,
        actor,
        note: "the payment hold lapsed at the provider",
      });
      const channel = await channelPayments(order.channel);
      await channel?.holdLapsed?.(tx, { order, paymentId: found.id, actor });
    } else {
      await recordOrderEvent({
        tx,
        orderId: order.id,
        status: order.status,
        event: "hold_released",
        actor,
        note: `${found.id} released at the provider`,
      });
    }
    return { ok: true, orderId: order.id, changed: true };
  });
}

/**
 * The void_payment job: releases a hold that bought nothing (it came after its order had closed,
 * or another attempt already held the order). Key `void:<paymentId>`: a retry is one release.
 */
export async function voidLateHold({
  paymentId,
}: {
  paymentId: string;
}): Promise<{ voided: boolean }> {
  const [payment] = await db().select().from(payments).where(eq(payments.id, paymentId));
  if (payment?.status !== "authorized") return { voided: false };
  const held = await db().transaction(async (tx) => {
    await lockOrder(tx, payment.orderId);
    return (await holdingPayment(tx, payment.orderId))?.id === paymentId;
  });
  // The hold its order rests on is the channel's to capture or void, never this job's.
  if (held) return { voided: false };
  const answer = await paymentProvider().voidHold({
    providerRef: payment.providerRef ?? "",
    providerPaymentRef: payment.providerPaymentRef,
    idempotencyKey: `void:${paymentId}`,
  });
  if (answer.status === "failed")
    throw new Error(`void of ${paymentId} refused: ${answer.message}`);
  await db().transaction(async (tx) => {
    const order = (await lockOrder(tx, payment.orderId))!;
    if (!(await markVoided(tx, paymentId))) return;
    await recordOrderEvent({
      tx,
      orderId: order.id,
      status: order.status,
      event: "hold_released",
      actor: "job:void_payment",
      amountFen: payment.amountFen,
      note: `${paymentId} released: it bought nothing`,
    });
  });
  return { voided: true };
}
