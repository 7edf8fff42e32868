// A flash sale's storm through HTTP: the production server (built if stale) with a sale of
// --stock units seeded through the domain functions before it starts, then --connections
// keep-alive connections claiming one unit each with unique Idempotency-Keys for --seconds, from
// separate load-generator processes (scripts/lib/flash-load.ts), while --listeners event streams
// watch the sale. Prints claims/s, latency, granted / sold_out / oversold (and the pool's books
// from the database), the event delay, the same server's /healthz req/s, a bare node:http
// handler's req/s, and the naive path (LIVE_CLAIM_BATCH=1: one transaction per claim).
// Modes: PGlite (one process, on disk) and, with --pg / DATABASE_URL, two processes on one
// PostgreSQL database with the load split between them.
// Usage: tsx scripts/bench-flash-sale.ts [--seconds 10] [--connections 2000] [--stock 5000]
//          [--listeners 2000] [--generators 2] [--pipeline 1] [--only pglite|postgresql]
//          [--warmup 2] [--pg postgres://…] [--no-naive]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { flashSales, liveClaims } from "../db/live-schema";
import { offerInvariant } from "../app/inventory/offer-pools.server";
import { stockInvariant } from "../app/inventory/stock-invariant.server";
import {
  openPglite,
  openPostgres,
  setDatabase,
  db,
  type DatabaseHandle,
} from "../app/lib/db.server";
import { liveSale } from "../tests/factories/live";
import { ensureBuild, freePort, startServer, type RunningServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "2000" },
    stock: { type: "string", default: "5000" },
    listeners: { type: "string", default: "2000" },
    generators: { type: "string", default: "2" },
    pipeline: { type: "string", default: "1" },
    warmup: { type: "string", default: "2" },
    only: { type: "string" },
    "no-naive": { type: "boolean", default: false },
    pg: { type: "string", default: process.env.DATABASE_URL ?? "" },
  },
});
const SECONDS = Number(values.seconds);
const CONNS = Number(values.connections);
const STOCK = Number(values.stock);
const LISTENERS = Number(values.listeners);
const GENERATORS = Number(values.generators);
const PIPELINE = Number(values.pipeline);
const WARMUP = Number(values.warmup);
const LOAD = path.resolve(import.meta.dirname, "lib/flash-load.ts");

interface LoadResult {
  requests: number;
  elapsed: number;
  errors: number;
  statuses: Record<string, number>;
  grants: number[];
  latencies: number[];
}
interface ListenResult {
  open: number;
  failed: number;
  events: Array<Array<[number, number]>>;
}

function child<T>(config: object): {
  proc: ChildProcess;
  done: Promise<T>;
  ready: Promise<void>;
} {
  const proc = spawn(process.execPath, ["--import", "tsx", LOAD], {
    env: { ...process.env, FLASH_LOAD: JSON.stringify(config) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  proc.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.startsWith("ready\n")) {
      out = out.slice(6);
      markReady();
    }
  });
  const done = new Promise<T>((resolve, reject) =>
    proc.once("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as T)
        : reject(new Error(`load generator exited ${code}: ${out.slice(0, 200)}`)),
    ),
  );
  return { proc, done, ready };
}

async function generate(
  kind: "post" | "get",
  urls: string[],
  pathname: string,
  seconds: number,
  connections = CONNS,
) {
  const per = Math.ceil(connections / GENERATORS);
  const gens = Array.from({ length: GENERATORS }, (_, g) =>
    child<LoadResult>({
      kind,
      // Each generator's connections alternate over the servers (the load split between them).
      urls: g % 2 ? [...urls].reverse() : urls,
      path: pathname,
      connections: per,
      seconds,
      pipeline: PIPELINE,
      sync: true,
      prefix: `b${Date.now().toString(36)}g${g}`,
    }),
  );
  // All connections open, then all generators start together.
  await Promise.all(gens.map((c) => Promise.race([c.ready, c.done])));
  for (const c of gens) c.proc.stdin!.end("go\n");
  const results = await Promise.all(gens.map((c) => c.done));
  const lat = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const r of results)
    for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const elapsed = Math.max(...results.map((r) => r.elapsed));
  return {
    requests,
    perSecond: requests / elapsed,
    p50: pct(lat, 0.5),
    p99: pct(lat, 0.99),
    statuses,
    errors: results.reduce((s, r) => s + r.errors, 0),
    grants: results.flatMap((r) => r.grants).sort((a, b) => a - b),
  };
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN;
const f = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-");
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : "-");

