import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import {
  orderLines,
  orderParts,
  orders,
  payments,
  refunds,
  type OrderRow,
  type PaymentProviderName,
  type PaymentRow,
} from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import { restockReservations } from "../inventory/reservations.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import type { PaymentOutcome } from "../payments/outcomes.server";
import { paymentProvider } from "../payments/provider.server";
import { queueNotification } from "./notifications.server";
import { refundableFen } from "./payout";
import { recordOrderEvent, transitionOrder } from "./transitions.server";

/**
 * Money going back. The amount is claimed first, in a transaction under the order's row lock
 * (part.refunded_fen and order.refunded_fen raised, a `pending` refund row), then the provider is
 * called with the refund id as idempotency key, then the outcome is recorded. Two refunds at once
 * queue on the lock and the CHECK constraints cap the sums, so together they never pass the
 * total; a provider failure gives the claimed amount back.
 */

type Failure<E extends string> = { ok: false; error: E; message: string };

async function lockOrder(tx: Tx, orderId: string) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return order;
}

/**
 * Every payment that paid for the order, which refunds draw on: the first to succeed, and for a
 * presale also its balance (paid later, apart from the deposit). The balance comes first, so a
 * refund takes back the latest money before the deposit. A later attempt that also went through
 * is given back whole by the refund_payment job, so a part's refund never draws on it.
 */
async function payingPayments(tx: Executor, orderId: string): Promise<PaymentRow[]> {
  const paid = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, "succeeded")))
    .orderBy(asc(payments.updatedAt), asc(payments.createdAt));
  const first = paid[0];
  if (!first) return [];
  const balance =
    first.purpose === "deposit" ? paid.find((p) => p.purpose === "balance") : undefined;
  return balance ? [balance, first] : [first];
}

/** What each paying payment can still give back, in the order refunds draw on them. */
async function refundSources(tx: Executor, orderId: string) {
  const sources: { payment: PaymentRow; fen: number }[] = [];
  for (const payment of await payingPayments(tx, orderId))
    sources.push({ payment, fen: await paymentRefundableFen(tx, payment) });
  return sources;
}

const sourcesFen = (sources: { fen: number }[]) => sources.reduce((sum, s) => sum + s.fen, 0);

/** The refund that gives back what a hold taken at once charged beyond its capture (refundPayment). */
const overpaidRefundId = (paymentId: string) => `rfd_${paymentId.replace(/^pay_/, "")}_over`;

/**
 * What the provider can still give back from this payment: what it captured (a hold's capture, or
 * the charge) less the refunds already drawn on it, failed ones aside. Refunds recorded before
 * refunds named their payment count against it too, so the answer is never more than the provider
 * would allow. A hold taken at once and captured for less carries `capturedFen` already net of the
 * refund that returns the excess, so that one is not subtracted twice.
 */
export async function paymentRefundableFen(
  tx: Executor,
  payment: Pick<PaymentRow, "id" | "orderId" | "amountFen" | "capturedFen">,
): Promise<number> {
  const [drawn] = await tx
    .select({ fen: sql<number>`coalesce(sum(${refunds.amountFen}), 0)`.mapWith(Number) })
    .from(refunds)
    .where(
      and(
        eq(refunds.orderId, payment.orderId),
        ne(refunds.status, "failed"),
        or(eq(refunds.paymentId, payment.id), isNull(refunds.paymentId)),
        ne(refunds.id, overpaidRefundId(payment.id)),
      ),
    );
  return Math.max(0, (payment.capturedFen ?? payment.amountFen) - (drawn?.fen ?? 0));
}

/**
 * The most a cooperative may refund of its part now: what is left of its items and shipping, and
 * no more than the order's payment can still give back at the provider (`paymentFen`, which
 * other cooperatives' refunds of the same order also draw on). 0 when nothing was paid.
 */
export async function partRefundLimitFen(
  tx: Executor,
  part: { orderId: string; itemsFen: number; shippingFen: number; refundedFen: number },
): Promise<{ limitFen: number; paymentFen: number }> {
  const paymentFen = sourcesFen(await refundSources(tx, part.orderId));
  return { limitFen: Math.min(refundableFen(part), paymentFen), paymentFen };
}

