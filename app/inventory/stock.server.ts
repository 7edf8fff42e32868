import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { inventoryLedger, inventoryLevels, variants } from "../../db/schema";
import { db, type Executor, type Tx } from "../lib/db.server";

/**
 * The only code that changes stock. Every change is one statement under the row's lock plus a
 * ledger row, in one transaction, so concurrent callers (several processes on PostgreSQL)
 * never lose an update and `available` never goes negative (the CHECK constraint backs this up).
 */

export type StockErrorCode = "insufficient" | "not_found" | "conflict" | "invalid" | "too_large";

export class StockError extends Error {
  constructor(
    readonly code: StockErrorCode,
    readonly variantId: string,
    readonly current?: number,
  ) {
    super(
      `stock ${code} for ${variantId}${current === undefined ? "" : ` (available ${current})`}`,
    );
  }
}

export interface StockLevel {
  variantId: string;
  available: number;
  reserved: number;
  sold: number;
}

export type StockChange =
  | { variantId: string; delta: number; reason: string; actor: string }
  /** `expected`: refuse (conflict) when stock moved since the caller read it. */
  | { variantId: string; available: number; expected?: number; reason: string; actor: string };

export interface StockChangeResult extends StockLevel {
  /** The change applied to `available`; 0 when a set found the value already there. */
  delta: number;
}

const MAX_QUANTITY = 10_000_000;
/** The `integer` columns' ceiling: a change that would pass it is refused, not a database error. */
const MAX_LEVEL = 2_147_483_647;

function check(change: StockChange): void {
  const n = "delta" in change ? change.delta : change.available;
  const bad =
    !Number.isSafeInteger(n) ||
    Math.abs(n) > MAX_QUANTITY ||
    ("available" in change && n < 0) ||
    !change.reason.trim() ||
    !change.actor.trim();
  if (bad) throw new StockError("invalid", change.variantId);
}

/**
 * The stock rows of packs just created, at zero, in the transaction that creates them: the caller
 * above catalog and inventory composes the two (app/listings), since catalog never imports this.
 */
export async function openStockLevels({
  tx,
  variantIds,
}: {
  tx: Executor;
  variantIds: string[];
}): Promise<void> {
  if (variantIds.length === 0) return;
  await tx
    .insert(inventoryLevels)
    .values(variantIds.map((variantId) => ({ variantId, available: 0 })));
}

/** Runs `fn` in the caller's transaction when given one, else in a new one. */
function inTransaction<T>(tx: Executor | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx as Tx) : db().transaction(fn);
}

async function ensureLevel(tx: Tx, variantId: string): Promise<void> {
  // A variant created without a level row (CSV import) gets one at zero; the FK refuses unknown ids.
  await tx
    .insert(inventoryLevels)
    .values({ variantId })
    .onConflictDoNothing()
    .catch((error: unknown) => {
      if (/foreign key/i.test(String((error as { cause?: unknown }).cause ?? error))) {
        throw new StockError("not_found", variantId);
      }
      throw error;
    });
}

async function applyOne(tx: Tx, change: StockChange): Promise<StockChangeResult> {
  check(change);
  const { variantId } = change;
  await ensureLevel(tx, variantId);
  let level: StockLevel;
  let delta: number;
  if ("delta" in change) {
    delta = change.delta;
    // One statement: the row lock serialises writers and the guard is re-checked on the latest row.
    const [row] = await tx
      .update(inventoryLevels)
      .set({ available: sql`${inventoryLevels.available} + ${delta}`, updatedAt: sql`now()` })
      // In bigint, so a sum past the integer column is a refusal rather than an overflow error.
      .where(
        and(
          eq(inventoryLevels.variantId, variantId),
          sql`${inventoryLevels.available}::bigint + ${delta} between 0 and ${MAX_LEVEL}`,
        ),
      )
      .returning();
    if (!row) {
      const [now] = await tx
        .select()
        .from(inventoryLevels)
        .where(eq(inventoryLevels.variantId, variantId));
      if (now && now.available + delta > MAX_LEVEL)
        throw new StockError("too_large", variantId, now.available);
      throw new StockError(now ? "insufficient" : "not_found", variantId, now?.available);
    }
    level = row;
  } else {
    // Lock first so the delta written to the ledger is exactly what this set changed.
    const [before] = await tx
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, variantId))
      .for("update");
    if (!before) throw new StockError("not_found", variantId);
    if (change.expected !== undefined && before.available !== change.expected) {
      throw new StockError("conflict", variantId, before.available);
    }
    delta = change.available - before.available;
    if (delta === 0) return { ...pickLevel(before), delta: 0 };
    const [row] = await tx
      .update(inventoryLevels)
      .set({ available: change.available, updatedAt: sql`now()` })
      .where(eq(inventoryLevels.variantId, variantId))
      .returning();
    level = row!;
  }
  await tx.insert(inventoryLedger).values({
    variantId,
    availableDelta: delta,
    reason: change.reason.trim().slice(0, 500),
    actor: change.actor.slice(0, 320),
  });
  return { ...pickLevel(level), delta };
}

function pickLevel(l: StockLevel): StockLevel {
  return { variantId: l.variantId, available: l.available, reserved: l.reserved, sold: l.sold };
}

