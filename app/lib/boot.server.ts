import path from "node:path";
import { openDatabase, setDatabase, type Database, type DatabaseHandle } from "./db.server";
import { env } from "./env.server";
import { loadRegistrations } from "./registry.server";

export function pgliteDir(): string {
  return env.PGLITE_DIR ?? path.resolve(env.DATA_DIR, "pglite");
}

/** Loads data into an empty database; `seeded: false` when it found data there already. */
export type Seeder = (args: {
  db: Database;
  log: (line: string) => void;
}) => Promise<{ seeded: boolean }>;

/**
 * Opens the configured database, applies migrations and, given a seeder, seeds an empty one. The
 * caller brings the seeder, so the demo data (and the code that draws its photos) is loaded only
 * by a process that asks for it.
 */
export async function boot({
  seed,
  log = console.log,
}: { seed?: Seeder; log?: (line: string) => void } = {}): Promise<DatabaseHandle> {
  // First, so a registration file that cannot load stops the start rather than the first payment;
  // the Remix build, loaded after this, finds the handlers registered (app/lib/registry.server.ts).
  await loadRegistrations();
  const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: pgliteDir() });
  await handle.migrate();
  setDatabase(handle);
  log(`database ready (${handle.kind === "postgres" ? "PostgreSQL" : `PGlite at ${pgliteDir()}`})`);
  if (seed) {
    // Processes booting together on an empty database: the first seeds (orders included) under
    // the migrations' lock; the others wait for it, then find the data there and skip.
    const { seeded } = await handle.withStartupLock(() => seed({ db: handle.db, log }), {
      onWait: () => log("waiting for another process starting on this database (demo data)"),
    });
    if (seeded) log("demo data loaded");
  }
  return handle;
}
