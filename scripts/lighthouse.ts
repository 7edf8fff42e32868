// Lighthouse mobile figures (the default mobile preset: Moto G Power screen, simulated Slow 4G
// and 4× CPU slowdown) for the home page, a product page and search, against the production
// server on the embedded database with the demo data. Needs a production build first
// (`NODE_ENV=production npx remix build`); builds nothing itself. Uses Debian's chromium.
// Usage: tsx scripts/lighthouse.ts [--runs 1] [--base http://127.0.0.1:3000] [--json out.json]
//   --base measures an already running store instead of starting one.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, chromiumPath } from "../tests/setup/browser";
import { startServer, type RunningServer } from "./lib/start-server";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    base: { type: "string" },
    json: { type: "string" },
  },
});
const runs = Math.max(1, Number(values.runs) || 1);

const PAGES = [
  { name: "home", path: "/" },
  { name: "product", path: "/p/gannan-navel-oranges" },
  { name: "search", path: "/search?q=%E6%A9%99" },
];

interface Row {
  page: string;
  score: number;
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  jsKiB: number;
  unusedJsKiB: number;
  lcpElement: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let server: RunningServer | undefined;
const base = values.base ?? (server = await startServer()).url;
const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath(),
  chromeFlags: CHROMIUM_FLAGS,
});
const rows: Row[] = [];
try {
  for (const page of PAGES) {
    const samples: Row[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await lighthouse(
        base + page.path,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] },
        // No config: Lighthouse's default is the mobile preset with simulated Slow 4G throttling.
      );
      if (!result) throw new Error(`lighthouse returned nothing for ${page.path}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
      const a = lhr.audits;
      const summary = (a["resource-summary"]?.details as { items?: Array<Record<string, unknown>> })
        ?.items;
      const script = summary?.find((item) => item.resourceType === "script");
      const unused = a["unused-javascript"]?.details as
        { overallSavingsBytes?: number } | undefined;
      const lcpEl = (
        a["largest-contentful-paint-element"]?.details as {
          items?: Array<{ items?: Array<{ node?: { snippet?: string } }> }>;
        }
      )?.items?.[0]?.items?.[0]?.node?.snippet;
      samples.push({
        page: page.name,
        score: lhr.categories.performance?.score ?? 0,
        lcp: a["largest-contentful-paint"]?.numericValue ?? NaN,
        fcp: a["first-contentful-paint"]?.numericValue ?? NaN,
        tbt: a["total-blocking-time"]?.numericValue ?? NaN,
        cls: a["cumulative-layout-shift"]?.numericValue ?? NaN,
        jsKiB: Number(script?.transferSize ?? 0) / 1024,
        unusedJsKiB: (unused?.overallSavingsBytes ?? 0) / 1024,
        lcpElement: (lcpEl ?? "").slice(0, 90),
      });
    }
    // The median run by score, so the figures of one row come from one run.
    const m = median(samples.map((s) => s.score));
    rows.push(samples.find((s) => s.score === m)!);
  }
} finally {
  await chrome.kill();
  await server?.stop();
}

console.log(
  `Lighthouse ${(lighthouse as unknown as { version?: string }).version ?? "12"} mobile preset, simulated Slow 4G, ${runs} run(s) per page (median by score), ${values.base ?? "production server, embedded DB, demo data"}`,
);
console.log("page      score   LCP s   FCP s   TBT ms   CLS     JS KiB (transfer)   unused JS KiB");
for (const r of rows) {
  console.log(
    `${r.page.padEnd(9)} ${r.score.toFixed(2).padStart(5)}  ${(r.lcp / 1000).toFixed(2).padStart(6)}  ${(r.fcp / 1000).toFixed(2).padStart(6)}  ${r.tbt.toFixed(0).padStart(7)}  ${r.cls.toFixed(3).padStart(6)}  ${r.jsKiB.toFixed(1).padStart(10)}          ${r.unusedJsKiB.toFixed(1).padStart(8)}`,
  );
}
for (const r of rows) console.log(`LCP element (${r.page}): ${r.lcpElement}`);
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
