import path from "node:path";
import { seedDemo } from "../../db/seed/seed";
import { defaultStorage } from "../media/images.server";
import { openDatabase, setDatabase, type DatabaseHandle } from "./db.server";
import { env } from "./env.server";
import { loadRegistrations } from "./registry.server";

export function pgliteDir(): string {
  return env.PGLITE_DIR ?? path.resolve(env.DATA_DIR, "pglite");
}

/** Opens the configured database, applies migrations and, if asked, seeds an empty one. */
export async function boot({
  seed = env.SEED_ON_START,
  log = console.log,
}: { seed?: boolean; log?: (line: string) => void } = {}): Promise<DatabaseHandle> {
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
    const { seeded } = await handle.withStartupLock(
      () => seedDemo({ db: handle.db, storage: defaultStorage(env.DATA_DIR), log }),
      {
        onWait: () => log("waiting for another process starting on this database (demo data)"),
      },
    );
    if (seeded) log("demo data loaded");
  }
  return handle;
}