/** Adds (or removes, with a negative delta) available stock; refuses to go below zero. */
export function adjustStock({
  tx,
  ...change
}: {
  variantId: string;
  delta: number;
  reason: string;
  actor: string;
  tx?: Executor;
}): Promise<StockChangeResult> {
  return inTransaction(tx, (t) => applyOne(t, change));
}

/** Sets available stock to a counted figure; the ledger records the difference. */
export function setStock({
  tx,
  ...change
}: {
  variantId: string;
  available: number;
  expected?: number;
  reason: string;
  actor: string;
  tx?: Executor;
}): Promise<StockChangeResult> {
  return inTransaction(tx, (t) => applyOne(t, change));
}

/**
 * Many changes, all or nothing: the first failure rolls every one back and is thrown.
 * Set-based so a 5,000-row import is a handful of statements: every row is locked in one
 * `SELECT … ORDER BY variant_id FOR UPDATE` (a fixed order, so two batches cannot deadlock),
 * the new figures are computed from the locked values, then written in one UPDATE and one
 * ledger INSERT per chunk. Rows stay locked until commit, so nothing can move in between.
 */
export function applyStockChanges(
  changes: StockChange[],
  { tx }: { tx?: Executor } = {},
): Promise<StockChangeResult[]> {
  return inTransaction(tx, async (t) => {
    changes.forEach(check);
    const ids = [...new Set(changes.map((c) => c.variantId))].sort();
    const current = new Map<string, StockLevel>();
    for (const part of chunks(ids, CHUNK)) {
      const known = await t
        .select({ id: variants.id })
        .from(variants)
        .where(inArray(variants.id, part));
      const missing = part.find((id) => !known.some((k) => k.id === id));
      if (missing) throw new StockError("not_found", missing);
      await t
        .insert(inventoryLevels)
        .values(part.map((variantId) => ({ variantId })))
        .onConflictDoNothing();
      const locked = await t
        .select()
        .from(inventoryLevels)
        .where(inArray(inventoryLevels.variantId, part))
        .orderBy(asc(inventoryLevels.variantId))
        .for("update");
      for (const l of locked) current.set(l.variantId, pickLevel(l));
    }
    const results: StockChangeResult[] = [];
    const ledger: (typeof inventoryLedger.$inferInsert)[] = [];
    for (const c of changes) {
      const level = current.get(c.variantId)!;
      if ("available" in c && c.expected !== undefined && level.available !== c.expected) {
        throw new StockError("conflict", c.variantId, level.available);
      }
      const delta = "delta" in c ? c.delta : c.available - level.available;
      if (level.available + delta < 0)
        throw new StockError("insufficient", c.variantId, level.available);
      if (level.available + delta > MAX_LEVEL)
        throw new StockError("too_large", c.variantId, level.available);
      const next = { ...level, available: level.available + delta };
      current.set(c.variantId, next);
      results.push({ ...next, delta });
      if (delta !== 0)
        ledger.push({
          variantId: c.variantId,
          availableDelta: delta,
          reason: c.reason.trim().slice(0, 500),
          actor: c.actor.slice(0, 320),
        });
    }
    const moved = new Set(ledger.map((l) => l.variantId));
    const changed = ids.filter((id) => moved.has(id));
    for (const part of chunks(changed, CHUNK)) {
      const values = sql.join(
        part.map((id) => sql`(${id}, ${current.get(id)!.available}::integer)`),
        sql`, `,
      );
      await t.execute(
        sql`update ${inventoryLevels} set available = v.available, updated_at = now()
            from (values ${values}) as v(variant_id, available)
            where ${inventoryLevels.variantId} = v.variant_id`,
      );
    }
    for (const part of chunks(ledger, CHUNK)) await t.insert(inventoryLedger).values(part);
    return results;
  });
}

// Parameters per statement stay far below PostgreSQL's 65,535.
const CHUNK = 2_000;
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface LedgerEntry {
  id: number;
  availableDelta: number;
  reservedDelta: number;
  soldDelta: number;
  reason: string;
  actor: string;
  /** What it was for: an order, a flash-sale claim, an offer… (ids; the page names them). */
  ref: string | null;
  createdAt: Date;
}

/** Newest first; `before` is the id of the last entry already shown (keyset paging). */
export async function stockHistory({
  variantId,
  limit = 50,
  before,
}: {
  variantId: string;
  limit?: number;
  before?: number;
}): Promise<LedgerEntry[]> {
  return db()
    .select({
      id: inventoryLedger.id,
      availableDelta: inventoryLedger.availableDelta,
      reservedDelta: inventoryLedger.reservedDelta,
      soldDelta: inventoryLedger.soldDelta,
      reason: inventoryLedger.reason,
      actor: inventoryLedger.actor,
      ref: inventoryLedger.ref,
      createdAt: inventoryLedger.createdAt,
    })
    .from(inventoryLedger)
    .where(
      and(
        eq(inventoryLedger.variantId, variantId),
        before ? lt(inventoryLedger.id, before) : undefined,
      ),
    )
    .orderBy(desc(inventoryLedger.id))
    .limit(Math.min(Math.max(limit, 1), 200));
}