interface Claim {
  refundId: string;
  amountFen: number;
  payment: PaymentRow;
}

/** Calls the provider for a claimed refund and records the answer; on failure the claim is undone. */
async function settleClaim(
  order: Pick<OrderRow, "id">,
  cooperativeId: string,
  claim: Claim,
  actor: string,
  reason: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const answer = await paymentProvider()
    .refund({
      providerRef: claim.payment.providerRef ?? "",
      providerPaymentRef: claim.payment.providerPaymentRef,
      amountFen: claim.amountFen,
      idempotencyKey: claim.refundId,
      reason,
    })
    .catch((error: unknown) => ({
      ok: false as const,
      message: error instanceof Error ? error.message : String(error),
    }));

  await db().transaction(async (tx) => {
    const locked = (await lockOrder(tx, order.id))!;
    if (answer.ok) {
      await tx
        .update(refunds)
        .set({
          status: answer.status === "succeeded" ? "succeeded" : "pending",
          providerRef: answer.providerRef,
        })
        .where(eq(refunds.id, claim.refundId));
      // Whole only when every claim is settled: a concurrent claim may still fail and be given back.
      const [unsettled] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(refunds)
        .where(
          and(
            eq(refunds.orderId, order.id),
            eq(refunds.status, "pending"),
            isNull(refunds.providerRef),
          ),
        );
      const whole = locked.refundedFen === locked.totalFen && unsettled!.n === 0;
      const moved = whole
        ? await transitionOrder({
            tx,
            orderId: order.id,
            to: "refunded",
            event: "refund",
            actor,
            cooperativeId,
            amountFen: claim.amountFen,
            note: reason,
          })
        : { ok: false as const };
      if (!moved.ok) {
        await recordOrderEvent({
          tx,
          orderId: order.id,
          status: locked.status,
          event: whole ? "refund" : "partial_refund",
          actor,
          cooperativeId,
          amountFen: claim.amountFen,
          note: reason,
        });
      }
      if (whole) await queueNotification({ tx, orderId: order.id, kind: "order_refunded" });
    } else {
      await tx.update(refunds).set({ status: "failed" }).where(eq(refunds.id, claim.refundId));
      await tx
        .update(orderParts)
        .set({ refundedFen: sql`${orderParts.refundedFen} - ${claim.amountFen}` })
        .where(and(eq(orderParts.orderId, order.id), eq(orderParts.cooperativeId, cooperativeId)));
      await tx
        .update(orders)
        .set({
          refundedFen: sql`${orders.refundedFen} - ${claim.amountFen}`,
          updatedAt: new Date(),
        })
        .where(eq(orders.id, order.id));
      await recordOrderEvent({
        tx,
        orderId: order.id,
        status: locked.status,
        event: "refund_failed",
        actor,
        cooperativeId,
        amountFen: claim.amountFen,
        note: answer.message.slice(0, 300),
      });
    }
  });
  return answer.ok ? { ok: true } : { ok: false, message: answer.message };
}

/** Raises the part's and the order's refunded sums and writes the pending refund row (caller holds the order lock). */
async function claim(
  tx: Tx,
  a: {
    orderId: string;
    cooperativeId: string;
    amountFen: number;
    payment: PaymentRow;
    actor: string;
    reason: string;
    refundId?: string;
  },
): Promise<Claim> {
  const refundId = a.refundId ?? newId("rfd");
  await tx
    .update(orderParts)
    .set({ refundedFen: sql`${orderParts.refundedFen} + ${a.amountFen}` })
    .where(and(eq(orderParts.orderId, a.orderId), eq(orderParts.cooperativeId, a.cooperativeId)));
  await tx
    .update(orders)
    .set({ refundedFen: sql`${orders.refundedFen} + ${a.amountFen}`, updatedAt: new Date() })
    .where(eq(orders.id, a.orderId));
  await tx.insert(refunds).values({
    id: refundId,
    orderId: a.orderId,
    cooperativeId: a.cooperativeId,
    amountFen: a.amountFen,
    provider: a.payment.provider,
    paymentId: a.payment.id,
    reason: a.reason.slice(0, 500),
    actor: a.actor,
  });
  return { refundId, amountFen: a.amountFen, payment: a.payment };
}

