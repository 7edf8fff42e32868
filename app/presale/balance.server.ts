import { and, eq, inArray } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { presaleOrders, presaleTerms } from "../../db/presale-schema";
import { db, type Tx } from "../lib/db.server";
import { mailOrigin } from "../lib/origin.server";
import { queueNotification } from "../orders/notifications.server";
import { chargeSavedMethod } from "../orders/off-session.server";
import { cancelAwaitingOrder, markPaidInFull } from "../orders/payment-flow.server";
import { reviseOrderLines } from "../orders/revise.server";
import { enqueueJob } from "../jobs/queue.server";
import { deadlineText } from "./facts.server";
import { enqueueDeadline, returnToRelease } from "./release.server";

/*
 * An allocated order pays its balance: charged off-session to the method its deposit saved,
 * exactly once (chargeSavedMethod's one payment row and idempotency key). A success is a paid
 * order like any other (its shipments follow). Authentication or a decline sends the shopper a pay
 * link with a deadline; past it, the packs go back to the release for the next in line and the
 * deposit follows the presale's policy (refunded, or kept).
 */

/**
 * The order's row, then its presale row, locked: the order first, as a payment report locks it
 * before it touches the presale row, so the two never wait on each other.
 */
export async function lockPresale(tx: Tx, orderId: string) {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for("update");
  const [p] = await tx
    .select()
    .from(presaleOrders)
    .where(eq(presaleOrders.orderId, orderId))
    .for("update");
  return p;
}

/** One allocated order's balance (the presale_charge_balance job, and each of a presale_charge_balances batch). */
export async function chargeBalance(
  orderId: string,
  {
    now = new Date(),
    row,
  }: {
    now?: Date;
    /** Its presale row as its batch read it: a first look, as the read here is (all is checked again under the order's lock). */
    row?: typeof presaleOrders.$inferSelect;
  } = {},
): Promise<"paid" | "action_needed" | "skipped"> {
  const [p] = row
    ? [row]
    : await db().select().from(presaleOrders).where(eq(presaleOrders.orderId, orderId));
  if (p?.state !== "allocated") return "skipped";
  if (p.balanceFen === 0) {
    // Paid in full up front: nothing to charge, the order goes ahead now.
    return db().transaction(async (tx) => {
      const locked = await lockPresale(tx, orderId);
      if (locked?.state !== "allocated") return "skipped";
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
      if (order?.status !== "deposit_paid") return "skipped";
      const done = await markPaidInFull({ tx, orderId, actor: "job:presale_charge_balance" });
      if (!done.ok) throw new Error(`presale ${orderId}: held units missing`);
      await tx
        .update(presaleOrders)
        .set({ state: "paid", updatedAt: now })
        .where(eq(presaleOrders.orderId, orderId));
      return "paid";
    });
  }
  const charged = await chargeSavedMethod({
    orderId,
    amountFen: p.balanceFen,
    description: `balance ${orderId}`,
    actor: "job:presale_charge_balance",
  });
  if (charged.status === "succeeded") return "paid";
  if (charged.status === "not_due") return "skipped";
  // Authentication, a decline, or no saved method (a wallet that cannot be saved): a pay link.
  return db().transaction(async (tx) => {
    const locked = await lockPresale(tx, orderId);
    if (locked?.state !== "allocated") return "skipped";
    const [terms] = await tx
      .select({ hours: presaleTerms.deadlineHours })
      .from(presaleTerms)
      .where(eq(presaleTerms.offerId, locked.offerId));
    const deadlineAt = new Date(now.getTime() + terms!.hours * 3_600_000);
    await tx
      .update(presaleOrders)
      .set({ state: "action_needed", deadlineAt, updatedAt: now })
      .where(eq(presaleOrders.orderId, orderId));
    await queueNotification({
      tx,
      orderId,
      kind: "presale_action_needed",
      presale: {
        depositFen: locked.depositFen,
        balanceFen: locked.balanceFen,
        when: deadlineText(deadlineAt),
        actionLink: `${mailOrigin()}/orders/${orderId}`,
      },
    });
    await enqueueDeadline(tx, orderId, deadlineAt);
    return "action_needed";
  });
}

/**
 * The presale_charge_balances job: the balances of one batch of a release's allocated orders, in
 * queue order, each through chargeBalance (its own provider call under its own key, its own small
 * transactions), so a retry or a crash part-way redoes nothing that was done. One order's error
 * does not stop the others; the job then fails and its retry charges only what is still owed.
 * Past half its lease it hands the rest to a follow-up job, so a batch never outlives its lease
 * (another worker would take it while it still runs).
 */
