// Shipping quotes per second: the pure `quote()` in-process, then `POST /api/shipping/quote`
// through the production server (PGlite in memory; the tariff comes from its 2 s cache).
// Needs a production build (`npm run build`) for the HTTP part.
// Usage: tsx scripts/bench-quote.ts [--seconds 10] [--connections 100] [--no-http]
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { quote } from "../app/shipping/quote";
import { parseQuoteRequest, type QuoteRequest } from "../app/shipping/schemas";
import { DEFAULT_TARIFF } from "../app/shipping/tariffs";
import { startServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "100" },
    "no-http": { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const box = (
  weightG: number,
  storage: "ambient" | "chilled",
  quantity: number,
  dims = [400, 300, 200],
) => ({
  weightG,
  lengthMm: dims[0]!,
  widthMm: dims[1]!,
  heightMm: dims[2]!,
  storage,
  quantity,
});
const ORDERS: Record<string, QuoteRequest> = {
  // One family box of oranges, Jiangxi → Beijing.
  "1 item": { from: "36", to: "11", items: [box(5500, "ambient", 1)] },
  // A typical mixed basket: oranges, potatoes, chilled grapes, insured.
  "mixed, 3 lines/7 units": {
    from: "36",
    to: "31",
    declaredValueFen: 45000,
    items: [
      box(5500, "ambient", 2),
      box(2700, "ambient", 3, [300, 200, 150]),
      { ...box(4500, "chilled", 2, [400, 300, 150]), shelfLifeDays: 10 },
    ],
  },
  // A group-buy pickup point: 20 lines of 50 units (1000 units packed).
  "bulk, 20 lines/1000 units": {
    from: "14",
    to: "44",
    items: Array.from({ length: 20 }, (_, i) =>
      box(1000 + 450 * i, i % 4 === 0 ? "chilled" : "ambient", 50, [300, 200, 100 + 10 * i]),
    ),
  },
};

function inProcess(request: QuoteRequest, withParse: boolean): number {
  const body = JSON.stringify(request);
  const run = () => {
    const parsed = withParse ? parseQuoteRequest(JSON.parse(body)) : { ok: true as const, request };
    if (!parsed.ok || !quote(parsed.request, DEFAULT_TARIFF).ok)
      throw new Error("bench order refused");
  };
  for (let i = 0; i < 2000; i++) run(); // warm up the JIT
  const budgetMs = Math.min(3000, seconds * 300);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    for (let i = 0; i < 50; i++) run();
    n += 50;
  }
  return (n * 1000) / (performance.now() - start);
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log("\nin-process (one core)              quote()/s   parse+quote()/s");
for (const [name, request] of Object.entries(ORDERS)) {
  console.log(
    `${name.padEnd(34)} ${inProcess(request, false).toFixed(0).padStart(9)}   ${inProcess(request, true).toFixed(0).padStart(15)}`,
  );
}

if (!values["no-http"]) {
  console.log(
    `\nHTTP POST /api/shipping/quote: autocannon, ${connections} connections, ${seconds} s after a 2 s warm-up; server and load generator share the machine`,
  );
  console.log(
    "order                              req/s    p50 ms   p99 ms   2xx       errors/non-2xx",
  );
  const server = await startServer({ env: { SEED_ON_START: "0" } });
  try {
    for (const [name, request] of Object.entries(ORDERS)) {
      const opts = {
        url: `${server.url}/api/shipping/quote`,
        method: "POST" as const,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      };
      await autocannon({ ...opts, connections: 10, duration: 2 });
      const r = await autocannon({ ...opts, connections, duration: seconds });
      console.log(
        `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)}  ${String(r.latency.p50).padStart(7)}  ${String(r.latency.p99).padStart(7)}   ${String(r["2xx"]).padEnd(9)} ${r.non2xx + r.errors + r.timeouts}`,
      );
    }
  } finally {
    await server.stop();
  }
}
