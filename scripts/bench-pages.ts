// Requests/s and p50/p99 latency for the storefront's shareable pages (home, search with a
// Chinese term and a sort, a 2-character search, a product page) with 50 concurrent clients, on
// embedded PGlite and on PostgreSQL, with the demo catalog (3 cooperatives, 8 products) and with
// synthetic cooperatives added by scripts/seed-scale.ts (--scale 7500: 20,008 products).
// Needs a production build (`NODE_ENV=production npx remix build`).
// Usage: tsx scripts/bench-pages.ts [--seconds 10] [--connections 50] [--scale 0,7500]
//          [--only pglite|postgresql] [--pg postgres://…]
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { startServer, type RunningServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    scale: { type: "string", default: "0,7500" },
    pg: {
      type: "string",
      default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
    only: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const scales = values.scale!.split(",").map(Number);
const q = (s: string) => encodeURIComponent(s);
const PAGES = [
  { name: "home", path: "/" },
  { name: "search 橙 price-asc", path: `/search?q=${q("橙")}&sort=price-asc` },
  { name: "search 脐橙", path: `/search?q=${q("脐橙")}` },
  { name: "product", path: "/p/gannan-navel-oranges" },
];
const ROOT = path.resolve(import.meta.dirname, "..");

async function measure(server: RunningServer, pagePath: string) {
  const res = await fetch(server.url + pagePath);
  const bytes = (await res.arrayBuffer()).byteLength;
  if (!res.ok) throw new Error(`${pagePath} answered ${res.status}`);
  // Warm up the route (module load, JIT, caches) before timing.
  await autocannon({ url: server.url + pagePath, connections: 10, duration: 2 });
  const r = await autocannon({ url: server.url + pagePath, connections, duration: seconds });
  return {
    bytes,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

function run(script: string, args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    encoding: "utf8",
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), "harvest-bench-"));
const pgDatabases: string[] = [];
const admin = new pg.Client({ connectionString: values.pg });
let adminConnected = false;

/** The store's environment for a database holding the demo plus `extra` synthetic cooperatives. */
const modes = [
  {
    name: "PGlite",
    async prepare(extra: number): Promise<Record<string, string>> {
      const demo = path.join(dataDir, "pglite-0");
      const dir = path.join(dataDir, `pglite-${extra}`);
      if (extra > 0) cpSync(demo, dir, { recursive: true });
      const env = { DATA_DIR: dataDir, PGLITE_DIR: dir };
      if (extra === 0) run("scripts/seed.ts", [], env);
      else console.log(run("scripts/seed-scale.ts", ["--cooperatives", String(extra)], env).trim());
      return env;
    },
  },
  {
    name: "PostgreSQL",
    async prepare(extra: number): Promise<Record<string, string>> {
      if (!adminConnected) await admin.connect().then(() => (adminConnected = true));
      const name = `hl_bench_${process.pid}_${extra}`;
      const demo = `hl_bench_${process.pid}_0`;
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.query(`create database "${name}"${extra > 0 ? ` template "${demo}"` : ""}`);
      pgDatabases.push(name);
      const url = new URL(values.pg!);
      url.pathname = `/${name}`;
      const env = { DATA_DIR: dataDir, DATABASE_URL: url.toString() };
      if (extra === 0) run("scripts/seed.ts", [], env);
      else console.log(run("scripts/seed-scale.ts", ["--cooperatives", String(extra)], env).trim());
      return env;
    },
  },
].filter((m) => !values.only || m.name.toLowerCase() === values.only.toLowerCase());

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  `load: autocannon, ${connections} connections, ${seconds} s per page after a 2 s warm-up; server and load generator share the machine\n`,
);

const rows: string[] = [];
try {
  for (const mode of modes) {
    // The demo first: the larger catalogs start from a copy of it.
    for (const extra of [...new Set([0, ...scales])]) {
      const env = await mode.prepare(extra);
      if (!scales.includes(extra)) continue;
      const server = await startServer({ env: { ...env, SEED_ON_START: "0" }, dataDir });
      try {
        for (const page of PAGES) {
          const r = await measure(server, page.path);
          const row = `${mode.name.padEnd(11)} ${(extra ? `+${extra} co-ops` : "demo").padEnd(13)} ${page.name.padEnd(19)} ${(r.bytes / 1024).toFixed(1).padStart(7)}  ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}   ${String(r.ok).padEnd(8)} ${r.bad}`;
          rows.push(row);
          console.log(row);
        }
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  for (const name of pgDatabases)
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => {});
  if (adminConnected) await admin.end().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(
  "\ndatabase    catalog       page                KiB      req/s  p50 ms  p99 ms   2xx      errors/non-2xx",
);
for (const row of rows) console.log(row);
console.log(
  "\ndemo = 3 cooperatives, 8 products; +7500 co-ops = 7,503 cooperatives, 20,008 products, 45,018 packs (scripts/seed-scale.ts)",
);