export async function chargeBalances(
  { releaseId, orderIds }: { releaseId: string; orderIds: string[] },
  { jobId, lockedUntil }: { jobId?: number; lockedUntil?: Date | null } = {},
): Promise<{ paid: number; actionNeeded: number; skipped: number; handedOn: number }> {
  const started = Date.now();
  const handOffAt = lockedUntil ? started + (lockedUntil.getTime() - started) / 2 : Infinity;
  const tally = { paid: 0, actionNeeded: 0, skipped: 0, handedOn: 0 };
  const errors: string[] = [];
  const rows = new Map(
    (await db().select().from(presaleOrders).where(inArray(presaleOrders.orderId, orderIds))).map(
      (r) => [r.orderId, r],
    ),
  );
  for (const [i, orderId] of orderIds.entries()) {
    if (i > 0 && Date.now() >= handOffAt) {
      const rest = orderIds.slice(i);
      await enqueueJob({
        kind: "presale_charge_balances",
        payload: { releaseId, orderIds: rest },
        // A retry of this job after the hand-off queues nothing twice.
        dedupeKey: jobId ? `presale_charge_balances:after:${jobId}` : undefined,
      });
      tally.handedOn = rest.length;
      break;
    }
    try {
      const outcome = await chargeBalance(orderId, { row: rows.get(orderId) });
      if (outcome === "paid") tally.paid++;
      else if (outcome === "action_needed") tally.actionNeeded++;
      else tally.skipped++;
    } catch (error) {
      errors.push(`${orderId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length)
    throw new Error(
      `${errors.length} balance charge(s) failed: ${errors.join("; ").slice(0, 1500)}`,
    );
  return tally;
}

/**
 * The presale_deadline job: a pay link or a choice whose deadline passed. An unpaid balance
 * lapses (packs back to the release, the deposit per the policy); an unanswered short-harvest
 * choice takes the presale's default. Anything already settled is left alone.
 */
export async function passDeadline(
  orderId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<"lapsed" | "waiting" | "cancelled" | "skipped"> {
  return db().transaction(async (tx) => {
    const p = await lockPresale(tx, orderId);
    if (!p?.deadlineAt || p.deadlineAt.getTime() > now.getTime()) return "skipped";
    const [terms] = await tx.select().from(presaleTerms).where(eq(presaleTerms.offerId, p.offerId));
    if (p.state === "action_needed") {
      const cancelled = await cancelAwaitingOrder({
        tx,
        orderId,
        actor: "job:presale_deadline",
        refund: terms!.lapseDeposit === "refund",
        note: "the balance was not paid by its deadline",
      });
      await tx
        .update(presaleOrders)
        .set({ state: "lapsed", deadlineAt: null, updatedAt: now })
        .where(eq(presaleOrders.orderId, orderId));
      if (cancelled && p.releaseId)
        await returnToRelease(tx, p.releaseId, p.allocatedQuantity, now);
      return "lapsed";
    }
    if (p.state === "short" || p.state === "offered") {
      const choice = terms!.shortDefault;
      return (await applyChoiceLocked(tx, p, choice, "job:presale_deadline", now)) === "cancel"
        ? "cancelled"
        : "waiting";
    }
    return "skipped";
  });
}

export type PresaleChoice = "partial" | "wait" | "cancel";

/**
 * A short or offered order's choice (the shopper's, or the default): take the packs offered now,
 * back in line for the next batch, or cancelled with everything refunded. "partial" only answers
 * an offer. Returns what was done, or null when the choice does not apply to the order's state.
 */
export async function applyChoiceLocked(
  tx: Tx,
  p: typeof presaleOrders.$inferSelect,
  choice: PresaleChoice,
  actor: string,
  now: Date,
): Promise<PresaleChoice | null> {
  const asked = and(eq(presaleOrders.orderId, p.orderId), eq(presaleOrders.state, p.state));
  const offered = p.state === "offered" && p.releaseId ? p.releaseId : null;
  if (choice === "partial") {
    if (!offered) return null;
    await takeOffered(tx, p, offered, actor, now);
    return "partial";
  }
  if (choice === "cancel") {
    await cancelAwaitingOrder({
      tx,
      orderId: p.orderId,
      actor,
      refund: true,
      note: "short harvest: cancelled with a full refund",
    });
    await tx
      .update(presaleOrders)
      .set({
        state: "cancelled",
        choice,
        deadlineAt: null,
        releaseId: offered ? null : p.releaseId,
        allocatedQuantity: 0,
        updatedAt: now,
      })
      .where(asked);
    if (offered) await returnToRelease(tx, offered, p.allocatedQuantity, now);
    return "cancel";
  }
  // Waiting keeps its place in line; packs it was offered pass to the next in line.
  await tx
    .update(presaleOrders)
    .set({
      state: "waiting",
      choice,
      deadlineAt: null,
      ...(offered ? { releaseId: null, allocatedQuantity: 0, passedReleaseId: offered } : {}),
      updatedAt: now,
    })
    .where(asked);
  if (offered) await returnToRelease(tx, offered, p.allocatedQuantity, now);
  return "wait";
}

/**
 * The order takes the packs it was offered: it becomes an order for those packs (shipping quoted
 * again, the rest of its hold back to the presale), its balance is what the smaller order still
 * owes, and it is charged like any allocated order. A deposit that paid more than the smaller
 * order costs (a full-price presale) gets the difference back.
 */
async function takeOffered(
  tx: Tx,
  p: typeof presaleOrders.$inferSelect,
  releaseId: string,
  actor: string,
  now: Date,
) {
  const revised = await reviseOrderLines({
    tx,
    orderId: p.orderId,
    lines: [{ lineNo: 1, quantity: p.allocatedQuantity }],
    actor,
    note: `short harvest: ${p.allocatedQuantity} of ${p.quantity} packs taken now, the rest cancelled`,
  });
  if (!revised.ok)
    throw new Error(`presale ${p.orderId}: revising to the offered packs: ${revised.error}`);
  const overpaid = Math.max(0, p.depositFen - revised.totalFen);
  await tx
    .update(presaleOrders)
    .set({
      state: "allocated",
      choice: "partial",
      quantity: p.allocatedQuantity,
      balanceFen: revised.totalFen - p.depositFen + overpaid,
      releaseId,
      deadlineAt: null,
      updatedAt: now,
    })
    .where(and(eq(presaleOrders.orderId, p.orderId), eq(presaleOrders.state, "offered")));
  if (overpaid > 0 && p.depositPaymentId)
    await enqueueJob({
      tx,
      kind: "refund_payment",
      payload: { paymentId: p.depositPaymentId, overpaidFen: overpaid },
      dedupeKey: `refund_payment:${p.depositPaymentId}:over`,
    });
  await enqueueJob({
    tx,
    kind: "presale_charge_balance",
    payload: { orderId: p.orderId },
    dedupeKey: `presale_charge_balance:${p.orderId}`,
  });
}
