// A load-generator process for scripts/bench-flash-sale.ts (run as its own process so the load
// does not share an event loop with the server or with the other generators). Config in the
// FLASH_LOAD environment variable (JSON); one JSON result line on stdout when done.
//   kind "post":   `connections` keep-alive connections POSTing a claim (a new Idempotency-Key each,
//                  and the device cookie the first answer set, as a browser would)
//   kind "get":    the same connections GETting `path` (healthz)
// The requests are written to raw sockets and the answers read by their Content-Length: a
// node:http client's request objects, agents and promises cost more CPU per request than the
// server's handling of it, and on a machine shared with the server the generator was the ceiling.
// Every connection opens before the clock starts; latency is from a request's write to its answer.
//   kind "listen": `connections` event streams; records (time, claimed) of each event
import { request } from "node:http";
import { connect, type Socket } from "node:net";

interface Config {
  kind: "post" | "get" | "listen";
  urls: string[];
  path: string;
  connections: number;
  seconds: number;
  prefix: string;
  body?: string;
  /** Say "ready" once connected and start on a line from stdin (the parent starts all at once). */
  sync?: boolean;
  /** Requests in flight per connection (HTTP/1.1 pipelining); 1, a browser's way, unless told. */
  pipeline?: number;
}
const cfg = JSON.parse(process.env.FLASH_LOAD!) as Config;

if (cfg.kind === "listen") listen();
else void load();

async function load() {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const grants: number[] = []; // when each 201 arrived (ms since epoch)
  let errors = 0;
  let seq = 0;
  const depth = Math.max(1, cfg.pipeline ?? 1);
  const body = cfg.kind === "post" ? (cfg.body ?? '{"quantity":1}') : "";
  const targets = cfg.urls.map((raw) => {
    const u = new URL(cfg.path, raw);
    const head =
      cfg.kind === "post"
        ? `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nIdempotency-Key: `
        : `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`;
    return { host: u.hostname, port: Number(u.port), head };
  });
  let end = Infinity;

  // Every connection is open before the clock starts (their handshakes are not claims' latency).
  const conns = await Promise.all(
    Array.from({ length: cfg.connections }, (_, i) => open(targets[i % targets.length]!, i)),
  );
  // Every generator's connections are open before any of them starts: one generator's storm
  // would otherwise be served while the other's handshakes wait in the server's accept queue.
  if (cfg.sync) {
    process.stdout.write("ready\n");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    process.stdin.pause();
  }
  const started = Date.now();
  end = started + cfg.seconds * 1000;
  await Promise.all(conns.map((c) => c.run()));
  const elapsed = (Date.now() - started) / 1000;

  function open(t: (typeof targets)[number], i: number) {
    return new Promise<{ run: () => Promise<void> }>((resolveOpen) => {
      let sock: Socket;
      let buf: Buffer | null = null;
      const sent: number[] = []; // each request in flight: when it was written
      // A connection is one shopper's browser: the device cookie its first answer sets goes back
      // with every later claim.
      let cookie = "";
      let finish: () => void = () => {};
      const request = () => {
        const at = performance.now();
        if (cfg.kind === "post")
          sock.write(`${t.head}${cfg.prefix}-${i}-${++seq}\r\n${cookie}\r\n${body}`, "latin1");
        else sock.write(t.head, "latin1");
        sent.push(at);
      };
      const fill = () => {
        while (sent.length < depth && Date.now() < end) request();
        if (!sent.length) {
          sock.end();
          finish();
        }
      };
      const onData = (chunk: Buffer) => {
        buf = buf ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const k: number = buf.indexOf("\r\n\r\n");
          if (k < 0) break;
          const head = buf.toString("latin1", 0, k);
          const len = /\r\ncontent-length: *(\d+)/i.exec(head);
          const total: number = k + 4 + (len ? Number(len[1]) : 0);
          if (buf.length < total) break;
          const status = head.slice(9, 12);
          const set = /\r\nset-cookie: *([^;\r]*)/i.exec(head);
          if (set) cookie = `Cookie: ${set[1]}\r\n`;
          latencies.push(performance.now() - sent.shift()!);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === "201") grants.push(Date.now());
          buf = buf.length === total ? null : buf.subarray(total);
          if (!buf) break;
        }
        fill();
      };
      let opened = false;
      const connectOnce = () => {
        sock = connect({ host: t.host, port: t.port });
        sock.setNoDelay(true);
        sock.on("data", onData);
        sock.on("connect", () => {
          if (opened) return fill();
          opened = true;
          resolveOpen({ run: () => new Promise<void>((r) => ((finish = r), fill())) });
        });
        sock.on("error", () => {});
        sock.on("close", () => {
          // A request lost with its connection is an error; the loop goes on over a new one.
          errors += sent.length;
          sent.length = 0;
          buf = null;
          if (Date.now() < end) setTimeout(connectOnce, opened ? 0 : 10);
          else finish();
        });
      };
      connectOnce();
    });
  }
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
