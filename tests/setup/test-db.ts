import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterEach, beforeEach, inject } from "vitest";
import {
  MIGRATIONS_FOLDER,
  openPostgres,
  setDatabase,
  wrapPglite,
  type DatabaseHandle,
} from "~/lib/db.server";
import { buildPgliteTemplate, loadTemplate, openFromTemplate } from "./pglite-template";
import { readBaseline, resetToBaseline, type Baseline } from "./pglite-reuse";

/**
 * Every test gets its own database: an in-memory PGlite opened from the run's migrated template
 * (tests/setup/pglite-template.ts), or, when
 * DATABASE_URL is set, a fresh PostgreSQL database copied from a migrated template.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  return url ? createPostgresDatabase(url) : createPgliteDatabase();
}

// Without the run's template (a file run outside the integration project), one is built per worker.
let ownTemplate: Promise<Uint8Array<ArrayBuffer>> | undefined;
async function openPgliteFromTemplate() {
  const file = inject("pgliteTemplate");
  const bytes = file ? await loadTemplate(file) : await (ownTemplate ??= buildPgliteTemplate());
  return openFromTemplate(bytes);
}
async function createPgliteDatabase(): Promise<DatabaseHandle> {
  return wrapPglite(await openPgliteFromTemplate());
}

// The worker's PGlite for withTestDatabase (tests/setup/pglite-reuse.ts), what it started as, and
// how many tests have used it: deleted rows stay behind as dead tuples (nothing vacuums), so after
// REUSE_LIMIT tests a new copy replaces it. Kept on globalThis: each integration file imports this
// module afresh (tests/setup/integration-file.ts).
type Reused = { pglite: PGlite; baseline: Baseline; uses: number };
const worker = globalThis as typeof globalThis & { __harvestTestPglite?: Reused };
const REUSE_LIMIT = 50;
/** The worker's PGlite in the template's state: reset when it can be, a new copy when not. */
async function reusedPgliteDatabase(): Promise<DatabaseHandle> {
  let reused = worker.__harvestTestPglite;
  if (
    reused &&
    (reused.uses >= REUSE_LIMIT ||
      !(await resetToBaseline(reused.pglite, reused.baseline).catch(() => false)))
  ) {
    void reused.pglite.close().catch(() => {});
    reused = undefined;
  }
  if (!reused) {
    const pglite = await openPgliteFromTemplate();
    reused = worker.__harvestTestPglite = { pglite, baseline: await readBaseline(pglite), uses: 0 };
  }
  reused.uses++;
  // A new drizzle instance per test: whatever is cached per database object starts empty.
  const handle = wrapPglite(reused.pglite);
  return { ...handle, close: async () => {} };
}

function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest("hex").slice(0, 12);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let pgTemplate: Promise<string> | undefined;
async function ensurePgTemplate(url: string): Promise<string> {
  const name = `hl_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Workers start together; one builds the template while the rest wait on the lock.
    await admin.query("select pg_advisory_lock(72610002)");
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) {
      await admin.query(`create database "${name}_tmp"`).catch(async () => {
        await admin.query(`drop database "${name}_tmp" with (force)`);
        await admin.query(`create database "${name}_tmp"`);
      });
      const handle = openPostgres(withDatabase(url, `${name}_tmp`), { max: 1 });
      await handle.migrate();
      await handle.close();
      await admin.query(`alter database "${name}_tmp" rename to "${name}"`);
    }
    return name;
  } finally {
    await admin.query("select pg_advisory_unlock(72610002)").catch(() => {});
    await admin.end();
  }
}

async function createPostgresDatabase(url: string): Promise<DatabaseHandle> {
  pgTemplate ??= ensurePgTemplate(url);
  const template = await pgTemplate;
  const name = `hl_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        // Two workers copying the template at the same instant: one waits and retries.
        if (attempt > 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const handle = openPostgres(withDatabase(url, name), { max: 20 });
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      // pool.end() resolves before every socket has closed; forcing at once would kill a closing
      // connection and surface as an uncaught "terminating connection" error, so wait briefly first.
      for (let attempt = 0; attempt < 20; attempt++) {
        const left = await cleanup.query("select 1 from pg_stat_activity where datname = $1", [
          name,
        ]);
        if (!left.rowCount) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await cleanup
        .query(`drop database if exists "${name}" with (force)`)
        .finally(() => cleanup.end());
    },
  };
}

/**
 * Registers before/after hooks that give each test in the file a fresh database as the app's
 * database: on PGlite the worker's one database reset to the template, on PostgreSQL a new copy.
 */
export function withTestDatabase(): { readonly handle: DatabaseHandle } {
  let current: DatabaseHandle | undefined;
  beforeEach(async () => {
    current = process.env.DATABASE_URL ? await createTestDatabase() : await reusedPgliteDatabase();
    setDatabase(current);
  });
  afterEach(async () => {
    setDatabase(undefined);
    await current?.close();
    current = undefined;
  });
  return {
    get handle() {
      if (!current) throw new Error("no test database outside a test");
      return current;
    },
  };
}
