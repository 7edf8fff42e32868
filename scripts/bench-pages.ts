// Requests/s and p50/p99 latency for the home page and a product page with 50 concurrent
// clients, on embedded PGlite and on PostgreSQL. Needs a production build (`npm run build`).
// Usage: tsx scripts/bench-pages.ts [--seconds 10] [--connections 50] [--pg postgres://…]
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { startServer, type RunningServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    pg: {
      type: "string",
      default: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
    only: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const PAGES = [
  { name: "home", path: "/" },
  { name: "product", path: "/p/gannan-navel-oranges" },
];

async function measure(server: RunningServer, path: string) {
  // Warm up the route (module load, JIT, caches) before timing.
  await autocannon({ url: server.url + path, connections: 10, duration: 2 });
  const r = await autocannon({ url: server.url + path, connections, duration: seconds });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r["2xx"],
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

async function withPostgresDatabase<T>(
  url: string,
  run: (dbUrl: string) => Promise<T>,
): Promise<T> {
  const name = `hl_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  try {
    return await run(dbUrl.toString());
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  `load: autocannon, ${connections} connections, ${seconds} s per page after a 2 s warm-up; server and load generator share the machine\n`,
);
console.log("database    page      req/s    p50 ms   p99 ms   2xx       errors/non-2xx");

const modes = [
  {
    name: "PGlite",
    run: <T>(f: (env: Record<string, string>) => Promise<T>) => f({ PGLITE_DIR: "memory://" }),
  },
  {
    name: "PostgreSQL",
    run: <T>(f: (env: Record<string, string>) => Promise<T>) =>
      withPostgresDatabase(values.pg!, (url) => f({ DATABASE_URL: url })),
  },
].filter((m) => !values.only || m.name.toLowerCase() === values.only.toLowerCase());

for (const mode of modes) {
  await mode.run(async (env) => {
    const server = await startServer({ env });
    try {
      for (const page of PAGES) {
        const r = await measure(server, page.path);
        console.log(
          `${mode.name.padEnd(11)} ${page.name.padEnd(9)} ${r.rps.toFixed(0).padStart(6)}  ${String(r.p50).padStart(7)}  ${String(r.p99).padStart(7)}   ${String(r.ok).padEnd(9)} ${r.bad}`,
        );
      }
    } finally {
      await server.stop();
    }
  });
}
