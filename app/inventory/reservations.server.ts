import { and, asc, eq, inArray, lte, min, or, sql } from "drizzle-orm";
import { z } from "zod";
import { inventoryLedger, inventoryReservations as holds, offers } from "../../db/schema";
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
  type Move,
  type ReserveLine,
  type ReserveOutcome,
} from "./reservation-core.server";
import { moveOffer, offerLedgerRow, poolShortfall, poolsOf, type Pool } from "./offer-pools.server";

/**
 * Stock held for a ref (an order id, later a flash-sale claim) while its owner pays.
 * Every movement is a guarded UPDATE on `inventory_levels` plus ledger rows carrying the ref, in one
 * transaction. Lock order is the same everywhere — a ref's reservation rows (confirm, release,
 * restock), then level rows in variant-id order — so concurrent callers cannot deadlock.
 * See docs/inventory-reservations.md.
 */

export { ReservationError, type ReserveLine, type ReserveOutcome } from "./reservation-core.server";

/** A line resolved to its offer, and whether that offer sells from a pool. */
type Resolved = { variantId: string; offerId: string; quantity: number; pool?: Pool };

/**
 * All-or-nothing for one ref across several lines (an order's). A line names its offer, or the
 * variant's standard offer is meant; a capped offer's line is taken from the offer's pool.
 * `owner` is what owns the holds (the sweeper hands them back to it when they lapse);
 * `expiresAt: null` holds until released.
 */
export async function reserve(a: {
  ref: string;
  owner?: string;
  lines: ReserveLine[];
  expiresAt: Date | null;
  actor: string;
  tx?: Executor;
}): Promise<ReserveOutcome> {
  const input = parseInput(reserveInputSchema, a);
  // First try assumes a new ref (one statement per line); a replay rolls back and goes the careful way.
  for (let attempt = 0; ; attempt++) {
    try {
      return await orRollback<ReserveOutcome>(a.tx, async (t) => {
        const lines = await resolveLines(t, input.lines);
        if (!Array.isArray(lines)) throw new Rollback<ReserveOutcome>(lines);
        return reserveOnce(t, { ...input, lines }, attempt > 0);
      });
    } catch (error) {
      if (!(error instanceof Replayed) || attempt >= 3) throw error;
    }
  }
}

/**
 * Each line's offer (the standard one when none is named), merged per offer (the unique
 * (ref, offer) index: two lines under one offer are one hold), in offer order for the locks.
 */
async function resolveLines(t: Tx, input: ReserveLine[]): Promise<Resolved[] | ReserveOutcome> {
  const named = [...new Set(input.flatMap((l) => (l.offerId ? [l.offerId] : [])))];
  const plain = [...new Set(input.flatMap((l) => (l.offerId ? [] : [l.variantId])))];
  const rows = await t
    .select({ id: offers.id, variantId: offers.variantId, kind: offers.kind })
    .from(offers)
    .where(
      or(
        named.length ? inArray(offers.id, named) : undefined,
        plain.length
          ? and(eq(offers.kind, "standard"), inArray(offers.variantId, plain))
          : undefined,
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const standard = new Map(rows.filter((r) => r.kind === "standard").map((r) => [r.variantId, r]));
  const wanted = new Map<string, Resolved>();
  for (const l of input) {
    const offer = l.offerId ? byId.get(l.offerId) : standard.get(l.variantId);
    if (!offer || offer.variantId !== l.variantId) {
      return { ok: false, error: "not_found", variantId: l.variantId, available: 0 };
    }
    const prior = wanted.get(offer.id);
    wanted.set(offer.id, {
      variantId: l.variantId,
      offerId: offer.id,
      quantity: (prior?.quantity ?? 0) + l.quantity,
    });
  }
  const lines = [...wanted.values()].sort((x, y) => (x.offerId < y.offerId ? -1 : 1));
  if (lines.some((l) => l.quantity > MAX_RESERVE_QUANTITY))
    throw new ReservationError("invalid", "quantity too large");
  const pools = await poolsOf(
    t,
    lines.map((l) => l.offerId),
  );
  return lines.map((l) => ({ ...l, pool: pools.get(l.offerId) }));
}

type ReserveArgs = {
  ref: string;
  owner: string;
  lines: Resolved[];
  expiresAt: Date | null;
  actor: string;
};

async function reserveOnce(t: Tx, args: ReserveArgs, careful: boolean): Promise<ReserveOutcome> {
  const { ref, lines } = args;
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
              holds.offerId,
              lines.map((l) => l.offerId),
            ),
          ),
        )
        .orderBy(asc(holds.offerId))
        .for("update")
    : [];
  const byOffer = new Map(existing.map((r) => [r.offerId, r]));
  const result: { id: string; variantId: string; quantity: number }[] = [];
  for (const line of lines) {
    const prior = byOffer.get(line.offerId);
    // A replay: held or confirmed stays as it is (never a second hold).
    if (prior && prior.status !== "released") {
      result.push({ id: prior.id, variantId: prior.variantId, quantity: prior.quantity });
      continue;
    }
    const id = prior?.id ?? newId("rsv");
    const quantity = prior?.quantity ?? line.quantity; // a lapsed hold is taken again as it was made
    const took = prior
      ? await retake(t, prior, { ...line, quantity }, args)
      : await take(t, id, { ...line, quantity }, args);
    if (took === "conflict") throw new Replayed();
    if (took === "short") {
      // The same ref reserved by a concurrent call may be what took the last units: answer as a replay.
      if (
        !prior &&
        (
          await t
            .select({ id: holds.id })
            .from(holds)
            .where(and(eq(holds.ref, ref), eq(holds.offerId, line.offerId)))
        ).length
      ) {
        throw new Replayed();
      }
      const short = line.pool
        ? await poolShortfall(t, line.offerId)
        : await shortfall(t, line.variantId);
      throw new Rollback<ReserveOutcome>({ ok: false, variantId: line.variantId, ...short });
    }
    result.push({ id, variantId: line.variantId, quantity });
  }
  return { ok: true, reservations: result };
}

