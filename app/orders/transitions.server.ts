import { eq, sql } from "drizzle-orm";
import { orderEvents, orders, type OrderStatus } from "../../db/orders-schema";
import type { Executor } from "../lib/db.server";
import { predecessorsOf } from "./state";

export interface OrderEventFields {
  tx: Executor;
  orderId: string;
  event: string;
  /** A user id, or `system`, `shopper`, `stripe`, `simulated`, `job:<kind>`. */
  actor: string;
  note?: string;
  cooperativeId?: string;
  amountFen?: number;
}

export type TransitionResult =
  { ok: true; from: OrderStatus } | { ok: false; current: OrderStatus | null };

/**
 * Moves an order to `to` if the state machine allows it from where the order is now, and records
 * the change, both in the caller's transaction. The move is one conditional UPDATE: the row lock
 * it takes makes a concurrent transition wait and then re-check the status, so of two racing
 * events only the first applies and the second (a redelivered webhook, a retried job) gets
 * `{ ok: false, current }` and writes nothing.
 */
export async function transitionOrder({
  tx,
  orderId,
  to,
  ...event
}: OrderEventFields & { to: OrderStatus }): Promise<TransitionResult> {
  const from = predecessorsOf(to);
  if (from.length > 0) {
    // The CTE's FOR UPDATE reads the latest committed status (after waiting for any concurrent
    // writer), so `old.status` is the status this update really moved the order from.
    const result = (await tx.execute(sql`
      with old as (select id, status from orders where id = ${orderId} for update)
      update orders set
        status = ${to},
        updated_at = now(),
        paid_at = ${to === "paid" ? sql`now()` : sql`orders.paid_at`},
        cancelled_at = ${to === "cancelled" ? sql`now()` : sql`orders.cancelled_at`}
      from old
      where orders.id = old.id
        and old.status in (${sql.join(
          from.map((s) => sql`${s}`),
          sql`, `,
        )})
      returning old.status as "from"
    `)) as unknown as { rows: Array<{ from: OrderStatus }> };
    const moved = result.rows[0];
    if (moved) {
      await insertEvent({ tx, orderId, fromStatus: moved.from, toStatus: to, ...event });
      return { ok: true, from: moved.from };
    }
  }
  const [row] = await tx
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, orderId));
  return { ok: false, current: row?.status ?? null };
}

/**
 * An event that does not change the status (submitted, payment_failed, a partial refund, …).
 * `from` defaults to the status itself; pass null for the order's first event.
 */
export async function recordOrderEvent({
  status,
  from,
  ...event
}: OrderEventFields & { status: OrderStatus; from?: OrderStatus | null }): Promise<void> {
  await insertEvent({ ...event, fromStatus: from === undefined ? status : from, toStatus: status });
}

async function insertEvent({
  tx,
  orderId,
  fromStatus,
  toStatus,
  event,
  actor,
  note = "",
  cooperativeId,
  amountFen,
}: OrderEventFields & { fromStatus: OrderStatus | null; toStatus: OrderStatus }): Promise<void> {
  await tx.insert(orderEvents).values({
    orderId,
    fromStatus,
    toStatus,
    event,
    actor,
    note,
    cooperativeId: cooperativeId ?? null,
    amountFen: amountFen ?? null,
  });
}
