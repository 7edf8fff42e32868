import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import {
  inventoryLedger,
  inventoryReservations as holds,
  offerLevels,
  offers,
} from "../../db/schema";
import { db, type Executor, type Tx } from "../lib/db.server";
import {
  actorSchema,
  atomically,
  ledgerRow,
  MAX_RESERVE_QUANTITY,
  moveStock,
  type Move,
  orRollback,
  parseInput,
  refSchema,
  Rollback,
  shortfall,
} from "./reservation-core.server";
import { holdTotals, ledgerTotals } from "./stock-invariant.server";

/**
 * A capped offer's pool: units drawn from the variant's `available` into its `reserved`, which
 * the offer then sells on its own row (`offer_levels`), so a flash sale's hot row is the sale's,
 * and the offer can never sell more than was drawn. `cap = available + reserved + sold` is a
 * CHECK on the row. Closing a pool gives what is left back to the variant.
 *
 * A pool that does not draw stock (`draws_stock = false`, a presale's) is filled with its cap
 * alone: the units are a harvest still growing, so the variant's level is not touched when it
 * opens, grows, shrinks or closes; its units enter the variant only when an order's hold is
 * confirmed (straight into the variant's `sold`).
 */

/** `drawsStock` false: a presale's pool of a harvest still growing (see db/schema.ts offer_levels). */
export type Pool = { open: boolean; drawsStock: boolean };

/**
 * Which of these offers sell from a pool (open or closed); an offer absent here sells the variant's
 * stock. `lock`: the pool rows are locked, in offer-id order, so a close waits for the caller.
 */
export async function poolsOf(
  t: Executor,
  offerIds: string[],
  { lock = false }: { lock?: boolean } = {},
): Promise<Map<string, Pool>> {
  if (!offerIds.length) return new Map();
  const query = t
    .select({
      offerId: offerLevels.offerId,
      closedAt: offerLevels.closedAt,
      drawsStock: offerLevels.drawsStock,
    })
    .from(offerLevels)
    .where(inArray(offerLevels.offerId, offerIds))
    .orderBy(asc(offerLevels.offerId));
  const rows = lock ? await query.for("update") : await query;
  return new Map(
    rows.map((r) => [r.offerId, { open: r.closedAt === null, drawsStock: r.drawsStock }]),
  );
}

/** One statement on the offer's row; `guardAvailable` refuses (null) unless that much is left in an open pool. */
export async function moveOffer(
  t: Tx,
  offerId: string,
  d: Move & { cap?: number },
  guardAvailable?: number,
): Promise<{ available: number } | null> {
  const l = offerLevels;
  const [row] = await t
    .update(l)
    .set({
      cap: sql`${l.cap} + ${d.cap ?? 0}`,
      available: sql`${l.available} + ${d.available}`,
      reserved: sql`${l.reserved} + ${d.reserved}`,
      sold: sql`${l.sold} + ${d.sold}`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(l.offerId, offerId),
        guardAvailable === undefined ? undefined : gte(l.available, guardAvailable),
        guardAvailable === undefined ? undefined : isNull(l.closedAt),
      ),
    )
    .returning({ available: l.available });
  return row ?? null;
}

export function offerLedgerRow(
  variantId: string,
  offerId: string,
  d: Move,
  reason: string,
  actor: string,
  ref: string,
) {
  return { ...ledgerRow(variantId, d, reason, actor, ref), offerId };
}

/** What is left in an offer's pool (0 when it has none or is closed). */
export async function poolShortfall(
  t: Tx,
  offerId: string,
): Promise<{ error: "sold_out" | "insufficient"; available: number }> {
  const [level] = await t
    .select({ available: offerLevels.available, closedAt: offerLevels.closedAt })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId));
  const available = level && !level.closedAt ? level.available : 0;
  return { error: available > 0 ? "insufficient" : "sold_out", available };
}