/**
 * Claims `amountFen` on the order's paying payments in turn (a presale's balance, then its
 * deposit), one refund row each; the first takes `refundId` (the refund form's one-time key).
 */
async function claimAcross(
  tx: Tx,
  a: Omit<Parameters<typeof claim>[1], "payment"> & {
    sources: { payment: PaymentRow; fen: number }[];
  },
): Promise<Claim[]> {
  const claims: Claim[] = [];
  let left = a.amountFen;
  for (const source of a.sources) {
    const take = Math.min(left, source.fen);
    if (take <= 0) continue;
    // The first claim keeps the form's key; a second (the deposit after the balance) gets `_2`.
    const refundId = a.refundId && claims.length > 0 ? `${a.refundId}_2` : a.refundId;
    claims.push(
      await claim(tx, {
        ...a,
        amountFen: take,
        payment: source.payment,
        refundId,
      }),
    );
    left -= take;
  }
  return claims;
}

/** Settles claims one by one; the first provider refusal is the answer (the others stand). */
async function settleClaims(
  order: Pick<OrderRow, "id">,
  cooperativeId: string,
  claims: Claim[],
  actor: string,
  reason: string,
): Promise<{ ok: true; refundedFen: number } | { ok: false; message: string }> {
  let refundedFen = 0;
  let failure: string | undefined;
  for (const c of claims) {
    const settled = await settleClaim(order, cooperativeId, c, actor, reason);
    if (settled.ok) refundedFen += c.amountFen;
    else failure ??= settled.message;
  }
  return failure === undefined ? { ok: true, refundedFen } : { ok: false, message: failure };
}

// Only keys the refund form makes (rfk_…), so one can never collide with a job-made refund id.
const REQUEST_KEY = /^rfk_[A-Za-z0-9_-]{8,60}$/;

/** The refund a form with this one-time key already made for this part, if any. */
export async function refundByRequestKey({
  orderId,
  cooperativeId,
  requestKey,
}: {
  orderId: string;
  cooperativeId: string;
  requestKey: string;
}) {
  if (!REQUEST_KEY.test(requestKey)) return null;
  const [row] = await db()
    .select({ amountFen: refunds.amountFen, status: refunds.status })
    .from(refunds)
    .where(
      and(
        eq(refunds.id, `rfd_${requestKey}`),
        eq(refunds.orderId, orderId),
        eq(refunds.cooperativeId, cooperativeId),
      ),
    );
  return row ?? null;
}

const REFUNDABLE_STATUSES = ["paid", "fulfilling", "shipped", "delivered", "cancelled"] as const;

/**
 * A cooperative cancels its part before any of its parcels reached the carrier: its stock goes
 * back on sale, the part is closed and what the shopper paid for it (items and shipping, less any
 * earlier refund) is refunded. The order is cancelled once every part is.
 */
export async function cancelOrderPart({
  orderId,
  cooperativeId,
  actor,
  reason,
}: {
  orderId: string;
  cooperativeId: string;
  actor: string;
  reason: string;
}): Promise<
  | { ok: true; refundedFen: number }
  | Failure<"not_found" | "already_shipped" | "not_cancellable" | "provider">
