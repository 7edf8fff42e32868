import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Makes the production build the server serves when it is missing or older than the code
 * (a fresh clone running `npm test`, whose crash test starts the real server).
 */
export function ensureBuild(): void {
  const built = path.join(ROOT, "build/index.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(ROOT, "app"))) return;
  // Under vitest NODE_ENV is "test", which would make a development build the server cannot run.
  execFileSync(path.join(ROOT, "node_modules/.bin/remix"), ["build"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM (a clean shutdown), then removes the data directory unless the caller gave it. */
  stop(): Promise<void>;
  /**
   * Sends `signal` (SIGKILL by default: no shutdown code runs, as in a crash or an OOM kill) and
   * resolves once the process is gone. The data directory stays, so a restart can reopen it.
   */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the production server (needs `npm run build` first) as its own process, on a free
 * port, with its own data directory; resolves once /healthz answers 200.
 *
 * Pass `dataDir` to reuse a directory across a restart (and `env: { PGLITE_DIR: <a path in it> }`
 * to keep the embedded database there instead of in memory); the caller then owns the directory
 * and `stop()` leaves it in place.
 */
export async function startServer({
  env = {},
  timeoutMs = 120_000,
  dataDir: givenDataDir,
}: {
  env?: Record<string, string>;
  timeoutMs?: number;
  dataDir?: string;
} = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = givenDataDir ?? mkdtempSync(path.join(tmpdir(), "harvest-live-"));
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PGLITE_DIR: "memory://",
      SEED_ON_START: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const gone = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    dataDir,
    process: child,
    output: () => log,
    async stop() {
      if (running()) {
        child.kill("SIGTERM");
        await gone;
      }
      if (!givenDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill(signal = "SIGKILL") {
      if (running()) child.kill(signal);
      return gone;
    },
  };
}
