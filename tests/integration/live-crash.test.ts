import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { flashSales, liveClaims } from "../../db/live-schema";
import { inventoryReservations } from "../../db/schema";
import { ensureBuild, startServer, type RunningServer } from "../../scripts/lib/start-server";
import { liveSale } from "../factories/live";
import { testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db, getDatabaseHandle, openPglite, setDatabase } from "~/lib/db.server";

/*
 * Issue 12's crash test for claims: the production server is SIGKILLed in the middle of a storm
 * of claims (a batch may be in the database), restarted, and then every claim that got a 201 is
 * committed and held, none is granted twice (replays after the restart answer the same claim),
 * and the sale's pool and the variant's stock balance exactly.
 */

vi.setConfig({ hookTimeout: 300_000 });
withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
const SLOW = 300_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function boot(env: Record<string, string>, dataDir?: string): Promise<RunningServer> {
  ensureBuild();
  const server = await startServer({
    env: { PAYMENT_PROVIDER: "simulated", SEED_ON_START: "0", JOBS_WORKER: "0", ...env },
    dataDir,
    timeoutMs: SLOW,
  });
  cleanups.push(() => server.stop());
  return server;
}

type Outcome =
  | { status: number; claimId?: string; error?: string }
  /** `anonymous`: sent before the shopper had a device cookie (it would have come with the answer). */
  | { status: "lost"; anonymous: boolean };
interface Shopper {
  cookie?: string;
  keys: Map<string, Outcome>;
}

async function post(base: string, code: string, s: Shopper, key: string): Promise<Outcome> {
  try {
    const res = await fetch(`${base}/api/live/${code}/claims`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Idempotency-Key": key,
        ...(s.cookie ? { Cookie: s.cookie } : {}),
      },
      body: '{"quantity":1}',
    });
    const set = res.headers.getSetCookie()[0];
    if (set) s.cookie = set.split(";")[0];
    const body = (await res.json()) as { claimId?: string; error?: string };
    return { status: res.status, claimId: body.claimId, error: body.error };
  } catch {
    return { status: "lost", anonymous: !s.cookie }; // the server died with this request in flight
  }
}