> {
  const prepared = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const [part] = order
      ? await tx
          .select()
          .from(orderParts)
          .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)))
      : [];
    if (!order || !part)
      return { ok: false, error: "not_found", message: "orders.cancel.notFound" } as const;
    if (part.status === "cancelled" || (order.status !== "paid" && order.status !== "fulfilling")) {
      return {
        ok: false,
        error: "not_cancellable",
        message: "orders.cancel.notCancellable",
      } as const;
    }
    // Collected at a pickup point: once fulfilling, its packs are in the point's consolidated
    // parcels, which other shoppers' packs share; they cannot come back by cancelling this part.
    if (order.delivery === "pickup" && order.status === "fulfilling")
      return {
        ok: false,
        error: "already_shipped",
        message: "orders.cancel.alreadyShipped",
      } as const;
    // A parcel is handed over from its first tracking event on (status leaves `created`). The
    // parcels are locked, as a tracking event locks them, so a handover racing this cancel is
    // either seen here or waits and then finds the part cancelled.
    const parcels = await tx
      .select({ id: shipments.id, status: shipments.status })
      .from(shipments)
      .where(and(eq(shipments.orderId, orderId), eq(shipments.cooperativeId, cooperativeId)))
      .orderBy(asc(shipments.trackingNumber))
      .for("update");
    if (parcels.some((p) => p.status !== "created"))
      return {
        ok: false,
        error: "already_shipped",
        message: "orders.cancel.alreadyShipped",
      } as const;
    const sources = await refundSources(tx, orderId);
    if (sources.length === 0)
      return {
        ok: false,
        error: "not_cancellable",
        message: "orders.cancel.notCancellable",
      } as const;

    const variantIds = (
      await tx
        .select({ v: orderLines.variantId })
        .from(orderLines)
        .where(and(eq(orderLines.orderId, orderId), eq(orderLines.cooperativeId, cooperativeId)))
    ).map((r) => r.v);
    await restockReservations({
      ref: orderId,
      variantIds,
      reason: `part cancelled: ${reason}`.slice(0, 500),
      actor,
      tx,
    });
    await tx
      .update(orderParts)
      .set({ status: "cancelled" })
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)));
    // Everything left of the part, as far as its payments can still give it back at the provider.
    const amountFen = Math.min(refundableFen(part), sourcesFen(sources));
    const [open] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(orderParts)
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.status, "open")));
    const note = `${reason}`.slice(0, 500);
    if (open!.n === 0) {
      await transitionOrder({
        tx,
        orderId,
        to: "cancelled",
        event: "cancelled",
        actor,
        cooperativeId,
        amountFen,
        note,
      });
      await queueNotification({ tx, orderId, kind: "order_cancelled" });
    } else {
      await recordOrderEvent({
        tx,
        orderId,
        status: order.status,
        event: "part_cancelled",
        actor,
        cooperativeId,
        amountFen,
        note,
      });
    }
    const claims = await claimAcross(tx, {
      orderId,
      cooperativeId,
      amountFen,
      sources,
      actor,
      reason,
    });
    return { ok: true, claims } as const;
  });
  if (!prepared.ok) return prepared;
  const settled = await settleClaims(
    { id: orderId },
    cooperativeId,
    prepared.claims,
    actor,
    reason,
  );
  // The part stays cancelled and its stock back on sale; the refund can be retried with refundOrderPart.
  if (!settled.ok) return { ok: false, error: "provider", message: settled.message };
  return { ok: true, refundedFen: settled.refundedFen };
}

/** A full or partial refund of one cooperative's part: at most its items and shipping less what was refunded. */
export async function refundOrderPart({
  orderId,
  cooperativeId,
  amountFen,
  actor,
  reason,
  requestKey,
}: {
  orderId: string;
  cooperativeId: string;
  amountFen: number;
  actor: string;
  reason: string;
  /** The refund form's one-time key: a double click or a resubmitted form refunds once. */
  requestKey?: string;
}): Promise<
  | { ok: true; refundId: string; replayed?: boolean }
  | Failure<"not_found" | "too_much" | "not_refundable" | "provider" | "invalid">
