import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_COOPERATIVES } from "../../scripts/seed/catalog-data";
import { DEMO_GROUPBUY_JOINS } from "../../scripts/seed/groupbuy";
import { DEMO_ORDERS } from "../../scripts/seed/orders";
import { DEMO_PRESALE_CARDS } from "../../scripts/seed/presale";
import { DEMO_USERS } from "../../scripts/seed/users";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { ROOT } from "../setup/processes";

/**
 * Issue 10, defect 7: several app processes booting together against one empty PostgreSQL
 * database. Each migrates and loads the demo data on start; exactly one may load it, and every
 * one must come up. Real production servers, started at the same moment.
 */

const URL_ = process.env.DATABASE_URL;
// The seed renders photos and places real orders (~15 s alone); two servers on a busy 2-core machine take longer.
const SLOW = 300_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The production build the servers run, made under the build lock other suites and engineers take. */
function buildUnderLock(): void {
  const code = `const { ensureBuild } = await import(${JSON.stringify(path.join(ROOT, "scripts/lib/start-server.ts"))}); ensureBuild();`;
  execFileSync(
    "flock",
    [
      "/tmp/harvest-build.lock",
      process.execPath,
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      code,
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
}

/** A new, empty database (no migrations, no data), as a first deployment finds it. */
async function emptyDatabase(url: string): Promise<string> {
  const name = `hl_boot_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`).finally(() => admin.end());
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`).finally(() => c.end());
  });
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function counts(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const n = async (table: string) =>
      Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
    return {
      cooperatives: await n("cooperatives"),
      products: await n("products"),
      users: await n("users"),
      orders: await n("orders"),
      demoShopperOrders: Number(
        (
          await client.query(
            "select count(*) as n from orders o join users u on u.id = o.user_id where u.email = 'shopper@harvest.example'",
          )
        ).rows[0].n,
      ),
    };
  } finally {
    await client.end();
  }
}

describe("two processes booting at once on an empty PostgreSQL database", () => {
  it.skipIf(!URL_)(
    "both serve /healthz, and the demo catalog, accounts and orders are loaded exactly once (needs DATABASE_URL)",
    async () => {
      buildUnderLock();
      const databaseUrl = await emptyDatabase(URL_!);
      // One media directory for both, as processes sharing a database share their media storage.
      const dataDir = mkdtempSync(path.join(tmpdir(), "harvest-boot-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const env = { DATABASE_URL: databaseUrl, PAYMENT_PROVIDER: "simulated", SEED_ON_START: "1" };

      const started = await Promise.allSettled([
        startServer({ env, dataDir, timeoutMs: SLOW }),
        startServer({ env, dataDir, timeoutMs: SLOW }),
      ]);
      for (const s of started) if (s.status === "fulfilled") cleanups.push(() => s.value.stop());
      const failures = started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
      expect(failures, failures.join("\n\n")).toEqual([]);
      const servers = started.map((s) => (s as PromiseFulfilledResult<RunningServer>).value);

      for (const server of servers) {
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ok: true });
      }
      // One process loaded the demo data; the other waited on the lock and found it done.
      const loaded = servers.filter((s) => s.output().includes("demo data loaded"));
      expect(loaded, servers.map((s) => s.output()).join("\n----\n")).toHaveLength(1);

      expect(await counts(databaseUrl)).toEqual({
        cooperatives: DEMO_COOPERATIVES.length,
        products: DEMO_COOPERATIVES.reduce((n, c) => n + c.products.length, 0),
        users: DEMO_USERS.length,
        // The demo orders, the demo presale's pre-orders (one of them the demo shopper's) and the
        // demo group deal's joins.
        orders: DEMO_ORDERS.length + DEMO_PRESALE_CARDS.length + DEMO_GROUPBUY_JOINS.length,
        demoShopperOrders: DEMO_ORDERS.length + 1,
      });
      // Both serve the one catalog.
      for (const server of servers) {
        const page = await fetch(`${server.url}/c/${DEMO_COOPERATIVES[0]!.slug}`);
        expect(page.status).toBe(200);
      }
    },
    SLOW * 2,
  );
});
