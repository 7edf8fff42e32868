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
  quantitySchema,
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
 * Every movement is a guarded UPDATE on `inventory_levels` (or a capped offer's `offer_levels`)
 * plus ledger rows carrying the ref, in one transaction. Lock order is the same everywhere — a
 * ref's reservation rows (confirm, release, restock), then offer pool rows in offer-id order, then
 * level rows in variant-id order — so concurrent callers cannot deadlock.
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
  // The one lock order: pool rows (by offer id) before variant rows (by variant id).
  const key = (l: Resolved) => (l.pool ? `0${l.offerId}` : `1${l.variantId} ${l.offerId}`);
  return lines
    .map((l) => ({ ...l, pool: pools.get(l.offerId) }))
    .sort((x, y) => (key(x) < key(y) ? -1 : 1));
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

/** What one hold's settlement moves: on its offer's pool (taken from one) and on its variant. */
type Planned = {
  r: HoldRow;
  offer?: Move & { cap?: number };
  variant?: Move;
  /** Units that must be available (a lapsed hold taken again). */
  guardOffer?: number;
  guardVariant?: number;
};

/**
 * Applies settlements in the one lock order: pool rows by offer id (the holds come sorted so),
 * then variant rows by variant id, one statement per variant. Ledger rows stay one per hold.
 * Returns the hold whose guard refused (nothing should be kept then), or null.
 */
async function applyPlanned(
  t: Tx,
  planned: Planned[],
  ledger: LedgerRow[],
  reason: string,
  actor: string,
): Promise<HoldRow | null> {
  for (const p of planned) {
    if (!p.offer) continue;
    if (!(await moveOffer(t, p.r.offerId, p.offer, p.guardOffer))) return p.r;
    ledger.push(offerLedgerRow(p.r.variantId, p.r.offerId, p.offer, reason, actor, p.r.ref));
  }
  const byVariant = new Map<string, { d: Move; guard: number; first: HoldRow }>();
  for (const p of planned) {
    if (!p.variant) continue;
    const sum = byVariant.get(p.r.variantId) ?? { d: { ...ZERO }, guard: 0, first: p.r };
    sum.d.available += p.variant.available;
    sum.d.reserved += p.variant.reserved;
    sum.d.sold += p.variant.sold;
    sum.guard += p.guardVariant ?? 0;
    byVariant.set(p.r.variantId, sum);
    ledger.push(ledgerRow(p.r.variantId, p.variant, reason, actor, p.r.ref));
  }
  for (const [variantId, sum] of [...byVariant].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!(await moveStock(t, variantId, sum.d, sum.guard || undefined))) return sum.first;
  }
  return null;
}

const ZERO = { available: 0, reserved: 0, sold: 0 };
const nonZero = (d: Move): Move | undefined =>
  d.available || d.reserved || d.sold ? d : undefined;

/** The ref's holds' pools, locked (after the holds, before any variant row). */
const lockedPools = (t: Tx, rows: HoldRow[]) =>
  poolsOf(t, [...new Set(rows.map((r) => r.offerId))], { lock: true });

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
    const pools = await lockedPools(t, rows);
    const planned = rows.map((r): Planned => {
      const q = r.quantity;
      const held = r.status === "held";
      // From a pool, the units already sit in the variant's `reserved`: they move to sold there too.
      // A presale's pool drew nothing: its units come in from the harvest straight into sold.
      const pool = pools.get(r.offerId);
      if (pool) {
        return {
          r,
          offer: held
            ? { available: 0, reserved: -q, sold: q }
            : { available: -q, reserved: 0, sold: q },
          variant: pool.drawsStock ? { available: 0, reserved: -q, sold: q } : { ...ZERO, sold: q },
          guardOffer: held ? undefined : q,
        };
      }
      return {
        r,
        variant: held
          ? { available: 0, reserved: -q, sold: q }
          : { available: -q, reserved: 0, sold: q },
        guardVariant: held ? undefined : q,
      };
    });
    const ledger: LedgerRow[] = [];
    const refused = await applyPlanned(t, planned, ledger, "sold", actor);
    if (refused) {
      const { available } = pools.has(refused.offerId)
        ? await poolShortfall(t, refused.offerId)
        : await shortfall(t, refused.variantId);
      throw new Rollback({
        ok: false as const,
        error: "insufficient" as const,
        variantId: refused.variantId,
        available,
      });
    }
    await settle(t, rows, "confirmed", ledger);
    return { ok: true as const, confirmed: rows.length };
  });
}