const drawSchema = z.object({
  offerId: refSchema,
  quantity: z.number().int().min(1).max(MAX_RESERVE_QUANTITY),
  actor: actorSchema,
});

/**
 * Draws `quantity` of the variant's available stock into a capped offer's pool (its cap grows by
 * as much). All or nothing: short stock answers with what the variant has and changes nothing.
 */
export async function drawOfferStock(a: {
  offerId: string;
  quantity: number;
  actor: string;
  tx?: Executor;
}): Promise<
  | { ok: true; cap: number }
  | { ok: false; error: "sold_out" | "insufficient" | "not_found" | "closed"; available: number }
> {
  const { offerId, quantity: q, actor } = parseInput(drawSchema, a);
  return orRollback(a.tx, async (t) => {
    const [offer] = await t
      .select({ variantId: offers.variantId, kind: offers.kind })
      .from(offers)
      .where(eq(offers.id, offerId));
    if (!offer || offer.kind === "standard") {
      throw new Rollback({ ok: false as const, error: "not_found" as const, available: 0 });
    }
    // The pool row first, then the variant's: the lock order every stock movement keeps.
    await t
      .insert(offerLevels)
      .values({ offerId, variantId: offer.variantId })
      .onConflictDoNothing({ target: offerLevels.offerId });
    const [pool] = await t
      .select({ closedAt: offerLevels.closedAt })
      .from(offerLevels)
      .where(eq(offerLevels.offerId, offerId))
      .for("update");
    if (pool!.closedAt)
      throw new Rollback({ ok: false as const, error: "closed" as const, available: 0 });
    const d = { available: -q, reserved: q, sold: 0 };
    if (!(await moveStock(t, offer.variantId, d, q))) {
      const short = await shortfall(t, offer.variantId);
      throw new Rollback({ ok: false as const, ...short });
    }
    const [level] = await t
      .update(offerLevels)
      .set({
        cap: sql`${offerLevels.cap} + ${q}`,
        available: sql`${offerLevels.available} + ${q}`,
        updatedAt: sql`now()`,
      })
      .where(eq(offerLevels.offerId, offerId))
      .returning({ cap: offerLevels.cap });
    await t
      .insert(inventoryLedger)
      .values([
        ledgerRow(offer.variantId, d, "offer_drawn", actor, offerId),
        offerLedgerRow(
          offer.variantId,
          offerId,
          { available: q, reserved: 0, sold: 0 },
          "offer_drawn",
          actor,
          offerId,
        ),
      ]);
    return { ok: true as const, cap: level!.cap };
  });
}

/**
 * Closes a pool: what it has not sold or held goes back to the variant's available stock, and its
 * cap shrinks to what it kept. Holds still out settle later against the variant (released units
 * go back to it). Idempotent: `returned` is 0 on a closed pool. A pool that does not draw stock
 * returns nothing (its cap just shrinks to what it kept).
 */
export async function closeOfferStock(a: {
  offerId: string;
  actor: string;
  tx?: Executor;
}): Promise<{ returned: number }> {
  const { offerId, actor } = parseInput(z.object({ offerId: refSchema, actor: actorSchema }), a);
  return atomically(a.tx, async (t) => {
    const [level] = await t
      .select()
      .from(offerLevels)
      .where(and(eq(offerLevels.offerId, offerId), isNull(offerLevels.closedAt)))
      .for("update");
    if (!level) return { returned: 0 };
    const q = level.available;
    await t
      .update(offerLevels)
      .set({ cap: sql`${offerLevels.cap} - ${q}`, available: 0, closedAt: sql`now()` })
      .where(eq(offerLevels.offerId, offerId));
    if (q > 0) {
      const d = { available: q, reserved: -q, sold: 0 };
      // A pool that drew nothing gives nothing back: the units it had not sold were never the variant's.
      if (level.drawsStock) await moveStock(t, level.variantId, d);
      await t
        .insert(inventoryLedger)
        .values([
          ...(level.drawsStock
            ? [ledgerRow(level.variantId, d, "offer_closed", actor, offerId)]
            : []),
          offerLedgerRow(
            level.variantId,
            offerId,
            { available: -q, reserved: 0, sold: 0 },
            "offer_closed",
            actor,
            offerId,
          ),
        ]);
    }
    return { returned: level.drawsStock ? q : 0 };
  });
}

