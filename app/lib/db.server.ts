import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as authSchema from "../../db/auth-schema";
import * as catalogSchema from "../../db/schema";
import * as liveSchema from "../../db/live-schema";
import * as ordersSchema from "../../db/orders-schema";
import * as groupbuySchema from "../../db/groupbuy-schema";
import * as presaleSchema from "../../db/presale-schema";
import * as shippingSchema from "../../db/shipping-schema";
import { lockDataDirectory } from "./pglite-lock.server";

// One relational query API over every schema file.
const schema = {
  ...catalogSchema,
  ...authSchema,
  ...shippingSchema,
  ...ordersSchema,
  ...liveSchema,
  ...presaleSchema,
  ...groupbuySchema,
};

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
  migrate(): Promise<void>;
  /**
   * Runs `fn` holding the lock migrations take, so processes booting together on one database
   * do their start-up writes (the demo data) one at a time. `onWait` is called if another process
   * holds it. PGlite needs none: one process owns its data directory.
   */
  withStartupLock<T>(fn: () => Promise<T>, options?: { onWait?: () => void }): Promise<T>;
  /** The underlying PGlite instance (for cloning test templates); undefined on PostgreSQL. */
  pglite?: PGlite;
}

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");
// Any constant works; it only has to be the same in every process that migrates or seeds.
const STARTUP_LOCK_KEY = 72_610_001;

/**
 * Holds the session-level advisory lock on one pooled connection while `fn` runs (on that
 * connection or on others of the pool). A process that dies mid-way drops it with its session.
 */
async function withAdvisoryLock<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  onWait?: () => void,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "select pg_try_advisory_lock($1) as locked",
      [STARTUP_LOCK_KEY],
    );
    if (!rows[0]!.locked) {
      onWait?.();
      await client.query("select pg_advisory_lock($1)", [STARTUP_LOCK_KEY]);
    }
    return await fn(client);
  } finally {
    // If the unlock fails the connection is closed rather than pooled, which ends the lock with it.
    await client
      .query("select pg_advisory_unlock($1)", [STARTUP_LOCK_KEY])
      .catch(() => (broken = true));
    client.release(broken);
  }
}

export function openPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  const db = drizzleNodePg(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    close: () => pool.end(),
    async migrate() {
      // Several app processes may boot at once; one migrates, the others wait for it.
      await withAdvisoryLock(pool, (client) =>
        migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      );
    },
    withStartupLock: (fn, { onWait } = {}) => withAdvisoryLock(pool, () => fn(), onWait),
  };
}

export function wrapPglite(client: PGlite): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite: client,
    close: () => client.close(),
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    },
    withStartupLock: (fn) => fn(),
  };
}

/**
 * Extensions every PGlite must load before migrating or opening a migrated directory: the
 * search indexes (migration 0014) use pg_trgm, which PGlite ships compiled in its contrib set.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

/** `dir` is a data directory, or `memory://` for a throwaway database. */
export async function openPglite(dir: string): Promise<DatabaseHandle> {
  if (dir === "memory://")
    return wrapPglite(await PGlite.create({ extensions: PGLITE_EXTENSIONS }));
  const resolved = path.resolve(dir);
  await mkdir(path.dirname(resolved), { recursive: true });
  const unlock = lockDataDirectory(resolved);
  try {
    const handle = wrapPglite(await PGlite.create(resolved, { extensions: PGLITE_EXTENSIONS }));
    return { ...handle, close: () => handle.close().finally(unlock) };
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function openDatabase(options: {
  url?: string;
  pgliteDir: string;
}): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url) : openPglite(options.pgliteDir);
}

// The server entry and the Remix build are separate module graphs; both must see one handle.
const holder = globalThis as typeof globalThis & { __harvestDb?: DatabaseHandle };

export function setDatabase(handle: DatabaseHandle | undefined): void {
  holder.__harvestDb = handle;
}

export function getDatabaseHandle(): DatabaseHandle | undefined {
  return holder.__harvestDb;
}

export function db(): Database {
  const handle = holder.__harvestDb;
  if (!handle) throw new Error("Database not opened: call setDatabase() at startup");
  return handle.db;
}