/** From each 201's arrival at its client to the first event on each stream that counts it. */
function eventDelays(grants: number[], streams: Array<Array<[number, number]>>): number[] {
  const delays: number[] = [];
  for (const events of streams) {
    let seen = 0;
    for (const [at, claimed] of events) {
      for (; seen < Math.min(claimed, grants.length); seen++)
        delays.push(Math.max(0, at - grants[seen]!));
      seen = Math.max(seen, claimed);
    }
  }
  return delays.sort((a, b) => a - b);
}

async function seed(handle: DatabaseHandle) {
  await handle.migrate();
  setDatabase(handle);
  const sale = await liveSale({ stock: STOCK, quantity: STOCK, holdSeconds: 3_600 });
  // Another sale, stormed for --warmup seconds first: a server that has been up a while has its
  // code compiled and its queries planned; the measured sale is untouched by it.
  const warm = await liveSale({ stock: 100, quantity: 100, holdSeconds: 3_600 });
  setDatabase(undefined);
  return { ...sale, warmCode: warm.code };
}

/** The books after the storm: claims as committed, both invariants, nothing oversold. */
async function books(handle: DatabaseHandle, saleId: string, granted: number) {
  setDatabase(handle);
  try {
    const [sale] = await db().select().from(flashSales).where(eq(flashSales.id, saleId));
    const offer = await offerInvariant({ offerId: sale!.offerId });
    const variant = await stockInvariant({ variantId: sale!.variantId });
    const [c] = await db()
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(liveClaims)
      .where(and(eq(liveClaims.saleId, saleId)));
    const l = offer.level;
    const capOk = l.cap === l.available + l.reserved + l.sold && l.reserved + l.sold <= STOCK;
    console.log(
      `  books: claims in DB ${f(c!.n)} (201s seen ${f(granted)}); pool cap ${l.cap} = available ${l.available} + reserved ${l.reserved} + sold ${l.sold}: ${capOk ? "ok" : "BROKEN"}; offer invariant ${offer.balanced ? "ok" : "BROKEN"}; variant invariant ${variant.balanced ? "ok" : "BROKEN"}`,
    );
    console.log(
      `  oversold: ${Math.max(0, granted - STOCK)} (granted − stock), ${Math.max(0, l.reserved + l.sold - STOCK)} (pool)`,
    );
    return capOk && offer.balanced && variant.balanced && granted <= STOCK && c!.n === granted;
  } finally {
    setDatabase(undefined);
  }
}

async function storm(
  label: string,
  servers: RunningServer[],
  { code, warmCode }: { code: string; warmCode: string },
  listeners: number,
) {
  const urls = servers.map((s) => s.url);
  if (WARMUP > 0) await generate("post", urls, `/api/live/${warmCode}/claims`, WARMUP);
  let watch: ReturnType<typeof child<ListenResult>> | undefined;
  if (listeners) {
    watch = child<ListenResult>({
      kind: "listen",
      urls,
      path: `/api/live/${code}/events`,
      connections: listeners,
      seconds: SECONDS + 60,
      prefix: "l",
    });
    await new Promise((r) => setTimeout(r, 3_000)); // let the streams connect
  }
  const r = await generate("post", urls, `/api/live/${code}/claims`, SECONDS);
  const granted = r.statuses["201"] ?? 0;
  console.log(
    `${label}: ${f(r.perSecond)} claims/s answered (${f(r.requests)} in ${SECONDS} s), p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; granted ${f(granted)}, refused sold_out ${f(r.statuses["409"] ?? 0)}, other ${JSON.stringify(Object.fromEntries(Object.entries(r.statuses).filter(([s]) => s !== "201" && s !== "409")))}, socket errors ${r.errors}`,
  );
  if (r.grants.length > 1)
    console.log(
      `  granting: ${f(granted)} units in ${((r.grants.at(-1)! - r.grants[0]!) / 1000).toFixed(2)} s from the first to the last 201 (${f(granted / Math.max(0.001, (r.grants.at(-1)! - r.grants[0]!) / 1000))} grants/s)`,
    );
  if (watch) {
    await new Promise((res) => setTimeout(res, 1_500)); // the last events
    watch.proc.kill("SIGTERM");
    const w = await watch.done;
    const d = eventDelays(r.grants, w.events);
    console.log(
      `  event streams: ${w.open} open, ${w.failed} failed; ${f(w.events.reduce((s, e) => s + e.length, 0))} events; delay from a 201 to its event p50 ${ms(pct(d, 0.5))}, p99 ${ms(pct(d, 0.99))} (${f(d.length)} samples)`,
    );
  }
  return granted;
}

