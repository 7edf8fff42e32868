import { readFile, writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLITE_EXTENSIONS, wrapPglite } from "~/lib/db.server";

/*
 * A migrated PGlite made once per test run and opened by each worker (withTestDatabase then
 * resets it between tests, tests/setup/pglite-reuse.ts) and by every createTestDatabase(). What
 * makes opening cheaper: 1 MB WAL segments instead of 16 MB, no template0 or template1 (a test
 * never creates a database), and smaller shared buffers. Each opened database is its own PGlite
 * over its own copy of the bytes: a write in one never reaches the template or another copy.
 */

const START_PARAMS = [
  ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
  "-c",
  "shared_buffers=16MB",
];

/** initdb, migrate, drop the template databases, checkpoint: the data directory as tar bytes. */
export async function buildPgliteTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const pglite = await PGlite.create({
    extensions: PGLITE_EXTENSIONS,
    initDbStartParams: ["--wal-segsize=1"],
    // The checkpoint keeps no spare segments beyond the two it must.
    startParams: [...START_PARAMS, "-c", "min_wal_size=2MB"],
  });
  try {
    await wrapPglite(pglite).migrate();
    for (const name of ["template0", "template1"]) {
      await pglite.exec(`update pg_database set datistemplate = false where datname = '${name}'`);
      await pglite.exec(`drop database ${name}`);
    }
    await pglite.exec("vacuum freeze");
    await pglite.exec("checkpoint");
    return new Uint8Array(await (await pglite.dumpDataDir("none")).arrayBuffer());
  } finally {
    await pglite.close();
  }
}

export const saveTemplate = (file: string, bytes: Uint8Array<ArrayBuffer>) =>
  writeFile(file, bytes);

let loaded: { file: string; bytes: Promise<Uint8Array<ArrayBuffer>> } | undefined;
/** The template's bytes, read once per worker. */
export function loadTemplate(file: string): Promise<Uint8Array<ArrayBuffer>> {
  if (loaded?.file !== file)
    loaded = { file, bytes: readFile(file).then((b) => new Uint8Array(b)) };
  return loaded.bytes;
}

/** A new in-memory database holding the template's data; PGlite unpacks its own copy of the bytes. */
export function openFromTemplate(bytes: Uint8Array<ArrayBuffer>): Promise<PGlite> {
  return PGlite.create({
    loadDataDir: new Blob([bytes]),
    startParams: START_PARAMS,
    extensions: PGLITE_EXTENSIONS,
  });
}