/**
 * Gives `quantity` of a drawn pool's unsold, unheld units back to the variant (its cap shrinks by
 * as much): a group deal's maximum lowered. All or nothing: a pool with less left than that, or
 * closed, or one that draws no stock, answers with what it has and changes nothing.
 */
export async function returnOfferStock(a: {
  offerId: string;
  quantity: number;
  actor: string;
  tx?: Executor;
}): Promise<
  { ok: true; cap: number } | { ok: false; error: "not_found" | "insufficient"; available: number }
> {
  const { offerId, quantity: q, actor } = parseInput(drawSchema, a);
  return orRollback(a.tx, async (t) => {
    // The pool row first, then the variant's: the lock order every stock movement keeps.
    const [level] = await t
      .select()
      .from(offerLevels)
      .where(and(eq(offerLevels.offerId, offerId), eq(offerLevels.drawsStock, true)))
      .for("update");
    if (!level) return { ok: false as const, error: "not_found" as const, available: 0 };
    if (level.closedAt || level.available < q)
      return {
        ok: false as const,
        error: "insufficient" as const,
        available: level.closedAt ? 0 : level.available,
      };
    const [pool] = await t
      .update(offerLevels)
      .set({
        cap: sql`${offerLevels.cap} - ${q}`,
        available: sql`${offerLevels.available} - ${q}`,
        updatedAt: sql`now()`,
      })
      .where(eq(offerLevels.offerId, offerId))
      .returning({ cap: offerLevels.cap });
    const d = { available: q, reserved: -q, sold: 0 };
    await moveStock(t, level.variantId, d);
    await t
      .insert(inventoryLedger)
      .values([
        ledgerRow(level.variantId, d, "offer_returned", actor, offerId),
        offerLedgerRow(
          level.variantId,
          offerId,
          { available: -q, reserved: 0, sold: 0 },
          "offer_returned",
          actor,
          offerId,
        ),
      ]);
    return { ok: true as const, cap: pool!.cap };
  });
}

const fillSchema = z.object({
  offerId: refSchema,
  cap: z.number().int().min(1).max(MAX_RESERVE_QUANTITY),
  actor: actorSchema,
});

/**
 * Opens a pool that does not draw stock (a presale's): cap = available = `cap`, with the offer's
 * own ledger row; the variant's level is not touched. Refuses an offer that already has a pool.
 */
export async function openUndrawnPool(a: {
  offerId: string;
  cap: number;
  actor: string;
  tx?: Executor;
}): Promise<{ ok: true; cap: number } | { ok: false; error: "not_found" | "exists" }> {
  const { offerId, cap, actor } = parseInput(fillSchema, a);
  return orRollback(a.tx, async (t) => {
    const [offer] = await t
      .select({ variantId: offers.variantId, kind: offers.kind })
      .from(offers)
      .where(eq(offers.id, offerId));
    if (!offer || offer.kind === "standard")
      return { ok: false as const, error: "not_found" as const };
    const made = await t
      .insert(offerLevels)
      .values({ offerId, variantId: offer.variantId, cap, available: cap, drawsStock: false })
      .onConflictDoNothing({ target: offerLevels.offerId })
      .returning({ cap: offerLevels.cap });
    if (!made.length) return { ok: false as const, error: "exists" as const };
    await t
      .insert(inventoryLedger)
      .values(
        offerLedgerRow(
          offer.variantId,
          offerId,
          { available: cap, reserved: 0, sold: 0 },
          "pool_opened",
          actor,
          offerId,
        ),
      );
    return { ok: true as const, cap };
  });
}

