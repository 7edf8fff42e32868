// Reservations per second on one hot variant: reserve() one at a time from N concurrent callers,
// versus reserveBatch() with batches of 100. PGlite in memory always; PostgreSQL too when
// DATABASE_URL is set (a scratch database is created and dropped).
// Usage: tsx scripts/bench-reserve.ts [--seconds 5]
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { reserve, reserveBatch, stockInvariant } from "../app/inventory/reservations.server";
import { setStock } from "../app/inventory/stock.server";
import { openPglite, openPostgres, setDatabase, type DatabaseHandle } from "../app/lib/db.server";
import { createProduct } from "../tests/factories/catalog";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const seconds = Number(values.seconds);
const expiresAt = new Date(Date.now() + 3_600_000);
let seq = 0;

/** Runs `callers` loops of `step` for the time budget; returns units reserved per second and p99 ms per call. */
async function run(
  callers: number,
  step: () => Promise<number>,
): Promise<{ perSecond: number; p99: number }> {
  const end = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let units = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const n = await step(); // not `units += await …`: that reads `units` before awaiting and loses other callers' counts
        units += n;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: (units * 1000) / (performance.now() - start),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

async function bench(label: string, handle: DatabaseHandle) {
  setDatabase(handle);
  const { variants } = await createProduct({ variants: [{ stock: 0 }] });
  const variantId = variants[0]!.id;
  await setStock({ variantId, available: 10_000_000, reason: "bench", actor: "bench" });
  const single = async () => {
    const r = await reserve({
      ref: `b-${seq++}`,
      lines: [{ variantId, quantity: 1 }],
      expiresAt,
      actor: "bench",
    });
    if (!r.ok) throw new Error(r.error);
    return 1;
  };
  const batch = async () => {
    const requests = Array.from({ length: 100 }, () => ({ ref: `b-${seq++}`, quantity: 1 }));
    const r = await reserveBatch({ variantId, requests, expiresAt, actor: "bench" });
    return r.filter((x) => x.ok).length;
  };
  const rows: [string, Awaited<ReturnType<typeof run>>][] = [];
  for (const callers of handle.kind === "pglite" ? [1, 8] : [1, 8, 32])
    rows.push([`reserve(), ${callers} caller(s)`, await run(callers, single)]);
  for (const callers of handle.kind === "pglite" ? [1] : [1, 4])
    rows.push([`reserveBatch(100), ${callers} caller(s)`, await run(callers, batch)]);
  for (const [name, r] of rows)
    console.log(
      `${label.padEnd(12)} ${name.padEnd(30)} ${Math.round(r.perSecond).toString().padStart(8)}/s   p99 ${r.p99.toFixed(1)} ms/call`,
    );
  const inv = await stockInvariant({ variantId });
  if (!inv.balanced) throw new Error(`books out of balance: ${JSON.stringify(inv)}`);
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(`${seconds} s per row, one variant, 1 unit per reservation\n`);

const lite = await openPglite("memory://");
await lite.migrate();
await bench("PGlite", lite);
await lite.close();

const url = process.env.DATABASE_URL;
if (url) {
  const name = `hl_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = openPostgres(u.toString(), { max: 40 });
  try {
    await handle.migrate();
    const { rows } = await admin.query<{ v: string }>(
      "select current_setting('server_version') as v",
    );
    await bench(`PostgreSQL ${rows[0]!.v.split(" ")[0]}`, handle);
  } finally {
    await handle.close();
    // pool.end() resolves before its sockets close; drop only once they have gone.
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
