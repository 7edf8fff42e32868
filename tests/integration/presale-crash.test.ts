import path from "node:path";
import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { payments } from "../../db/orders-schema";
import { presaleReleases } from "../../db/presale-schema";
import { callsByOrder, loggedCalls } from "../factories/counting-provider";
import { bulkPreorders, type BulkSpec } from "../factories/presale-bulk";
import { presaleWorld, releasePacks } from "../factories/presale-world";
import { testDatabaseUrl } from "../setup/processes";
import {
  afterThisTest,
  cleanUpWorkers,
  scratchLog,
  spawnLoggedWorker,
  until,
} from "../setup/logged-worker";
import { checkReleaseBooks } from "../setup/presale-books";
import { withTestDatabase } from "../setup/test-db";
import { db, getDatabaseHandle, openPglite, setDatabase } from "~/lib/db.server";
import { env } from "~/lib/env.server";

/*
 * Issue 13's crash test: the process working a release's jobs (allocation, balance charges,
 * shipments, messages) is SIGKILLed twice, once in the middle of the allocation and once in the
 * middle of the charges; a restarted worker finishes the rest. Then every order is allocated at
 * most once, charged at most once (one balance payment row; the provider's calls, logged across
 * processes, all under the order's one key), none is lost (each is paid, waiting for the shopper
 * or told it is short), and the books balance. On PostgreSQL the test watches the database and
 * kills at the two moments; on a PGlite data directory (one process at a time) it kills once the
 * provider's call log shows the charges under way, and reopens the directory to check.
 */

vi.setConfig({ hookTimeout: 300_000 });
withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
const SLOW = 600_000;
const LEASE_MS = 2_000;

cleanUpWorkers();
const spawnWorker = (url: string, workerId: string, log: string) =>
  spawnLoggedWorker(url, workerId, log, { leaseMs: LEASE_MS });

const succeededBalances = async (orderIds: string[]) => {
  let n = 0;
  for (let i = 0; i < orderIds.length; i += 1_000) {
    const [row] = await db()
      .select({ n: count() })
      .from(payments)
      .where(
        and(
          inArray(payments.orderId, orderIds.slice(i, i + 1_000)),
          eq(payments.purpose, "balance"),
          eq(payments.status, "succeeded"),
        ),
      );
    n += row!.n;
  }
  return n;
};

/**
 * The provider saw only allocated orders, each under its one key; a second call for the same key
 * only for a charge in flight at a kill (a worker runs JOBS_CONCURRENCY jobs at once, and a batch
 * job charges its orders one after another: at most that many per kill).
 */
function checkCalls(log: string, allocated: string[], kills: number) {
  const calls = loggedCalls(log);
  const byOrder = callsByOrder(calls);
  expect([...byOrder.keys()].sort()).toEqual([...allocated].sort());
  for (const [orderId, c] of byOrder) {
    expect(new Set(c.map((k) => k.idempotencyKey)), orderId).toEqual(
      new Set([`balance:${orderId}`]),
    );
    expect(c.length, orderId).toBeLessThanOrEqual(2);
  }
  expect(calls.length).toBeLessThanOrEqual(allocated.length + kills * env.JOBS_CONCURRENCY);
}

function crashSpecs(n: number): BulkSpec[] {
  let x = 99;
  return Array.from({ length: n }, (_, i) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return { quantity: 1 + (x % 3), card: i % 10 === 6 ? "declinesLater" : "saves" };
  });
}

describe("a release survives SIGKILLs of its worker", () => {
  it.skipIf(!PG)(
    "PostgreSQL: 2,000 orders, killed mid-allocation and mid-charges, restarted: each allocated and charged at most once, none lost, books exact",
    async () => {
      const w = await presaleWorld({ cap: 8_000 });
      const line = await bulkPreorders(w, crashSpecs(2_000));
      const packs = 3_000; // about three orders in four; the rest are short
      const { log } = scratchLog("presale-crash");
      const url = await testDatabaseUrl();
      const ids = line.map((o) => o.orderId);

      expect(await releasePacks(w, packs)).toMatchObject({ ok: true });
      const release = async () => (await db().select().from(presaleReleases))[0]!;

      // 1. Killed while the allocation is part-way (some chunks committed, the release not done).
      const first = spawnWorker(url, "doomed-1", log);
      const midAllocation = await until(async () => {
        const r = await release();
        return r.allocated > 0 && r.status === "allocating";
      }, first);
      first.child.kill("SIGKILL");
      expect(await first.exited, first.output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(midAllocation).toBe(true);
      expect((await release()).status).toBe("allocating");

      // 2. Restarted, and killed again while the balances are being charged.
      const second = spawnWorker(url, "doomed-2", log);
      const midCharges = await until(async () => (await succeededBalances(ids)) >= 300, second);
      second.child.kill("SIGKILL");
      expect(await second.exited, second.output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(midCharges).toBe(true);
      const chargedAtKill = await succeededBalances(ids);

      // 3. Restarted once more: it waits out the dead worker's leases and finishes everything.
      const third = spawnWorker(url, "rescuer", log);
      expect(await third.exited, third.output()).toEqual({ code: 0, signal: null });
      expect(JSON.parse(third.output().trim().split("\n").pop()!)).toMatchObject({ failed: 0 });

      const books = await checkReleaseBooks(w, line, packs);
      expect(chargedAtKill).toBeLessThan(books.allocated.length - books.actionNeeded.length);
      checkCalls(log, books.allocated, 2);
    },
    SLOW,
  );

  it.skipIf(PG)(
    "PGlite data directory: 600 orders, the worker killed mid-charges, restarted on the same directory: each charged at most once, none lost, books exact",
    async () => {
      const { dir, log } = scratchLog("presale-crash");
      const pgliteDir = path.join(dir, "pglite");
      // Build the presale in its own directory, then hand the directory to the worker processes.
      const testDb = getDatabaseHandle();
      const store = await openPglite(pgliteDir);
      await store.migrate();
      setDatabase(store);
      const packs = 900;
      const made = await (async () => {
        const w = await presaleWorld({ cap: 3_000 });
        const line = await bulkPreorders(w, crashSpecs(600));
        expect(await releasePacks(w, packs)).toMatchObject({ ok: true });
        return { w, line };
      })().finally(() => setDatabase(testDb));
      await store.close();

      const doomed = spawnWorker(pgliteDir, "doomed", log);
      const midCharges = await until(async () => loggedCalls(log).length >= 60, doomed);
      doomed.child.kill("SIGKILL");
      expect(await doomed.exited, doomed.output()).toEqual({ code: null, signal: "SIGKILL" });
      expect(midCharges).toBe(true);
      const callsAtKill = loggedCalls(log).length;

      // The same directory, straight after the kill (its lock file names a dead process).
      const rescuer = spawnWorker(pgliteDir, "rescuer", log);
      expect(await rescuer.exited, rescuer.output()).toEqual({ code: 0, signal: null });
      expect(JSON.parse(rescuer.output().trim().split("\n").pop()!)).toMatchObject({ failed: 0 });

      const after = await openPglite(pgliteDir);
      afterThisTest(() => after.close());
      setDatabase(after);
      try {
        const books = await checkReleaseBooks(made.w, made.line, packs);
        expect(callsAtKill).toBeLessThan(books.allocated.length);
        checkCalls(log, books.allocated, 1);
      } finally {
        setDatabase(testDb);
      }
    },
    SLOW,
  );
});
