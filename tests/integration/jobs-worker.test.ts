import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, orders } from "../../db/orders-schema";
import { reserve } from "~/inventory/reservations.server";
import { enqueueJob } from "~/jobs/queue.server";
import { startJobWorker, sweepExpiredHolds } from "~/jobs/worker.server";
import { db } from "~/lib/db.server";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("startJobWorker", () => {
  it("works the queue until stopped, and stop() waits for the batch in hand", async () => {
    const world = await createOrangesAndGrapes();
    const order = await createOrder({ lines: [{ ...world.oranges, quantity: 1 }] });
    await enqueueJob({
      kind: "create_shipments",
      payload: { orderId: order.id },
      dedupeKey: `create_shipments:${order.id}`,
    });
    const worker = startJobWorker({ pollMs: 20, workerId: "test-worker" });
    try {
      await until(
        async () => (await db().select().from(jobs))[0]?.doneAt != null,
        "the job to be done",
      );
    } finally {
      await worker.stop();
    }
    expect((await db().select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe(
      "fulfilling",
    );
    // Stopped: a new job stays queued.
    await enqueueJob({ kind: "deliver_notification", payload: { notificationId: 999 } });
    await new Promise((r) => setTimeout(r, 100));
    const rows = await db().select().from(jobs).orderBy(asc(jobs.id));
    expect(rows[1]!.attempts).toBe(0);
  });
});

describe("sweepExpiredHolds", () => {
  it("queues an expire_order job for a hold whose expiry passed, once per ref per hour", async () => {
    const world = await createOrangesAndGrapes();
    const order = await createOrder({
      lines: [{ ...world.oranges, quantity: 1 }],
      status: "pending_payment",
    });
    const held = await reserve({
      ref: order.id,
      lines: [{ variantId: world.oranges.variant.id, quantity: 1 }],
      expiresAt: new Date(Date.now() + 60_000),
      actor: "test",
    });
    expect(held.ok).toBe(true);
    expect(await sweepExpiredHolds()).toEqual({ enqueued: 0 });
    const later = new Date(Date.now() + 120_000);
    expect(await sweepExpiredHolds({ now: later })).toEqual({ enqueued: 1 });
    expect(await sweepExpiredHolds({ now: later })).toEqual({ enqueued: 0 });
    const [job] = await db().select().from(jobs);
    expect(job).toMatchObject({ kind: "expire_order", payload: { orderId: order.id } });
    expect(job!.dedupeKey).toBe(
      `expire_order:sweep:${order.id}:${later.toISOString().slice(0, 13)}`,
    );
  });
});