/**
 * One statement per new line: the guarded take (on the offer's pool, or on the variant's level),
 * the hold row and its ledger row. The hot row stays locked only from this statement to commit.
 * (A guarded UPDATE inside a CTE is safe: the guard is re-checked on the locked row. What oversells
 * is reading stock in one step and writing in another.)
 */
async function take(
  t: Tx,
  id: string,
  line: Resolved,
  { ref, owner, expiresAt, actor }: ReserveArgs,
): Promise<"ok" | "short" | "conflict"> {
  const q = line.quantity;
  const until = expiresAt ? expiresAt.toISOString() : null;
  const took = line.pool
    ? sql`update offer_levels set available = available - ${q}::integer, reserved = reserved + ${q}::integer, updated_at = now()
      where offer_id = ${line.offerId} and closed_at is null and available >= ${q}::integer
      returning variant_id`
    : sql`update inventory_levels set available = available - ${q}::integer, reserved = reserved + ${q}::integer, updated_at = now()
      where variant_id = ${line.variantId} and available >= ${q}::integer
      returning variant_id`;
  const res = await t.execute(sql`
    with took as (${took}),
    held as (
      insert into inventory_reservations (id, variant_id, offer_id, owner_kind, ref, quantity, expires_at)
      select ${id}, variant_id, ${line.offerId}, ${owner}, ${ref}, ${q}::integer, ${until}::timestamptz from took
      on conflict do nothing
      returning variant_id),
    logged as (
      insert into inventory_ledger (variant_id, offer_id, available_delta, reserved_delta, reason, actor, ref)
      select variant_id, ${line.pool ? line.offerId : null}, -${q}::integer, ${q}::integer, 'reserved', ${actor}, ${ref} from held)
    select exists (select 1 from took) as took, exists (select 1 from held) as held`);
  const row = (res as unknown as { rows: { took: boolean; held: boolean }[] }).rows[0]!;
  return !row.took ? "short" : row.held ? "ok" : "conflict";
}

/** A released hold of this ref taken again (a replayed reserve after it lapsed). */
async function retake(
  t: Tx,
  prior: HoldRow,
  line: Resolved,
  { ref, expiresAt, actor }: ReserveArgs,
): Promise<"ok" | "short" | "conflict"> {
  const q = line.quantity;
  const d = { available: -q, reserved: q, sold: 0 };
  const moved = line.pool
    ? await moveOffer(t, line.offerId, d, q)
    : await moveStock(t, line.variantId, d, q);
  if (!moved) return "short";
  const again = await t
    .update(holds)
    .set({ status: "held", expiresAt, settledAt: null })
    .where(and(eq(holds.id, prior.id), eq(holds.status, "released")))
    .returning({ id: holds.id });
  if (!again.length) return "conflict";
  await t
    .insert(inventoryLedger)
    .values(
      line.pool
        ? offerLedgerRow(line.variantId, line.offerId, d, "reserved", actor, ref)
        : ledgerRow(line.variantId, d, "reserved", actor, ref),
    );
  return "ok";
}

type HoldRow = typeof holds.$inferSelect;

/** The ref's rows in `status`, locked in offer order; the lock is what makes a second caller a no-op. */
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
    .orderBy(asc(holds.offerId))
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
 * Moves one hold's units: `variant` on the variant's level, `offer` on its offer's pool (when it
 * was taken from one). Ledger rows for each, in `ledger`.
 */
