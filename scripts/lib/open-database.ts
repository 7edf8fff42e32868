import { pgliteDir } from "../../app/lib/boot.server";
import { openDatabase, type DatabaseHandle } from "../../app/lib/db.server";
import { env } from "../../app/lib/env.server";

/**
 * Opens the configured database for a command-line script, or explains why it cannot and exits 1.
 * The usual cause is the embedded database being held by the running store: PGlite allows one
 * process at a time. `embeddedHint` adds a line for that case (what survives the restart).
 */
export async function openDatabaseOrExit(
  a: { embeddedHint?: string } = {},
): Promise<DatabaseHandle> {
  try {
    return await openDatabase({ url: env.DATABASE_URL, pgliteDir: pgliteDir() });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (!env.DATABASE_URL) {
      console.error(
        "\nOn the embedded database one process at a time: stop the store (Ctrl-C), run this again, then `npm start`." +
          (a.embeddedHint ? `\n${a.embeddedHint}` : ""),
      );
    }
    process.exit(1);
  }
}
