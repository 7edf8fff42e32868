import { and, asc, eq, inArray, lte, min, sql } from "drizzle-orm";
import { z } from "zod";
import { inventoryLedger, inventoryReservations as holds } from "../../db/schema";
import { db, type Executor, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import {
  actorSchema,
  atomically,
  ledgerRow,
  MAX_LINES,
  MAX_RESERVE_QUANTITY,
  moveStock,
  orRollback,
  parseInput,
  reasonSchema,
  refSchema,
  Replayed,
  ReservationError,
  reserveInputSchema,
  Rollback,
  shortfall,
  type LedgerRow,
  type ReserveLine,
  type ReserveOutcome,
} from "./reservation-core.server";

/**
 * Stock held for a ref (an order id, later a flash-sale claim) while its owner pays.
 * Every movement is a guarded UPDATE on `inventory_levels` plus ledger rows carrying the ref, in one
 * transaction. Lock order is the same everywhere — a ref's reservation rows (confirm, release,
 * restock), then level rows in variant-id order — so concurrent callers cannot deadlock.
 * See docs/inventory-reservations.md.
 */

export { ReservationError, type ReserveLine, type ReserveOutcome } from "./reservation-core.server";

/** All-or-nothing for one ref across several variants (an order's lines). */
export async function reserve(a: {
  ref: string;
  lines: ReserveLine[];
  expiresAt: Date;
  actor: string;
  tx?: Executor;
}): Promise<ReserveOutcome> {
  const input = parseInput(reserveInputSchema, a);
  // Two lines for one variant are one hold (the unique (ref, variant) index).
  const wanted = new Map<string, number>();
  for (const l of input.lines) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
  if ([...wanted.values()].some((q) => q > MAX_RESERVE_QUANTITY))
    throw new ReservationError("invalid", "quantity too large");
  const lines = [...wanted]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((x, y) => (x.variantId < y.variantId ? -1 : 1));
  // First try assumes a new ref (one statement per line); a replay rolls back and goes the careful way.
  for (let attempt = 0; ; attempt++) {
    try {
      return await orRollback<ReserveOutcome>(a.tx, (t) =>
        reserveOnce(t, input.ref, lines, input.expiresAt, input.actor, attempt > 0),
      );
    } catch (error) {
      if (!(error instanceof Replayed) || attempt >= 3) throw error;
    }
  }
}

async function reserveOnce(
  t: Tx,
  ref: string,
  lines: ReserveLine[],
  expiresAt: Date,
  actor: string,
  careful: boolean,
): Promise<ReserveOutcome> {
  // Careful (a replay was seen): read the ref's rows first, locked — hold rows before level rows,
  // like confirm/release — so a concurrent confirm of this ref waits rather than deadlocks.
  const existing = careful
    ? await t
        .select()
        .from(holds)
        .where(
          and(
            eq(holds.ref, ref),
            inArray(
              holds.variantId,
              lines.map((l) => l.variantId),
            ),
          ),
        )
        .orderBy(asc(holds.variantId))
        .for("update")
    : [];
  const byVariant = new Map(existing.map((r) => [r.variantId, r]));
  const result: { id: string; variantId: string; quantity: number }[] = [];
  for (const line of lines) {
    const prior = byVariant.get(line.variantId);
    // A replay: held or confirmed stays as it is (never a second hold).
    if (prior && prior.status !== "released") {
      result.push({ id: prior.id, variantId: prior.variantId, quantity: prior.quantity });
      continue;
    }
    const id = prior?.id ?? newId("rsv");
    const quantity = prior?.quantity ?? line.quantity; // a lapsed hold is taken again as it was made
    const took = prior
      ? await retake(t, prior.id, line.variantId, quantity, expiresAt, actor, ref)
      : await take(t, id, ref, line.variantId, quantity, expiresAt, actor);
    if (took === "conflict") throw new Replayed();
    if (took === "short") {
      // The same ref reserved by a concurrent call may be what took the last units: answer as a replay.
      if (
        !prior &&
        (
          await t
            .select({ id: holds.id })
            .from(holds)
            .where(and(eq(holds.ref, ref), eq(holds.variantId, line.variantId)))
        ).length
      ) {
        throw new Replayed();
      }
      throw new Rollback<ReserveOutcome>({
        ok: false,
        variantId: line.variantId,
        ...(await shortfall(t, line.variantId)),
      });
    }
    result.push({ id, variantId: line.variantId, quantity });
  }
  return { ok: true, reservations: result };
}

/**
 * One statement per new line: the guarded take, the hold row and its ledger row. The hot level
 * row stays locked only from this statement to commit. (A guarded UPDATE inside a CTE is safe: the
 * guard is re-checked on the locked row. What oversells is reading stock in one step and writing in another.)
 */
async function take(
  t: Tx,
  id: string,
  ref: string,
  variantId: string,
  q: number,
  expiresAt: Date,
  actor: string,
): Promise<"ok" | "short" | "conflict"> {
  const res = await t.execute(sql`
    with took as (
      update inventory_levels set available = available - ${q}::integer, reserved = reserved + ${q}::integer, updated_at = now()
      where variant_id = ${variantId} and available >= ${q}::integer
      returning variant_id),
    held as (
      insert into inventory_reservations (id, variant_id, ref, quantity, expires_at)
      select ${id}, variant_id, ${ref}, ${q}::integer, ${expiresAt.toISOString()}::timestamptz from took
      on conflict do nothing
      returning variant_id),
    logged as (
      insert into inventory_ledger (variant_id, available_delta, reserved_delta, reason, actor, ref)
      select variant_id, -${q}::integer, ${q}::integer, 'reserved', ${actor}, ${ref} from held)
    select exists (select 1 from took) as took, exists (select 1 from held) as held`);
  const row = (res as unknown as { rows: { took: boolean; held: boolean }[] }).rows[0]!;
  return !row.took ? "short" : row.held ? "ok" : "conflict";
}

/** A released hold of this ref taken again (a replayed reserve after it lapsed). */
async function retake(
  t: Tx,
  holdId: string,
  variantId: string,
  q: number,
  expiresAt: Date,
  actor: string,
  ref: string,
): Promise<"ok" | "short" | "conflict"> {
  const d = { available: -q, reserved: q, sold: 0 };
  if (!(await moveStock(t, variantId, d, q))) return "short";
  const moved = await t
    .update(holds)
    .set({ status: "held", expiresAt, settledAt: null })
    .where(and(eq(holds.id, holdId), eq(holds.status, "released")))
    .returning({ id: holds.id });
  if (!moved.length) return "conflict";
  await t.insert(inventoryLedger).values(ledgerRow(variantId, d, "reserved", actor, ref));
  return "ok";
}

type HoldRow = typeof holds.$inferSelect;

/** The ref's rows in `status`, locked in variant order; the lock is what makes a second caller a no-op. */
function lockHolds(
  t: Tx,
  ref: string,
  status: HoldRow["status"] | HoldRow["status"][],
  variantIds?: string[],
): Promise<HoldRow[]> {
  return t
    .select()
    .from(holds)
    .where(
      and(
        eq(holds.ref, ref),
        Array.isArray(status) ? inArray(holds.status, status) : eq(holds.status, status),
        variantIds ? inArray(holds.variantId, variantIds) : undefined,
      ),
    )
    .orderBy(asc(holds.variantId))
    .for("update");
}

async function settle(
  t: Tx,
  rows: HoldRow[],
  status: HoldRow["status"],
  ledger: LedgerRow[],
): Promise<void> {
  if (!rows.length) return;
  await t
    .update(holds)
    .set({ status, settledAt: sql`now()` })
    .where(
      inArray(
        holds.id,
        rows.map((r) => r.id),
      ),
    );
  await t.insert(inventoryLedger).values(ledger);
}

/**
 * held → confirmed (reserved → sold). A ref whose hold lapsed (released) is taken again from
 * available if every line still can be; otherwise { ok:false } and nothing changes.
 * `confirmed` counts the lines this call moved: 0 when they were already confirmed (or none exist).
 */
export async function confirmReservations(a: {
  ref: string;
  actor: string;
  tx?: Executor;
}): Promise<
  | { ok: true; confirmed: number }
  | { ok: false; error: "insufficient"; variantId: string; available: number }
> {
  const { ref, actor } = parseInput(z.object({ ref: refSchema, actor: actorSchema }), a);
  return orRollback(a.tx, async (t) => {
    const rows = await lockHolds(t, ref, ["held", "released"]);
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const q = r.quantity;
      const d =
        r.status === "held"
          ? { available: 0, reserved: -q, sold: q }
          : { available: -q, reserved: 0, sold: q };
      if (!(await moveStock(t, r.variantId, d, r.status === "held" ? undefined : q))) {
        const { available } = await shortfall(t, r.variantId);
        throw new Rollback({
          ok: false as const,
          error: "insufficient" as const,
          variantId: r.variantId,
          available,
        });
      }
      ledger.push(ledgerRow(r.variantId, d, "sold", actor, ref));
    }
    await settle(t, rows, "confirmed", ledger);
    return { ok: true as const, confirmed: rows.length };
  });
}

