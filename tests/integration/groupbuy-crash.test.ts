import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { groupbuyDeals } from "../../db/groupbuy-schema";
import { jobs, orders, payments } from "../../db/orders-schema";
import { offers } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { callsByOrder, loggedCalls } from "../factories/counting-provider";
import { groupbuyWorld, joinAndPay, joinsOf, type GroupbuyWorld } from "../factories/groupbuy";
import { testDatabaseUrl } from "../setup/processes";
import {
  afterThisTest,
  cleanUpWorkers,
  scratchLog,
  spawnLoggedWorker,
  until,
} from "../setup/logged-worker";
import { withTestDatabase } from "../setup/test-db";
import { consolidatedRef } from "~/groupbuy/consolidate.server";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db, getDatabaseHandle, openPglite, setDatabase } from "~/lib/db.server";

/*
 * Issue 14's crash test: the process settling a group deal is SIGKILLed part-way through the
 * captures; restarted workers finish it. Then every hold is captured at the tier price (one
 * succeeded payment per join, its captured amount the repriced total), the provider was asked
 * under each order's one key (a second call only for the capture in flight at the kill), each
 * pickup point has exactly one consolidated parcel set, and the stock books balance. On
 * PostgreSQL the test watches the provider's call log; on a PGlite data directory (one process at
 * a time) likewise, reopening the directory to check.
 */

vi.setConfig({ hookTimeout: 300_000 });
withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
const SLOW = 600_000;
const LEASE_MS = 2_000;
const JOINS = 60;

cleanUpWorkers();
const spawnWorker = (url: string, workerId: string, log: string) =>
  spawnLoggedWorker(url, workerId, log, {
    leaseMs: LEASE_MS,
    // A capture claimed by the killed process lapses in a second, not two minutes.
    env: { HOLD_CLAIM_LEASE_SECONDS: "1" },
  });

/** Runs restarted workers until the deal is settled (a lapsed claim makes a job back off). */
async function rescue(url: string, log: string, offerId: string) {
  for (let round = 0; round < 30; round++) {
    const worker = spawnWorker(url, `rescuer-${round}`, log);
    expect(await worker.exited, worker.output()).toEqual({ code: 0, signal: null });
    const [deal] = await readDeal(url, offerId);
    if (deal?.state === "succeeded") return;
    await new Promise((r) => setTimeout(r, 1_500));
  }
  throw new Error("the deal never settled");
}

let readDeal: (url: string, offerId: string) => Promise<{ state: string }[]>;

async function checkBooks(w: GroupbuyWorld, orderIds: string[], log: string, kills: number) {
  const [deal] = await db()
    .select()
    .from(groupbuyDeals)
    .where(eq(groupbuyDeals.offerId, w.offerId));
  expect(deal).toMatchObject({ state: "succeeded", settledPriceFen: 2200 });
  const joins = await joinsOf(w.offerId);
  expect(joins).toHaveLength(JOINS);
  expect(joins.every((j) => j.state === "captured")).toBe(true);
  const paid = await db().select().from(payments);
  for (const id of orderIds) {
    const mine = paid.filter((p) => p.orderId === id && p.status === "succeeded");
    const [order] = await db().select().from(orders).where(eq(orders.id, id));
    expect(mine, id).toHaveLength(1);
    expect(mine[0]!.capturedFen, id).toBe(order!.totalFen);
    expect(order!.itemsFen % 2200, id).toBe(0);
  }
  // The provider: captures only, each under its order's key; twice only for the one in flight at a kill.
  const calls = loggedCalls(log);
  const byOrder = callsByOrder(calls);
  expect([...byOrder.keys()].sort()).toEqual([...orderIds].sort());
  for (const [orderId, c] of byOrder) {
    expect(new Set(c.map((k) => k.idempotencyKey)), orderId).toEqual(
      new Set([`capture:${orderId}`]),
    );
    expect(c.length, orderId).toBeLessThanOrEqual(2);
  }
  expect(calls.length).toBeLessThanOrEqual(orderIds.length + kills);
  // One consolidated parcel set per pickup point.
  for (const p of w.points) {
    const parcels = await db()
      .select()
      .from(shipments)
      .where(eq(shipments.orderId, consolidatedRef(w.offerId, p.id)));
    expect(parcels.length).toBeGreaterThan(0);
    expect(parcels.filter((s) => s.parcelIndex === 1)).toHaveLength(1);
  }
  expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
  const stock = await stockInvariant({ variantId: w.variantId });
  expect(stock.balanced, JSON.stringify(stock)).toBe(true);
}