> {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    return { ok: false, error: "invalid", message: "orders.refund.amount" };
  if (requestKey !== undefined && !REQUEST_KEY.test(requestKey))
    return { ok: false, error: "invalid", message: "orders.refund.amount" };
  const refundId = requestKey ? `rfd_${requestKey}` : undefined;
  const prepared = await db().transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    // Under the order lock, so of two submits with one key the second sees the first's row.
    const [earlier] = refundId
      ? await tx.select().from(refunds).where(eq(refunds.id, refundId))
      : [];
    if (earlier) {
      if (earlier.orderId !== orderId || earlier.cooperativeId !== cooperativeId)
        return { ok: false, error: "invalid", message: "orders.refund.amount" } as const;
      if (earlier.status === "failed")
        return { ok: false, error: "provider", message: "orders.refund.provider" } as const;
      return { ok: true, replayed: true } as const;
    }
    const [part] = order
      ? await tx
          .select()
          .from(orderParts)
          .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)))
      : [];
    if (!order || !part)
      return { ok: false, error: "not_found", message: "orders.refund.notFound" } as const;
    const sources = (REFUNDABLE_STATUSES as readonly string[]).includes(order.status)
      ? await refundSources(tx, orderId)
      : [];
    if (sources.length === 0)
      return {
        ok: false,
        error: "not_refundable",
        message: "orders.refund.notRefundable",
      } as const;
    // Read under the order lock, so a concurrent refund of this part has already added its amount.
    // Capped by the part's own money and by what its payments can still give back at the provider.
    if (amountFen > Math.min(refundableFen(part), sourcesFen(sources)))
      return { ok: false, error: "too_much", message: "orders.refund.tooMuch" } as const;
    const claims = await claimAcross(tx, {
      orderId,
      cooperativeId,
      amountFen,
      sources,
      actor,
      reason,
      refundId,
    });
    return { ok: true, claims } as const;
  });
  if (!prepared.ok) return prepared;
  if ("replayed" in prepared) return { ok: true, refundId: refundId!, replayed: true };
  const settled = await settleClaims(
    { id: orderId },
    cooperativeId,
    prepared.claims,
    actor,
    reason,
  );
  if (!settled.ok) return { ok: false, error: "provider", message: settled.message };
  return { ok: true, refundId: prepared.claims[0]!.refundId };
}

/**
 * The refund_payment job: gives back a whole payment that bought nothing (the stock was gone, the
 * order had expired, or another attempt had already paid). The refund id is derived from the
 * payment id, so a retried job finds its row and the provider its idempotency key.
 */
export async function refundPayment({
  paymentId,
  actor = "job:refund_payment",
  overpaidFen,
}: {
  paymentId: string;
  actor?: string;
  /**
   * Only this much of the payment goes back: what it paid beyond the order's revised total (a
   * presale order that took fewer packs than its full-price deposit paid for, a group-buy join
   * taken at once above the price it settled at). One such refund per payment.
   */
  overpaidFen?: number;
}): Promise<{ refunded: boolean }> {
  const refundId = overpaidFen
    ? overpaidRefundId(paymentId)
    : `rfd_${paymentId.replace(/^pay_/, "")}`;
  const prepared = await db().transaction(async (tx) => {
    const [found] = await tx.select().from(payments).where(eq(payments.id, paymentId));
    if (!found || found.status !== "succeeded") return null;
    if (overpaidFen !== undefined && !(overpaidFen > 0 && overpaidFen <= found.amountFen))
      throw new RangeError(`overpaidFen ${overpaidFen} of payment ${paymentId}`);
    const payment = { ...found, amountFen: overpaidFen ?? found.amountFen };
    const order = (await lockOrder(tx, payment.orderId))!;
    const [existing] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
    if (existing?.status === "succeeded") return null;
    if (!existing) {
      await tx.insert(refunds).values({
        id: refundId,
        orderId: order.id,
        amountFen: payment.amountFen,
        provider: payment.provider,
        paymentId: payment.id,
        reason: overpaidFen ? "paid beyond the revised order" : "payment that bought nothing",
        actor,
      });
    }
    return { payment, order };
  });
  if (!prepared) return { refunded: false };
  const { payment, order } = prepared;
  const answer = await paymentProvider().refund({
    providerRef: payment.providerRef ?? "",
    providerPaymentRef: payment.providerPaymentRef,
    amountFen: payment.amountFen,
    idempotencyKey: refundId,
    reason: "requested_by_customer",
  });
  // Thrown so the job retries with backoff; the idempotency key keeps the retries one refund.
  if (!answer.ok) throw new Error(`refund of ${paymentId} refused: ${answer.message}`);
  await db().transaction(async (tx) => {
    const locked = (await lockOrder(tx, order.id))!;
    const [row] = await tx
      .update(refunds)
      .set({
        status: answer.status === "succeeded" ? "succeeded" : "pending",
        providerRef: answer.providerRef,
      })
      .where(and(eq(refunds.id, refundId), ne(refunds.status, "succeeded")))
      .returning({ id: refunds.id });
    if (!row) return;
    // Only an order that never went ahead counts this money as its refund; a second payment of a
    // paid order is not a refund of that order.
    const counts =
      !overpaidFen &&
      locked.status === "cancelled" &&
      locked.refundedFen + payment.amountFen <= locked.totalFen;
    if (counts) {
      await tx
        .update(orders)
        .set({
          refundedFen: sql`${orders.refundedFen} + ${payment.amountFen}`,
          updatedAt: new Date(),
        })
        .where(eq(orders.id, order.id));
      // The shopper hears the money is on its way back (a cancelled presale's deposit, a late payment).
      await queueNotification({
        tx,
        orderId: order.id,
        kind: "order_refunded",
        dedupeKey: `order_refunded:${paymentId}`,
      });
    }
    await recordOrderEvent({
      tx,
      orderId: order.id,
      status: locked.status,
      event: "refund",
      actor,
      amountFen: payment.amountFen,
      note: overpaidFen
        ? `payment ${paymentId}: what it paid beyond the revised total returned`
        : `payment ${paymentId} returned in full`,
    });
  });
  return { refunded: true };
}

