import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import {
  inventoryLedger,
  inventoryLevels,
  inventoryReservations as holds,
  offerLevels,
} from "../../db/schema";
import { db, type Executor } from "../lib/db.server";

export interface StockInvariant {
  variantId: string;
  /** The level row (zeros when the variant has none). */
  level: { available: number; reserved: number; sold: number };
  /** Sums of the ledger's deltas: they must equal `level` when all stock entered through the ledger. */
  ledger: { available: number; reserved: number; sold: number };
  /** Quantities by reservation status (not those under pools that draw no stock): `held` + `pools` must equal `level.reserved`. */
  reservations: { held: number; confirmed: number; released: number };
  /** Units drawn into capped offers' pools and not yet held or sold there (they count in `reserved`); pools that draw no stock are left out. */
  pools: number;
  /** level = ledger sums, held + pools = reserved, nothing negative. */
  balanced: boolean;
}

const total = (column: unknown) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** The sums of the ledger rows `where` selects: what the level they count must hold. */
export async function ledgerTotals(q: Executor, where: SQL | undefined) {
  const [row] = await q
    .select({
      available: total(inventoryLedger.availableDelta),
      reserved: total(inventoryLedger.reservedDelta),
      sold: total(inventoryLedger.soldDelta),
    })
    .from(inventoryLedger)
    .where(where);
  return row!;
}

/** Quantities of the reservations `where` selects, by status. */
export async function holdTotals(q: Executor, where: SQL | undefined) {
  const by = (status: string) =>
    total(sql`case when ${holds.status} = ${status} then ${holds.quantity} end`);
  const [row] = await q
    .select({ held: by("held"), confirmed: by("confirmed"), released: by("released") })
    .from(holds)
    .where(where);
  return row!;
}

/**
 * For tests and audits: `initial = available + reserved + sold` holds when every movement has a
 * ledger row. Stock inserted straight into inventory_levels (the catalog test factory does) has
 * none: seed with adjustStock, or compare `level.available - ledger.available` before and after.
 */
export async function stockInvariant({
  variantId,
  tx,
}: {
  variantId: string;
  tx?: Executor;
}): Promise<StockInvariant> {
  const q = tx ?? db();
  const [levelRow] = await q
    .select({
      available: inventoryLevels.available,
      reserved: inventoryLevels.reserved,
      sold: inventoryLevels.sold,
    })
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  // Rows with an offer id count an offer's own pool, not the variant's level.
  const ledger = await ledgerTotals(
    q,
    and(eq(inventoryLedger.variantId, variantId), isNull(inventoryLedger.offerId)),
  );
  // Pools that do not draw stock (presales) and their holds are a harvest still growing: not the
  // variant's until a confirmed hold brings its units in.
  const [pools] = await q
    .select({ available: total(offerLevels.available) })
    .from(offerLevels)
    .where(
      and(
        eq(offerLevels.variantId, variantId),
        isNull(offerLevels.closedAt),
        eq(offerLevels.drawsStock, true),
      ),
    );
  const res = await holdTotals(
    q,
    and(
      eq(holds.variantId, variantId),
      sql`not exists (select 1 from ${offerLevels} where ${offerLevels.offerId} = ${holds.offerId} and not ${offerLevels.drawsStock})`,
    ),
  );
  const level = levelRow ?? { available: 0, reserved: 0, sold: 0 };
  const balanced =
    level.available === ledger.available &&
    level.reserved === ledger.reserved &&
    level.sold === ledger.sold &&
    res.held + pools!.available === level.reserved &&
    Math.min(level.available, level.reserved, level.sold) >= 0;
  return {
    variantId,
    level,
    ledger: ledger,
    reservations: res,
    pools: pools!.available,
    balanced,
  };
}