describe("a group deal's settlement survives a SIGKILL of its worker", () => {
  it.skipIf(!PG)(
    "PostgreSQL: killed part-way through the captures, restarted: each hold captured once at the tier price, one parcel set per point",
    async () => {
      const w = await prepared();
      const { orderIds } = w;
      const { log } = scratchLog("groupbuy-crash");
      const url = await testDatabaseUrl();
      readDeal = async (_url, offerId) =>
        db().select().from(groupbuyDeals).where(eq(groupbuyDeals.offerId, offerId));

      const doomed = spawnWorker(url, "doomed", log);
      const mid = await until(() => loggedCalls(log).length >= JOINS / 3, doomed);
      doomed.child.kill("SIGKILL");
      expect(await doomed.exited, doomed.output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(mid).toBe(true);
      expect(loggedCalls(log).length).toBeLessThan(JOINS);

      await rescue(url, log, w.w.offerId);
      await checkBooks(w.w, orderIds, log, 1);
    },
    SLOW,
  );

  it.skipIf(PG)(
    "PGlite data directory: killed part-way through the captures, restarted on the same directory: each hold captured once, one parcel set per point",
    async () => {
      const { dir, log } = scratchLog("groupbuy-crash");
      const pgliteDir = path.join(dir, "pglite");
      const testDb = getDatabaseHandle();
      const store = await openPglite(pgliteDir);
      await store.migrate();
      setDatabase(store);
      const made = await prepared().finally(() => setDatabase(testDb));
      await store.close();
      // Read the deal from the directory between workers (one process at a time).
      readDeal = async (_url, offerId) => {
        const h = await openPglite(pgliteDir);
        setDatabase(h);
        try {
          return await db().select().from(groupbuyDeals).where(eq(groupbuyDeals.offerId, offerId));
        } finally {
          setDatabase(testDb);
          await h.close();
        }
      };

      const doomed = spawnWorker(pgliteDir, "doomed", log);
      const mid = await until(() => loggedCalls(log).length >= JOINS / 3, doomed);
      doomed.child.kill("SIGKILL");
      expect(await doomed.exited, doomed.output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(mid).toBe(true);
      expect(loggedCalls(log).length).toBeLessThan(JOINS);

      await rescue(pgliteDir, log, made.w.offerId);
      const after = await openPglite(pgliteDir);
      afterThisTest(() => after.close());
      setDatabase(after);
      try {
        await checkBooks(made.w, made.orderIds, log, 1);
      } finally {
        setDatabase(testDb);
      }
    },
    SLOW,
  );
});

/** A deal of 3 tiers with JOINS paid joins (1–3 packs; pickups at both points, every fifth home), its deadline just passed. */
async function prepared() {
  const endsAt = new Date(Date.now() + 2 * 3_600_000);
  const w = await groupbuyWorld({ maxQuantity: 400, minQuantity: 20, endsAt });
  const orderIds: string[] = [];
  for (let i = 0; i < JOINS; i++)
    orderIds.push(
      await joinAndPay(w, { quantity: 1 + (i % 3), point: i % 5 === 4 ? "home" : i % 2 }),
    );
  // The deadline passes: the settlement job queued for it is due now.
  await db()
    .update(offers)
    .set({ endsAt: sql`now() - interval '1 second'` })
    .where(eq(offers.id, w.offerId));
  const moved = await db()
    .update(jobs)
    .set({ runAt: sql`now()` })
    .where(eq(jobs.dedupeKey, `groupbuy_settle:${w.offerId}:${endsAt.getTime()}`))
    .returning({ id: jobs.id });
  expect(moved).toHaveLength(1);
  return { w, orderIds };
}