/**
 * The provider reports where one of our refunds stands (its webhook, in the webhook's transaction
 * `tx`). Events arrive out of order: a settled refund never moves back to pending, nor a failed one
 * anywhere. A refund that failed gives back what its claim counted as refunded, so that amount is
 * refundable again. A refund with no row here (made in the provider's dashboard) changes nothing.
 */
export async function recordRefundReported({
  provider,
  refundRef,
  status,
  actor,
  tx,
}: PaymentOutcome<"refunded">): Promise<{ updated: boolean }> {
  const [row] = await tx
    .select({ id: refunds.id, orderId: refunds.orderId })
    .from(refunds)
    .where(and(eq(refunds.provider, provider), eq(refunds.providerRef, refundRef)))
    .limit(1);
  if (!row) return { updated: false };
  // The order's lock first, as the refund code takes it, so the sums below move with nothing racing.
  const order = (await lockOrder(tx, row.orderId))!;
  const [current] = await tx.select().from(refunds).where(eq(refunds.id, row.id));
  if (
    !current ||
    current.status === "failed" ||
    current.status === status ||
    (status === "pending" && current.status !== "pending")
  )
    return { updated: false };
  await tx.update(refunds).set({ status }).where(eq(refunds.id, row.id));
  if (status === "failed" && current.cooperativeId) {
    await tx
      .update(orderParts)
      .set({ refundedFen: sql`${orderParts.refundedFen} - ${current.amountFen}` })
      .where(
        and(
          eq(orderParts.orderId, current.orderId),
          eq(orderParts.cooperativeId, current.cooperativeId),
        ),
      );
    await tx
      .update(orders)
      .set({
        refundedFen: sql`${orders.refundedFen} - ${current.amountFen}`,
        updatedAt: new Date(),
      })
      .where(eq(orders.id, current.orderId));
    await recordOrderEvent({
      tx,
      orderId: current.orderId,
      status: order.status,
      event: "refund_failed",
      actor,
      cooperativeId: current.cooperativeId,
      amountFen: current.amountFen,
      note: `${providerLabel(provider)} refund ${refundRef} failed`,
    });
  }
  return { updated: true };
}

const providerLabel = (p: PaymentProviderName) => (p === "stripe" ? "Stripe" : p);
