// A presale harvest release at scale: --orders paid-deposit pre-orders of 1–3 packs waiting in
// line (the test bulk factory: the first of each size through placePresaleOrder and the simulated
// pay page, the rest copies of its rows), a release of enough packs for all, then the job worker
// (runDueJobs loops in this process, --workers of them) until every balance is charged
// off-session (simulated provider) and every order's shipments exist. Prints seconds from the
// release to all charged and to all shipped, orders/s, and where the worker's time went (per job
// kind, from the jobs' completion times). PGlite in memory by default; PostgreSQL with --pg <url>
// (a scratch database is created and dropped).
// Usage: tsx scripts/bench-presale-release.ts [--orders 10000] [--workers 1] [--pg postgres://…]
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000" },
    workers: { type: "string", default: "1" },
    pg: { type: "string" },
  },
});
const ORDERS = Number(values.orders);
const WORKERS = Number(values.workers);

// What the worker writes (the notification log) goes to a scratch directory, never ./data.
const dataDir = mkdtempSync(path.join(tmpdir(), "harvest-bench-presale-"));
process.env.DATA_DIR = dataDir;
const { sql } = await import("drizzle-orm");
const { openPglite, openPostgres, setDatabase, db } = await import("../app/lib/db.server");
const { runDueJobs } = await import("../app/jobs/queue.server");
const { setPaymentProviderForTests } = await import("../app/payments/provider.server");
const { offerInvariant } = await import("../app/inventory/offer-pools.server");
const { presaleWorld, releasePacks } = await import("../tests/factories/presale-world");
const { bulkPreorders } = await import("../tests/factories/presale-bulk");
const { countingProvider } = await import("../tests/factories/counting-provider");

const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await db().execute(q)) as unknown as { rows: T[] }).rows;
const one = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: unknown }>(q))[0]!.n);

async function bench(label: string) {
  const w = await presaleWorld({ cap: ORDERS * 3 });
  let x = 7;
  const specs = Array.from({ length: ORDERS }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return { quantity: 1 + (x % 3), card: "saves" as const };
  });
  const t0 = performance.now();
  await bulkPreorders(w, specs);
  const packs = specs.reduce((n, s) => n + s.quantity, 0);
  const made = (performance.now() - t0) / 1000;

  const { provider, calls } = countingProvider();
  setPaymentProviderForTests(provider);
  // The worker's own chatter (a line per notification sent) is not the bench's output.
  const log = console.log;
  console.log = () => {};
  // The deposits' messages went out long before the harvest: sent now, off the clock.
  while ((await runDueJobs({ workerId: "bench-before", limit: 50 })).ran > 0);
  const released = await releasePacks(w, packs);
  if (!released.ok) throw new Error(`release refused: ${JSON.stringify(released)}`);
  const start = performance.now();
  const since = new Date();
  let charged: number | null = null;
  let shipped: number | null = null;
  let idle = false;
  // A loop stops once nothing is due or running (another loop may still be enqueueing more).
  const worker = async (i: number) => {
    for (;;) {
      const r = await runDueJobs({ workerId: `bench-${i}`, limit: 20 });
      if (r.failed) throw new Error(`${r.failed} job(s) failed`);
      if (r.ran > 0) continue;
      const open = await one(
        sql`select count(*) as n from jobs where done_at is null and failed_at is null and run_at <= now()`,
      );
      if (open === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const watch = async () => {
    for (;;) {
      const now = (performance.now() - start) / 1000;
      if (charged === null) {
        const n = await one(
          sql`select count(*) as n from presale_orders where offer_id = ${w.offerId} and state = 'paid'`,
        );
        if (n === ORDERS) charged = now;
      }
      if (charged !== null && shipped === null) {
        const n = await one(
          sql`select count(distinct order_id) as n from shipments s join presale_orders p using (order_id) where p.offer_id = ${w.offerId}`,
        );
        if (n === ORDERS) shipped = now;
      }
      if (shipped !== null || idle) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const watching = watch();
  await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
  idle = true;
  await watching;
  const total = (performance.now() - start) / 1000;
  console.log = log;

  const profile = await rows<{ kind: string; n: number; seconds: number }>(sql`
    select kind, count(*)::int as n, round(extract(epoch from sum(gap))::numeric, 1)::float8 as seconds
    from (select kind, done_at - lag(done_at, 1, ${since.toISOString()}::timestamptz) over (order by done_at, id) as gap
          from jobs where done_at >= ${since.toISOString()}::timestamptz) j
    group by kind order by 3 desc`);
  const offer = await offerInvariant({ offerId: w.offerId });
  const keys = new Set(calls.map((c) => c.idempotencyKey)).size;

  const f = (s: number | null) => (s === null ? "never" : `${s.toFixed(1)} s`);
  console.log(
    `\n${label}: ${ORDERS} orders (${packs} packs) made in ${made.toFixed(1)} s; ${WORKERS} worker loop(s)`,
  );
  console.log(
    `  release → every balance charged   ${f(charged)}  (${charged ? Math.round(ORDERS / charged) : 0} orders/s)`,
  );
  console.log(
    `  release → every order's shipments ${f(shipped)}  (${shipped ? Math.round(ORDERS / shipped) : 0} orders/s)`,
  );
  console.log(
    `  worker idle after                 ${total.toFixed(1)} s (notifications delivered too)`,
  );
  console.log(
    `  provider charges ${calls.length} (distinct keys ${keys}); offer books ${offer.balanced ? "balanced" : "NOT balanced"}: ${JSON.stringify(offer.level)}`,
  );
  console.log("  worker time by job kind (sum of gaps between completions):");
  for (const p of profile)
    console.log(
      `    ${p.kind.padEnd(24)} ${String(p.n).padStart(6)} jobs ${p.seconds.toFixed(1).padStart(7)} s  ${((p.seconds * 1000) / p.n).toFixed(1).padStart(6)} ms/job`,
    );
  setPaymentProviderForTests(undefined);
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

try {
  if (!values.pg) {
    const lite = await openPglite("memory://");
    await lite.migrate();
    setDatabase(lite);
    await bench("PGlite (in memory)");
    await lite.close();
  } else {
    const name = `hl_bench_presale_${process.pid}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const u = new URL(values.pg);
    u.pathname = `/${name}`;
    const handle = openPostgres(u.toString(), { max: WORKERS + 4 });
    try {
      await handle.migrate();
      setDatabase(handle);
      const { rows: v } = await admin.query<{ v: string }>(
        "select current_setting('server_version') as v",
      );
      await bench(`PostgreSQL ${v[0]!.v.split(" ")[0]}`);
    } finally {
      await handle.close();
      for (let i = 0; i < 40; i++) {
        if (
          !(await admin.query("select 1 from pg_stat_activity where datname = $1", [name])).rowCount
        )
          break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
