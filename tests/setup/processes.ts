import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";

/** The repository root: child processes run from here so `tsx` and the app's paths resolve. */
export const ROOT = path.resolve(import.meta.dirname, "../..");

/** This test's own PostgreSQL database (withTestDatabase makes one per file), for other processes to open. */
export async function testDatabaseUrl(applicationName?: string): Promise<string> {
  const rows = (await db().execute(sql`select current_database() as name`)) as unknown as {
    rows: Array<{ name: string }>;
  };
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows.rows[0]!.name}`;
  if (applicationName) url.searchParams.set("application_name", applicationName);
  return url.toString();
}

/**
 * Runs a worker script (a path from the repository root) in its own Node process against
 * `databaseUrl`, and resolves with the JSON on the last line it prints. A non-zero exit rejects
 * with its stderr, named by `label`.
 */
export function runWorkerScript<T>(a: {
  script: string;
  args: string[];
  databaseUrl: string;
  label?: string;
}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, a.script), ...a.args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: a.databaseUrl },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${a.label ?? "worker"} exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as T);
    });
  });
}