/**
 * Units leaving an offer's hands (a release or a restock): back into an open pool, or, when the
 * pool is closed, back to the variant's available stock (the pool's cap shrinks by as much).
 * `pool` is read under its row lock, so a close cannot land between the choice and the move.
 */
function returnMoves(r: HoldRow, pool: Pool | undefined, from: "reserved" | "sold"): Planned {
  const q = r.quantity;
  const out = { ...ZERO, [from]: -q };
  if (!pool) return { r, variant: { ...out, available: q } };
  if (!pool.drawsStock) {
    // A presale: a held unit was never the variant's (the fruit is still growing), so it goes back
    // to the offer (or out of its cap once closed); a sold one was harvested, so the fruit joins
    // the variant's available stock and leaves the offer's cap.
    const variant = from === "sold" ? { available: q, reserved: 0, sold: -q } : undefined;
    if (pool.open && from === "reserved") return { r, offer: { ...out, available: q } };
    return { r, offer: { ...out, cap: -q }, variant };
  }
  if (pool.open) {
    // The units stay in the variant's `reserved` (the pool); only a sale moved them to its sold.
    return {
      r,
      offer: { ...out, available: q },
      variant: nonZero(from === "sold" ? { available: 0, reserved: q, sold: -q } : ZERO),
    };
  }
  return { r, offer: { ...out, cap: -q }, variant: { ...out, available: q } };
}

/**
 * Part of a ref's hold on one offer goes back (an order reduced before it was paid: a presale
 * order taking what a short harvest could fill): the hold keeps `keep` units, the rest return as a
 * release would return them. Idempotent: a hold already at `keep` or below moves nothing.
 */
export async function shrinkHold(a: {
  ref: string;
  offerId: string;
  keep: number;
  reason: string;
  actor: string;
  tx?: Executor;
}): Promise<{ returned: number }> {
  const { ref, offerId, keep, reason, actor } = parseInput(
    z.object({
      ref: refSchema,
      offerId: refSchema,
      keep: quantitySchema,
      reason: reasonSchema,
      actor: actorSchema,
    }),
    a,
  );
  return atomically(a.tx, async (t) => {
    const rows = (await lockHolds(t, ref, "held")).filter((r) => r.offerId === offerId);
    const row = rows[0];
    if (rows.length !== 1 || !row || row.quantity <= keep) return { returned: 0 };
    const part = { ...row, quantity: row.quantity - keep };
    const pools = await lockedPools(t, [row]);
    const ledger: LedgerRow[] = [];
    await applyPlanned(
      t,
      [returnMoves(part, pools.get(offerId), "reserved")],
      ledger,
      reason,
      actor,
    );
    await t.update(holds).set({ quantity: keep }).where(eq(holds.id, row.id));
    await t.insert(inventoryLedger).values(ledger);
    return { returned: part.quantity };
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
    const pools = await lockedPools(t, rows);
    const ledger: LedgerRow[] = [];
    const planned = rows.map((r) => returnMoves(r, pools.get(r.offerId), "reserved"));
    await applyPlanned(t, planned, ledger, reason, actor);
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
    const pools = await lockedPools(t, rows);
    const ledger: LedgerRow[] = [];
    const planned = rows.map((r) => returnMoves(r, pools.get(r.offerId), "sold"));
    await applyPlanned(t, planned, ledger, input.reason, input.actor);
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

/** A ref's held units stop lapsing: held until released (a presale order once its deposit is paid). */
export async function holdUntilReleased(a: { ref: string; tx?: Executor }): Promise<number> {
  const { ref } = parseInput(z.object({ ref: refSchema }), a);
  const rows = await (a.tx ?? db())
    .update(holds)
    .set({ expiresAt: null })
    .where(and(eq(holds.ref, ref), eq(holds.status, "held")))
    .returning({ id: holds.id });
  return rows.length;
}
