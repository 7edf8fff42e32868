import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, type Executor } from "./db.server";

// node-postgres and PGlite both answer raw SQL with `{ rows }`.
type Rows<T> = { rows: T[] };

export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  hits: number;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfterSeconds: number;
}

/**
 * Counts one hit (or `cost` hits: a costlier kind of request) against `key` and says whether it
 * is within `limit` per `windowMs` (fixed window). One upsert statement does the read, the reset
 * of an expired window and the increment, so concurrent requests in any number of processes each
 * see a distinct count. The database clock is the only clock used, so app servers with skewed
 * clocks agree.
 */
export async function hitRateLimit({
  key,
  limit,
  windowMs,
  cost = 1,
  tx = db(),
}: {
  key: string;
  limit: number;
  windowMs: number;
  cost?: number;
  tx?: Executor;
}): Promise<RateLimitResult> {
  if (!Number.isInteger(cost) || cost < 1)
    throw new Error(`hitRateLimit: cost must be a positive integer, not ${cost}`);
  const windowInterval = sql`(${windowMs}::double precision * interval '1 millisecond')`;
  // In ON CONFLICT … SET, every expression reads the row as it was, so both CASEs agree.
  const result = (await tx.execute(sql`
    insert into rate_limits (key, window_start, hits) values (${key}, now(), ${cost}::int)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= now() - ${windowInterval} then ${cost}::int else rate_limits.hits + ${cost}::int end,
      window_start = case when rate_limits.window_start <= now() - ${windowInterval} then now() else rate_limits.window_start end
    returning hits, ceil(extract(epoch from (window_start + ${windowInterval} - now())))::int as retry_after`)) as unknown as Rows<{
    hits: number;
    retry_after: number | string;
  }>;
  const row = result.rows[0]!;
  const hits = Number(row.hits);
  return { allowed: hits <= limit, hits, retryAfterSeconds: Math.max(1, Number(row.retry_after)) };
}

/**
 * Takes back one hit counted before the outcome was known, for limits that bound failures: the
 * hit is counted first so concurrent attempts cannot all slip under the limit, and a success
 * gives it back.
 */
export async function refundRateLimitHit({
  key,
  tx = db(),
}: {
  key: string;
  tx?: Executor;
}): Promise<void> {
  await tx.execute(sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${key}`);
}

/** Forgets a key's count (e.g. an email's failed sign-ins once the right password is given). */
export async function clearRateLimit({
  key,
  tx = db(),
}: {
  key: string;
  tx?: Executor;
}): Promise<void> {
  await tx.execute(sql`delete from rate_limits where key = ${key}`);
}

/** Deletes counters whose window ended long ago, so the table stays small. */
export async function pruneRateLimits({
  olderThanMs = 24 * 60 * 60 * 1000,
  tx = db(),
} = {}): Promise<number> {
  const result = (await tx.execute(
    sql`delete from rate_limits where window_start < now() - (${olderThanMs}::double precision * interval '1 millisecond') returning 1`,
  )) as unknown as Rows<unknown>;
  return result.rows.length;
}

/**
 * A key that does not store what it limits (emails of people who may have no account) in the
 * clear: `signin:email:` + SHA-256.
 */
export function rateLimitKey(scope: string, value: string): string {
  return `${scope}:${createHash("sha256").update(value).digest("hex").slice(0, 40)}`;
}