/** held → released (reserved → available). Idempotent: `released` counts the lines this call moved. */
export async function releaseReservations(a: {
  ref: string;
  reason: string;
  actor: string;
  tx?: Executor;
}): Promise<{ released: number }> {
  const { ref, reason, actor } = parseInput(
    z.object({ ref: refSchema, reason: reasonSchema, actor: actorSchema }),
    a,
  );
  return atomically(a.tx, async (t) => {
    const rows = await lockHolds(t, ref, "held");
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const d = { available: r.quantity, reserved: -r.quantity, sold: 0 };
      await moveStock(t, r.variantId, d);
      ledger.push(ledgerRow(r.variantId, d, reason, actor, ref));
    }
    await settle(t, rows, "released", ledger);
    return { released: rows.length };
  });
}

/**
 * confirmed → released (sold → available): a paid order, or one cooperative's part of it
 * (`variantIds`), cancelled. Idempotent: `restocked` counts the lines this call moved.
 */
export async function restockReservations(a: {
  ref: string;
  variantIds?: string[];
  reason: string;
  actor: string;
  tx?: Executor;
}): Promise<{ restocked: number }> {
  const input = parseInput(
    z.object({
      ref: refSchema,
      variantIds: z.array(refSchema).max(MAX_LINES).optional(),
      reason: reasonSchema,
      actor: actorSchema,
    }),
    a,
  );
  if (input.variantIds && input.variantIds.length === 0) return { restocked: 0 };
  return atomically(a.tx, async (t) => {
    const rows = await lockHolds(t, input.ref, "confirmed", input.variantIds);
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const d = { available: r.quantity, reserved: 0, sold: -r.quantity };
      await moveStock(t, r.variantId, d);
      ledger.push(ledgerRow(r.variantId, d, input.reason, input.actor, input.ref));
    }
    await settle(t, rows, "released", ledger);
    return { restocked: rows.length };
  });
}

/** Refs with held reservations whose expiry passed (for the sweeper), longest-lapsed first. */
export async function expiredHolds(a: { now?: Date; limit?: number } = {}): Promise<string[]> {
  const now = a.now ?? new Date();
  const limit = Math.min(Math.max(Math.trunc(a.limit ?? 100), 1), 1000);
  const rows = await db()
    .select({ ref: holds.ref })
    .from(holds)
    .where(and(eq(holds.status, "held"), lte(holds.expiresAt, now)))
    .groupBy(holds.ref)
    .orderBy(asc(min(holds.expiresAt)), asc(holds.ref))
    .limit(limit);
  return rows.map((r) => r.ref);
}

export { reserveBatch } from "./reservation-batch.server";
export { stockInvariant, type StockInvariant } from "./stock-invariant.server";