async function healthz(label: string, servers: RunningServer[]) {
  const r = await generate(
    "get",
    servers.map((s) => s.url),
    "/healthz",
    5,
  );
  console.log(
    `${label} /healthz: ${f(r.perSecond)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)} (${JSON.stringify(r.statuses)})`,
  );
}

async function bare() {
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((q,s)=>{q.resume();q.on("end",()=>{const b='{"ok":true}';s.writeHead(200,{"Content-Type":"application/json","Content-Length":b.length});s.end(b)})}).listen(${port},"127.0.0.1",4096,()=>console.log("up"))`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise((r) => proc.stdout!.once("data", r));
  const r = await generate("post", [`http://127.0.0.1:${port}`], "/", 5);
  console.log(`bare node:http POST: ${f(r.perSecond)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`);
  proc.kill("SIGTERM");
}

const base = {
  PAYMENT_PROVIDER: "simulated",
  SEED_ON_START: "0",
  JOBS_WORKER: "0",
  // BENCH_SERVER_NODE_OPTIONS="--import /path/to/profiler.mjs" passes options to the servers.
  ...(process.env.BENCH_SERVER_NODE_OPTIONS
    ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
    : {}),
};

async function pgliteRun(naive: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), "harvest-flash-"));
  const pgliteDir = path.join(dir, "pglite");
  try {
    const handle = await openPglite(pgliteDir);
    const sale = await seed(handle);
    await handle.close();
    const env = { ...base, PGLITE_DIR: pgliteDir, ...(naive ? { LIVE_CLAIM_BATCH: "1" } : {}) };
    const server = await startServer({ env, dataDir: dir, timeoutMs: 300_000 });
    let granted = 0;
    try {
      const label = naive ? "PGlite, naive (LIVE_CLAIM_BATCH=1)" : "PGlite, batched";
      granted = await storm(label, [server], sale, naive ? 0 : LISTENERS);
      if (!naive) await healthz("PGlite server", [server]);
    } finally {
      await server.stop();
    }
    const check = await openPglite(pgliteDir);
    const ok = await books(check, sale.saleId, granted);
    await check.close();
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun(url: string, naive: boolean) {
  const u = new URL(url);
  const name = `harvest_flash_${process.pid}_${naive ? "naive" : "batch"}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  try {
    const handle = openPostgres(dbUrl);
    const sale = await seed(handle);
    await handle.close();
    const env = { ...base, DATABASE_URL: dbUrl, ...(naive ? { LIVE_CLAIM_BATCH: "1" } : {}) };
    const servers = await Promise.all([0, 1].map(() => startServer({ env, timeoutMs: 300_000 })));
    let granted = 0;
    try {
      const label = `PostgreSQL, two processes, ${naive ? "naive (LIVE_CLAIM_BATCH=1)" : "batched"}`;
      granted = await storm(label, servers, sale, naive ? 0 : LISTENERS);
      if (!naive) await healthz("PostgreSQL servers (two)", servers);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const check = openPostgres(dbUrl);
    const ok = await books(check, sale.saleId, granted);
    await check.close();
    return ok;
  } finally {
    // Without force first: forcing it while a closed pool's last client is still hanging up made
    // that client's pool throw (57P01) after the run.
    await admin
      .query(`drop database if exists ${name}`)
      .catch(() => admin.query(`drop database if exists ${name} with (force)`))
      .catch(() => {});
    await admin.end();
  }
}

console.log(
  `flash-sale bench: stock ${f(STOCK)}, ${f(CONNS)} connections from ${GENERATORS} generator processes, ${SECONDS} s, ${f(LISTENERS)} event streams; ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
ensureBuild();
let ok = true;
if (values.only !== "postgresql") {
  ok = (await pgliteRun(false)) && ok;
  if (!values["no-naive"]) ok = (await pgliteRun(true)) && ok;
}
if (values.only !== "pglite" && values.pg) {
  ok = (await postgresRun(values.pg, false)) && ok;
  if (!values["no-naive"]) ok = (await postgresRun(values.pg, true)) && ok;
}
await bare();
console.log(ok ? "books: exact, nothing oversold" : "BOOKS BROKEN");
process.exit(ok ? 0 : 1);