/**
 * Sets the cap of an open pool that does not draw stock: raising it adds available units; lowering
 * it takes them away, never below what is held and sold (`committed`), which is refused as it is.
 */
export async function resizeUndrawnPool(a: {
  offerId: string;
  cap: number;
  actor: string;
  tx?: Executor;
}): Promise<
  | { ok: true; cap: number; delta: number }
  | { ok: false; error: "not_found" | "closed" | "below_committed"; committed: number }
> {
  const { offerId, cap, actor } = parseInput(fillSchema, a);
  return orRollback(a.tx, async (t) => {
    const [level] = await t
      .select()
      .from(offerLevels)
      .where(and(eq(offerLevels.offerId, offerId), eq(offerLevels.drawsStock, false)))
      .for("update");
    if (!level) return { ok: false as const, error: "not_found" as const, committed: 0 };
    const committed = level.reserved + level.sold;
    if (level.closedAt) return { ok: false as const, error: "closed" as const, committed };
    if (cap < committed)
      return { ok: false as const, error: "below_committed" as const, committed };
    const delta = cap - level.cap;
    if (delta !== 0) {
      await t
        .update(offerLevels)
        .set({
          cap: sql`${offerLevels.cap} + ${delta}`,
          available: sql`${offerLevels.available} + ${delta}`,
          updatedAt: sql`now()`,
        })
        .where(eq(offerLevels.offerId, offerId));
      await t
        .insert(inventoryLedger)
        .values(
          offerLedgerRow(
            level.variantId,
            offerId,
            { available: delta, reserved: 0, sold: 0 },
            "pool_resized",
            actor,
            offerId,
          ),
        );
    }
    return { ok: true as const, cap, delta };
  });
}

/** A pool's counts as they stand (null: the offer has no pool). */
export async function poolLevel({ offerId, tx }: { offerId: string; tx?: Executor }): Promise<{
  cap: number;
  available: number;
  reserved: number;
  sold: number;
  open: boolean;
} | null> {
  const [row] = await (tx ?? db())
    .select()
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId));
  if (!row) return null;
  return {
    cap: row.cap,
    available: row.available,
    reserved: row.reserved,
    sold: row.sold,
    open: row.closedAt === null,
  };
}

export interface OfferInvariant {
  offerId: string;
  level: { cap: number; available: number; reserved: number; sold: number };
  /** Sums of the offer's own ledger rows: they equal `level` (the cap is their total). */
  ledger: { available: number; reserved: number; sold: number };
  reservations: { held: number; confirmed: number; released: number };
  /** cap = available + reserved + sold, ledger = level, held = reserved, nothing negative, a closed pool empty. */
  balanced: boolean;
}

/** For tests and audits: a capped offer's own ledger invariant. */
export async function offerInvariant({
  offerId,
  tx,
}: {
  offerId: string;
  tx?: Executor;
}): Promise<OfferInvariant> {
  const q = tx ?? db();
  const [row] = await q
    .select({
      cap: offerLevels.cap,
      available: offerLevels.available,
      reserved: offerLevels.reserved,
      sold: offerLevels.sold,
      closedAt: offerLevels.closedAt,
    })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId));
  const l = await ledgerTotals(q, eq(inventoryLedger.offerId, offerId));
  const res = await holdTotals(q, eq(holds.offerId, offerId));
  const { closedAt, ...level } = row ?? {
    cap: 0,
    available: 0,
    reserved: 0,
    sold: 0,
    closedAt: null,
  };
  const balanced =
    // A closed pool sells nothing more: what it had left went back to the variant.
    (closedAt === null || level.available === 0) &&
    level.cap === level.available + level.reserved + level.sold &&
    l.available === level.available &&
    l.reserved === level.reserved &&
    l.sold === level.sold &&
    res.held === level.reserved &&
    res.confirmed === level.sold &&
    Math.min(level.available, level.reserved, level.sold) >= 0;
  return { offerId, level, ledger: l, reservations: res, balanced };
}