async function moveHold(
  t: Tx,
  r: HoldRow,
  pool: Pool | undefined,
  moves: { variant?: Move; offer?: Move & { cap?: number } },
  guard: { variant?: number; offer?: number },
  ledger: LedgerRow[],
  reason: string,
  actor: string,
): Promise<boolean> {
  if (pool && moves.offer) {
    if (!(await moveOffer(t, r.offerId, moves.offer, guard.offer))) return false;
    ledger.push(offerLedgerRow(r.variantId, r.offerId, moves.offer, reason, actor, r.ref));
  }
  if (moves.variant) {
    if (!(await moveStock(t, r.variantId, moves.variant, guard.variant))) return false;
    ledger.push(ledgerRow(r.variantId, moves.variant, reason, actor, r.ref));
  }
  return true;
}

const ZERO = { available: 0, reserved: 0, sold: 0 };
const nonZero = (d: Move): Move | undefined =>
  d.available || d.reserved || d.sold ? d : undefined;

/**
 * held → confirmed (reserved → sold). A ref whose hold lapsed (released) is taken again from
 * available (the offer's pool for a capped offer) if every line still can be; otherwise
 * { ok:false } and nothing changes.
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
    const pools = await poolsOf(t, [...new Set(rows.map((r) => r.offerId))]);
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const q = r.quantity;
      const pool = pools.get(r.offerId);
      const held = r.status === "held";
      // From a pool, the units already sit in the variant's `reserved`: they move to sold there too.
      const ok = pool
        ? await moveHold(
            t,
            r,
            pool,
            {
              offer: held
                ? { available: 0, reserved: -q, sold: q }
                : { available: -q, reserved: 0, sold: q },
              variant: { available: 0, reserved: -q, sold: q },
            },
            { offer: held ? undefined : q },
            ledger,
            "sold",
            actor,
          )
        : await moveHold(
            t,
            r,
            undefined,
            {
              variant: held
                ? { available: 0, reserved: -q, sold: q }
                : { available: -q, reserved: 0, sold: q },
            },
            { variant: held ? undefined : q },
            ledger,
            "sold",
            actor,
          );
      if (!ok) {
        const { available } = pool
          ? await poolShortfall(t, r.offerId)
          : await shortfall(t, r.variantId);
        throw new Rollback({
          ok: false as const,
          error: "insufficient" as const,
          variantId: r.variantId,
          available,
        });
      }
    }
    await settle(t, rows, "confirmed", ledger);
    return { ok: true as const, confirmed: rows.length };
  });
}

/**
 * Units leaving an offer's hands (a release or a restock): back into an open pool, or, when the
 * pool is closed, back to the variant's available stock (the pool's cap shrinks by as much).
 */
function returnMoves(
  pool: Pool | undefined,
  q: number,
  from: "reserved" | "sold",
): { variant?: Move; offer?: Move & { cap?: number } } {
  const out = { ...ZERO, [from]: -q };
  if (!pool) return { variant: { ...out, available: q } };
  if (pool.open) {
    // The units stay in the variant's `reserved` (the pool); only a sale moved them to its sold.
    return {
      offer: { ...out, available: q },
      variant: nonZero(from === "sold" ? { available: 0, reserved: q, sold: -q } : ZERO),
    };
  }
  return { offer: { ...out, cap: -q }, variant: { ...out, available: q } };
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
    const pools = await poolsOf(t, [...new Set(rows.map((r) => r.offerId))]);
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const pool = pools.get(r.offerId);
      await moveHold(
        t,
        r,
        pool,
        returnMoves(pool, r.quantity, "reserved"),
        {},
        ledger,
        reason,
        actor,
      );
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
    const pools = await poolsOf(t, [...new Set(rows.map((r) => r.offerId))]);
    const ledger: LedgerRow[] = [];
    for (const r of rows) {
      const pool = pools.get(r.offerId);
      await moveHold(
        t,
        r,
        pool,
        returnMoves(pool, r.quantity, "sold"),
        {},
        ledger,
        input.reason,
        input.actor,
      );
    }
    await settle(t, rows, "released", ledger);
    return { restocked: rows.length };
  });
}

/** Owners of held reservations whose expiry passed, longest-lapsed first. */
export async function expiredOwners(
  a: { now?: Date; limit?: number } = {},
): Promise<{ ownerKind: string; ref: string }[]> {
  const now = a.now ?? new Date();
  const limit = Math.min(Math.max(Math.trunc(a.limit ?? 100), 1), 1000);
  return db()
    .select({ ownerKind: holds.ownerKind, ref: holds.ref })
    .from(holds)
    .where(and(eq(holds.status, "held"), lte(holds.expiresAt, now)))
    .groupBy(holds.ownerKind, holds.ref)
    .orderBy(asc(min(holds.expiresAt)), asc(holds.ref))
    .limit(limit);
}

/** Refs with held reservations whose expiry passed, longest-lapsed first (hold-owners.server.ts sweeps them by owner). */
export async function expiredHolds(a: { now?: Date; limit?: number } = {}): Promise<string[]> {
  return (await expiredOwners(a)).map((r) => r.ref);
}

export { reserveBatch } from "./reservation-batch.server";
export { stockInvariant, type StockInvariant } from "./stock-invariant.server";
