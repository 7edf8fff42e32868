import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../../db/orders-schema";
import {
  claimJobs,
  completeJob,
  enqueueJob,
  failJob,
  runDueJobs,
  type JobHandler,
} from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function enqueueMany(n: number) {
  for (let i = 0; i < n; i++)
    await enqueueJob({
      kind: "deliver_notification",
      payload: { notificationId: i + 1 },
      dedupeKey: `t:${i}`,
    });
}
const allJobs = () => db().select().from(jobs).orderBy(asc(jobs.id));
const later = (ms: number) => new Date(Date.now() + ms);
/** Milliseconds from the database's clock to the job's run_at. */
async function runsInMs(id: number): Promise<number> {
  const [row] = await db()
    .select({ ms: sql<number>`extract(epoch from (${jobs.runAt} - now())) * 1000`.mapWith(Number) })
    .from(jobs)
    .where(eq(jobs.id, id));
  return row!.ms;
}

describe("claimJobs", () => {
  it("never hands the same job to two claimers at once, and together they take every due job", async () => {
    await enqueueMany(30);
    const claims = await Promise.all(
      ["a", "b", "c", "d"].map((workerId) => claimJobs({ workerId, limit: 10 })),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    for (const [i, workerId] of ["a", "b", "c", "d"].entries()) {
      for (const j of claims[i]!) expect([j.lockedBy, j.attempts]).toEqual([workerId, 1]);
    }
    // Every job is leased: nothing is left for a fifth claimer.
    expect(await claimJobs({ workerId: "e", limit: 10 })).toEqual([]);
  });

  it("takes jobs in run_at order and leaves future ones alone", async () => {
    await enqueueJob({ kind: "expire_order", payload: { orderId: "later" }, runAt: later(60_000) });
    await enqueueJob({
      kind: "expire_order",
      payload: { orderId: "second" },
      runAt: later(-1_000),
    });
    await enqueueJob({ kind: "expire_order", payload: { orderId: "first" }, runAt: later(-5_000) });
    const claimed = await claimJobs({ workerId: "w", leaseMs: 3_600_000 });
    expect(claimed.map((j) => j.payload)).toEqual([{ orderId: "first" }, { orderId: "second" }]);
    expect((await claimJobs({ workerId: "w", now: later(61_000) })).map((j) => j.payload)).toEqual([
      { orderId: "later" },
    ]);
  });

  it("claims a job again once the lease of a worker that died has lapsed", async () => {
    await enqueueMany(1);
    const [job] = await claimJobs({ workerId: "dead", leaseMs: 60_000 });
    expect(await claimJobs({ workerId: "alive" })).toEqual([]);
    const [again] = await claimJobs({ workerId: "alive", now: later(61_000) });
    expect(again).toMatchObject({ id: job!.id, lockedBy: "alive", attempts: 2 });
    // The dead worker coming back cannot mark it done or failed: it no longer holds it.
    expect(await completeJob({ id: job!.id, workerId: "dead" })).toBe(false);
    expect(await failJob({ id: job!.id, workerId: "dead", error: "x" })).toBeNull();
    expect(await completeJob({ id: job!.id, workerId: "alive" })).toBe(true);
    const [row] = await allJobs();
    expect(row!.doneAt).toBeInstanceOf(Date);
    expect(await claimJobs({ workerId: "alive", now: later(3_600_000) })).toEqual([]);
  });
});

describe("runDueJobs", () => {
  it("retries a failing job with exponential backoff, then marks it failed after max attempts", async () => {
    await enqueueJob({ kind: "refund_payment", payload: { paymentId: "p" }, maxAttempts: 3 });
    const calls: unknown[] = [];
    const handlers: Record<string, JobHandler> = {
      refund_payment: async (payload) => {
        calls.push(payload);
        throw new Error("provider unavailable");
      },
    };
    const id = (await allJobs())[0]!.id;
    expect(await runDueJobs({ workerId: "w", handlers })).toEqual({ ran: 1, failed: 1 });
    // First retry about a second later; nothing is due before then.
    const first = await runsInMs(id);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1_000);
    expect(await runDueJobs({ workerId: "w", handlers })).toEqual({ ran: 0, failed: 0 });

    expect(await runDueJobs({ workerId: "w", handlers, now: later(1_500) })).toEqual({
      ran: 1,
      failed: 1,
    });
    const second = await runsInMs(id);
    expect(second).toBeGreaterThan(1_000);
    expect(second).toBeLessThanOrEqual(2_000);

    expect(await runDueJobs({ workerId: "w", handlers, now: later(5_000) })).toEqual({
      ran: 1,
      failed: 1,
    });
    const [row] = await allJobs();
    expect(row).toMatchObject({
      attempts: 3,
      lastError: "provider unavailable",
      lockedUntil: null,
    });
    expect(row!.failedAt).toBeInstanceOf(Date);
    expect(row!.doneAt).toBeNull();
    expect(calls).toHaveLength(3);
    // Failed for good: never claimed again.
    expect(await runDueJobs({ workerId: "w", handlers, now: later(86_400_000) })).toEqual({
      ran: 0,
      failed: 0,
    });
  });

  it("marks a job done after its handler succeeds, and a retried failure succeeds later", async () => {
    await enqueueJob({ kind: "expire_order", payload: { orderId: "o" } });
    let tries = 0;
    const handlers: Record<string, JobHandler> = {
      expire_order: async () => {
        if (++tries === 1) throw new Error("database restarting");
      },
    };
    await runDueJobs({ workerId: "w", handlers });
    expect(await runDueJobs({ workerId: "w", handlers, now: later(2_000) })).toEqual({
      ran: 1,
      failed: 0,
    });
    const [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 2, lastError: null, failedAt: null });
    expect(row!.doneAt).toBeInstanceOf(Date);
  });

  it("fails a job of an unknown kind, or with a payload its handler cannot read, for good with a clear error", async () => {
    await db().insert(jobs).values({ kind: "launch_rocket", payload: {} });
    await enqueueJob({ kind: "create_shipments", payload: { order: "typo" } });
    expect(await runDueJobs({ workerId: "w" })).toEqual({ ran: 2, failed: 2 });
    const rows = await allJobs();
    expect(rows.map((r) => [r.kind, r.attempts, r.failedAt instanceof Date])).toEqual([
      ["launch_rocket", 1, true],
      ["create_shipments", 1, true],
    ]);
    expect(rows[0]!.lastError).toBe(
      'unknown job kind "launch_rocket": no handler is registered for it',
    );
    expect(rows[1]!.lastError).toMatch(/^create_shipments: bad payload: orderId: /);
  });

  it("runs up to `concurrency` claimed jobs at once, oldest first, and returns only when every one has finished", async () => {
    await enqueueMany(7);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const handlers: Record<string, JobHandler> = {
      deliver_notification: async (payload) => {
        const n = (payload as { notificationId: number }).notificationId;
        started.push(n);
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 30));
        running--;
        if (n === 4) throw new Error("smtp down");
      },
    };
    expect(await runDueJobs({ workerId: "w", handlers, limit: 10, concurrency: 3 })).toEqual({
      ran: 7,
      failed: 1,
    });
    expect(most).toBe(3);
    expect(running).toBe(0);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const rows = await allJobs();
    expect(rows.filter((j) => j.doneAt !== null)).toHaveLength(6);
    expect(rows[3]).toMatchObject({ doneAt: null, lastError: "smtp down", lockedUntil: null });
    // One at a time when asked.
    most = 0;
    await db()
      .update(jobs)
      .set({ doneAt: null, runAt: later(-1_000) });
    await runDueJobs({ workerId: "w", handlers, limit: 10, concurrency: 1, now: later(5_000) });
    expect(most).toBe(1);
  });

  it("runs each due job once when two workers poll at the same time", async () => {
    await enqueueMany(12);
    const seen: number[] = [];
    const handlers: Record<string, JobHandler> = {
      deliver_notification: async (payload) => {
        seen.push((payload as { notificationId: number }).notificationId);
      },
    };
    const results = await Promise.all([
      runDueJobs({ workerId: "w1", handlers, limit: 5 }),
      runDueJobs({ workerId: "w2", handlers, limit: 5 }),
      runDueJobs({ workerId: "w3", handlers, limit: 5 }),
    ]);
    expect(results.reduce((s, r) => s + r.ran, 0)).toBe(12);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await allJobs()).every((j) => j.doneAt !== null && j.attempts === 1)).toBe(true);
  });
});
