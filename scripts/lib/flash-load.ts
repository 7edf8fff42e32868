// A load-generator process for scripts/bench-flash-sale.ts (run as its own process so the load
// does not share an event loop with the server or with the other generators). Config in the
// FLASH_LOAD environment variable (JSON); one JSON result line on stdout when done.
//   kind "post":   `connections` keep-alive loops POSTing a claim (a new Idempotency-Key each)
//   kind "get":    the same loops GETting `path` (healthz)
//   kind "listen": `connections` event streams; records (time, claimed) of each event
import { Agent, request } from "node:http";

interface Config {
  kind: "post" | "get" | "listen";
  urls: string[];
  path: string;
  connections: number;
  seconds: number;
  prefix: string;
  body?: string;
}
const cfg = JSON.parse(process.env.FLASH_LOAD!) as Config;

if (cfg.kind === "listen") listen();
else void load();

async function load() {
  const agents = cfg.urls.map(() => new Agent({ keepAlive: true, maxSockets: cfg.connections }));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const grants: number[] = []; // when each 201 arrived (ms since epoch)
  let errors = 0;
  let seq = 0;
  const end = Date.now() + cfg.seconds * 1000;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const u = new URL(cfg.path, cfg.urls[i % cfg.urls.length]);
      const t0 = performance.now();
      const body = cfg.kind === "post" ? (cfg.body ?? '{"quantity":1}') : undefined;
      const headers: Record<string, string> =
        cfg.kind === "post"
          ? {
              "Content-Type": "application/json",
              "Content-Length": String(Buffer.byteLength(body!)),
              "Idempotency-Key": `${cfg.prefix}-${i}-${++seq}`,
            }
          : {};
      const req = request(
        u,
        { method: cfg.kind === "post" ? "POST" : "GET", agent: agents[i % agents.length], headers },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - t0);
            const s = String(res.statusCode);
            statuses[s] = (statuses[s] ?? 0) + 1;
            if (res.statusCode === 201) grants.push(Date.now());
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      if (body) req.write(body);
      req.end();
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: cfg.connections }, async (_, i) => {
      while (Date.now() < end) await one(i);
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ requests: latencies.length, elapsed, errors, statuses, grants, latencies: sample(latencies) })}\n`,
    () => process.exit(0), // exit only once the pipe has the whole line
  );
}

/** Every latency when few, else an even sample (the parent merges the generators' samples). */
function sample(sorted: number[], max = 20_000): number[] {
  if (sorted.length <= max) return sorted;
  const step = sorted.length / max;
  return Array.from({ length: max }, (_, k) => sorted[Math.floor(k * step)]!);
}

function listen() {
  // events[i] = [time, claimed] per stream
  const events: Array<Array<[number, number]>> = [];
  let open = 0;
  let failed = 0;
  for (let i = 0; i < cfg.connections; i++) {
    const mine: Array<[number, number]> = [];
    events.push(mine);
    const req = request(
      new URL(cfg.path, cfg.urls[i % cfg.urls.length]),
      { agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          failed++;
          res.resume();
          return;
        }
        open++;
        res.setEncoding("utf8");
        let buf = "";
        res.on("data", (c: string) => {
          const at = Date.now();
          buf += c;
          let k: number;
          while ((k = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, k);
            buf = buf.slice(k + 2);
            const line = block.split("\n").find((l) => l.startsWith("data: "));
            if (line) mine.push([at, (JSON.parse(line.slice(6)) as { claimed: number }).claimed]);
          }
        });
        res.on("error", () => {});
      },
    );
    req.on("error", () => failed++);
    req.end();
  }
  const report = () => {
    process.stdout.write(`${JSON.stringify({ open, failed, events })}\n`, () => process.exit(0));
  };
  process.on("SIGTERM", report);
  setTimeout(report, cfg.seconds * 1000);
}
