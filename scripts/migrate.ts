// Applies the committed migrations to the configured database (PGlite in ./data or DATABASE_URL).
import { pgliteDir } from "../app/lib/boot.server";
import { openDatabase } from "../app/lib/db.server";
import { env } from "../app/lib/env.server";

try {
  const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: pgliteDir() });
  await handle.migrate();
  await handle.close();
  console.log(`migrations applied (${handle.kind})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
