import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { ROOT } from "./processes";

/*
 * For the crash tests (presale-crash, groupbuy-crash): job workers in their own processes
 * (tests/integration/logged-jobs-worker.ts, the provider's calls logged to a file) that a test
 * SIGKILLs and restarts, each killed and its scratch directory removed after the test.
 */

const cleanups: Array<() => Promise<void> | void> = [];

/** Call once per test file: kills leftover workers and removes scratch directories after each test. */
export function cleanUpWorkers(): void {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
}

/** Runs `fn` after the current test (the file must call cleanUpWorkers). */
export const afterThisTest = (fn: () => Promise<void> | void) => cleanups.push(fn);

export type LoggedWorker = ReturnType<typeof spawnLoggedWorker>;

/** A job worker on `url` (a PostgreSQL url or a PGlite data directory) logging provider calls to `log`. */
export function spawnLoggedWorker(
  url: string,
  workerId: string,
  log: string,
  { leaseMs, env = {} }: { leaseMs: number; env?: Record<string, string> },
) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "tests/integration/logged-jobs-worker.ts"),
      url,
      workerId,
      String(leaseMs),
      log,
    ],
    {
      cwd: ROOT,
      // A PGlite directory is an argument; DATABASE_URL is only ever a PostgreSQL url.
      env: { ...process.env, DATABASE_URL: url.startsWith("postgres") ? url : undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  return { child, exited, output: () => out };
}

/** Polls `probe` every 10 ms until it is true; false if the worker exited first. */
export async function until(
  probe: () => boolean | Promise<boolean>,
  worker: { exited: Promise<unknown> },
): Promise<boolean> {
  let over = false;
  void worker.exited.then(() => (over = true));
  while (!over) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

/** A scratch directory removed after the test, and a call log path in it. */
export function scratchLog(prefix: string, file = "calls.log") {
  const dir = mkdtempSync(path.join(tmpdir(), `harvest-${prefix}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, log: path.join(dir, file) };
}