/** `loops` shoppers claiming one unit each over and over until `stop()`; each keeps its cookie. */
function storm(base: string, code: string, loops: number) {
  const shoppers: Shopper[] = Array.from({ length: loops }, () => ({ keys: new Map() }));
  let running = true;
  let granted = 0;
  const done = Promise.all(
    shoppers.map(async (s, i) => {
      for (let n = 0; running; n++) {
        const key = `crash-${i}-${n}`;
        const o = await post(base, code, s, key);
        s.keys.set(key, o);
        if (o.status === 201) granted++;
        if (o.status === "lost") return; // this connection is gone
      }
    }),
  );
  return {
    shoppers,
    granted: () => granted,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function crashMidStorm(
  env: Record<string, string>,
  dataDir: string | undefined,
  code: string,
) {
  const first = await boot(env, dataDir);
  const s = storm(first.url, code, 40);
  // Mid-storm: once some claims were granted, with batches still being written.
  await expect.poll(() => s.granted(), { timeout: SLOW, interval: 5 }).toBeGreaterThan(150);
  expect(await first.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  await s.stop();
  const second = await boot(env, dataDir);
  // Every key again, after the restart: a 201 answers the same claim; a lost one is granted once.
  const replays = new Map<string, Outcome>();
  for (const sh of s.shoppers)
    for (const key of sh.keys.keys()) replays.set(key, await post(second.url, code, sh, key));
  return { shoppers: s.shoppers, replays, server: second };
}

async function checkBooks(saleId: string, shoppers: Shopper[], replays: Map<string, Outcome>) {
  const [sale] = await db().select().from(flashSales).where(eq(flashSales.id, saleId));
  const claims = await db().select().from(liveClaims).where(eq(liveClaims.saleId, saleId));
  const byId = new Map(claims.map((c) => [c.id, c]));
  const byKey = new Map(claims.map((c) => [c.idempotencyKey, c]));
  expect(byKey.size).toBe(claims.length); // no key granted twice
  let granted201 = 0;
  for (const sh of shoppers)
    for (const [key, o] of sh.keys) {
      const again = replays.get(key)!;
      expect(again.status, key).not.toBe("lost");
      if (o.status === 201) {
        granted201++;
        // No lost claim: committed, held (the hold lasts an hour), and the replay is the same claim.
        const c = byId.get(o.claimId!);
        expect(c, `claim ${o.claimId} of ${key}`).toBeDefined();
        expect(c!.idempotencyKey).toBe(key);
        expect(c!.status).toBe("held");
        expect(c!.expiresAt.getTime()).toBeGreaterThan(Date.now());
        expect(again).toEqual({ status: 200, claimId: o.claimId });
      } else if (o.status === "lost") {
        // In flight at the kill: either its batch committed (the replay finds it) or it did not.
        // A shopper's first request carries no device cookie: if its batch committed, the claim
        // belongs to the device the lost answer would have named, and the replay, from a new
        // device, is told the key is someone else's (and nothing more is granted).
        if (o.anonymous && again.status === 422) {
          expect(again).toMatchObject({ error: "idempotency_key_reused" });
          expect(byKey.get(key)).toBeDefined();
          continue;
        }
        expect([200, 201, 409]).toContain(again.status);
        if (again.status !== 409)
          expect(byKey.get(key)?.id).toBe((again as { claimId: string }).claimId);
      } else {
        expect(o.status).toBe(409);
      }
    }
  expect(granted201).toBeGreaterThan(150);
  const offer = await offerInvariant({ offerId: sale!.offerId });
  expect(offer.balanced, JSON.stringify(offer)).toBe(true);
  const variant = await stockInvariant({ variantId: sale!.variantId });
  expect(variant.balanced, JSON.stringify(variant)).toBe(true);
  const l = offer.level;
  expect(l.cap).toBe(l.available + l.reserved + l.sold);
  // Holds: exactly one per claim, for exactly the claims' units.
  const [holds] = await db()
    .select({
      units: sql<number>`coalesce(sum(${inventoryReservations.quantity}), 0)`.mapWith(Number),
    })
    .from(inventoryReservations)
    .where(
      and(
        eq(inventoryReservations.offerId, sale!.offerId),
        eq(inventoryReservations.status, "held"),
      ),
    );
  const heldUnits = claims.filter((c) => c.status === "held").reduce((s, c) => s + c.quantity, 0);
  expect(holds!.units).toBe(heldUnits);
  expect(l.reserved).toBe(heldUnits);
}

describe("claims survive a SIGKILL mid-storm", () => {
  it.skipIf(!PG)(
    "PostgreSQL: every 201 is committed and held, none granted twice, replays answer the same claim, the books balance",
    async () => {
      const { saleId, code } = await liveSale({
        stock: 5_000,
        quantity: 5_000,
        holdSeconds: 3_600,
      });
      const url = await testDatabaseUrl();
      const { shoppers, replays } = await crashMidStorm({ DATABASE_URL: url }, undefined, code);
      await checkBooks(saleId, shoppers, replays);
    },
    SLOW * 2,
  );

  it.skipIf(PG)(
    "PGlite data directory: every 201 is committed and held, none granted twice, replays answer the same claim, the books balance",
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "harvest-live-crash-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const pgliteDir = path.join(dataDir, "pglite");
      const testDb = getDatabaseHandle();
      const store = await openPglite(pgliteDir);
      await store.migrate();
      setDatabase(store);
      const sale = await liveSale({ stock: 5_000, quantity: 5_000, holdSeconds: 3_600 }).finally(
        () => setDatabase(testDb),
      );
      await store.close();
      const { shoppers, replays, server } = await crashMidStorm(
        { PGLITE_DIR: pgliteDir },
        dataDir,
        sale.code,
      );
      await server.stop();
      const after = await openPglite(pgliteDir);
      cleanups.push(() => after.close());
      setDatabase(after);
      try {
        await checkBooks(sale.saleId, shoppers, replays);
      } finally {
        setDatabase(testDb);
      }
    },
    SLOW * 2,
  );
});
