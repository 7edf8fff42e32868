import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, notifications, orderEvents, orders } from "../../db/orders-schema";
import { enqueueJob } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { queueNotification } from "~/orders/notifications.server";
import { recordOrderEvent, transitionOrder } from "~/orders/transitions.server";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function pendingOrder() {
  const world = await createOrangesAndGrapes();
  return createOrder({
    status: "pending_payment",
    lines: [{ ...world.oranges, quantity: 2 }],
    mobile: "13912345678",
  });
}

const statusOf = async (id: string) =>
  (await db().select().from(orders).where(eq(orders.id, id)))[0]!;

describe("transitionOrder", () => {
  it("moves an order along the state machine, stamps paid_at and records who and when", async () => {
    const order = await pendingOrder();
    const result = await db().transaction((tx) =>
      transitionOrder({
        tx,
        orderId: order.id,
        to: "paid",
        event: "paid",
        actor: "simulated",
        amountFen: order.totalFen,
      }),
    );
    expect(result).toEqual({ ok: true, from: "pending_payment" });
    const row = await statusOf(order.id);
    expect(row.status).toBe("paid");
    expect(row.paidAt).toBeInstanceOf(Date);
    const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events).toMatchObject([
      {
        fromStatus: "pending_payment",
        toStatus: "paid",
        event: "paid",
        actor: "simulated",
        amountFen: order.totalFen,
      },
    ]);
  });

  it("refuses a transition the state machine does not allow, writes nothing and says where the order is", async () => {
    const order = await pendingOrder();
    const shipped = await db().transaction((tx) =>
      transitionOrder({ tx, orderId: order.id, to: "shipped", event: "x", actor: "system" }),
    );
    expect(shipped).toEqual({ ok: false, current: "pending_payment" });
    expect(await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toEqual(
      [],
    );
    const missing = await db().transaction((tx) =>
      transitionOrder({ tx, orderId: "ord_nope", to: "paid", event: "x", actor: "system" }),
    );
    expect(missing).toEqual({ ok: false, current: null });
  });

  it("applies the same event once when it arrives twice at the same time", async () => {
    const order = await pendingOrder();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        db().transaction((tx) =>
          transitionOrder({ tx, orderId: order.id, to: "paid", event: "paid", actor: "stripe" }),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, current: "paid" },
      { ok: false, current: "paid" },
    ]);
    expect(
      await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.id)),
    ).toHaveLength(1);
  });

  it("cancels with cancelled_at, and a cancelled order stays cancelled", async () => {
    const order = await pendingOrder();
    await db().transaction((tx) =>
      transitionOrder({
        tx,
        orderId: order.id,
        to: "cancelled",
        event: "expired",
        actor: "job:expire_order",
      }),
    );
    expect((await statusOf(order.id)).cancelledAt).toBeInstanceOf(Date);
    const late = await db().transaction((tx) =>
      transitionOrder({ tx, orderId: order.id, to: "paid", event: "paid", actor: "stripe" }),
    );
    expect(late).toEqual({ ok: false, current: "cancelled" });
  });

  it("rolls back with the caller's transaction", async () => {
    const order = await pendingOrder();
    await expect(
      db().transaction(async (tx) => {
        await transitionOrder({
          tx,
          orderId: order.id,
          to: "paid",
          event: "paid",
          actor: "stripe",
        });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await statusOf(order.id)).status).toBe("pending_payment");
    expect(await db().select().from(orderEvents).where(eq(orderEvents.orderId, order.id))).toEqual(
      [],
    );
  });

  it("records events without a status change", async () => {
    const order = await pendingOrder();
    await recordOrderEvent({
      tx: db(),
      orderId: order.id,
      status: "pending_payment",
      from: null,
      event: "submitted",
      actor: "shopper",
    });
    await recordOrderEvent({
      tx: db(),
      orderId: order.id,
      status: "pending_payment",
      event: "payment_failed",
      actor: "simulated",
      note: "card_declined",
    });
    const events = await db()
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus, e.event, e.note])).toEqual([
      [null, "pending_payment", "submitted", ""],
      ["pending_payment", "pending_payment", "payment_failed", "card_declined"],
    ]);
  });
});

describe("enqueueJob", () => {
  it("keeps one job per dedupe key and none when the caller's transaction rolls back", async () => {
    expect(
      await enqueueJob({
        kind: "create_shipments",
        payload: { orderId: "o1" },
        dedupeKey: "create_shipments:o1",
      }),
    ).toEqual({ enqueued: true });
    expect(
      await enqueueJob({
        kind: "create_shipments",
        payload: { orderId: "o1" },
        dedupeKey: "create_shipments:o1",
      }),
    ).toEqual({ enqueued: false });
    await db()
      .transaction(async (tx) => {
        await enqueueJob({
          tx,
          kind: "expire_order",
          payload: { orderId: "o2" },
          dedupeKey: "expire_order:o2",
        });
        throw new Error("rollback");
      })
      .catch(() => {});
    // Jobs without a key are never deduplicated.
    await enqueueJob({ kind: "refund_payment", payload: {} });
    await enqueueJob({ kind: "refund_payment", payload: {} });
    const rows = await db().select().from(jobs).orderBy(asc(jobs.id));
    expect(rows.map((r) => [r.kind, r.dedupeKey])).toEqual([
      ["create_shipments", "create_shipments:o1"],
      ["refund_payment", null],
      ["refund_payment", null],
    ]);
  });
});

describe("queueNotification", () => {
  it("writes an email and a text message once per key, each with a delivery job", async () => {
    const order = await pendingOrder();
    const first = await queueNotification({ orderId: order.id, kind: "order_confirmation" });
    const again = await queueNotification({ orderId: order.id, kind: "order_confirmation" });
    expect([first, again]).toEqual([{ queued: 2 }, { queued: 0 }]);
    const rows = await db().select().from(notifications).orderBy(asc(notifications.id));
    expect(rows.map((r) => [r.channel, r.to, r.dedupeKey])).toEqual([
      ["email", "shopper@example.com", `order_confirmation:${order.id}:email`],
      ["sms", "13912345678", `order_confirmation:${order.id}:sms`],
    ]);
    expect(rows[0]!.body).toContain(order.code);
    expect(rows[0]!.body).toContain(`/orders/${order.id}`);
    expect(rows[0]!.body).toMatch(/已付款[\s\S]*is paid/);
    expect(rows[1]!.body).toMatch(/^【丰收直播】/);
    // In id order: a select without ORDER BY may return them either way (sort() on objects does not order them).
    const queued = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.kind, "deliver_notification"))
      .orderBy(asc(jobs.id));
    expect(queued.map((j) => j.payload)).toEqual(rows.map((r) => ({ notificationId: r.id })));
  });
});
