// Applies the committed migrations to the configured database (PGlite in ./data or DATABASE_URL).
import { openDatabase } from "../app/lib/db.server";
import { env } from "../app/lib/env.server";
import { pgliteDir } from "../app/lib/boot.server";

const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: pgliteDir() });
await handle.migrate();
await handle.close();
console.log(`migrations applied (${handle.kind})`);
