import { and, asc, eq, gte, ne, sql } from "drizzle-orm";
import {
  harvestBatches,
  inventoryLedger,
  inventoryLevels,
  products,
  variants,
} from "../../db/schema";
import { LOW_STOCK_AT as LOW_STOCK } from "../inventory/schemas";
import { db } from "../lib/db.server";
export const SALES_DAYS = 30;

export interface DashboardPack {
  productId: string;
  variantId: string;
  productNameZh: string;
  productNameEn: string;
  labelZh: string;
  labelEn: string;
  available: number;
}

/**
 * What is true today for one cooperative, in three queries: its active packs with stock, units
 * sold per day from the ledger (paid orders, less their cancellations), and the harvests still to come.
 */
export async function dashboard({
  cooperativeId,
  now = new Date(),
}: {
  cooperativeId: string;
  now?: Date;
}) {
  const packs = await db()
    .select({
      productId: products.id,
      variantId: variants.id,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      labelZh: variants.labelZh,
      labelEn: variants.labelEn,
      priceFen: variants.priceFen,
      available: sql<number>`coalesce(${inventoryLevels.available}, 0)`.mapWith(Number),
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        eq(products.status, "active"),
        eq(variants.status, "active"),
      ),
    )
    .orderBy(asc(inventoryLevels.available), asc(products.nameEn));

  // Day boundaries in UTC+8: cooperatives and their buyers live on China time.
  const days = windowDays(now);
  const since = new Date(`${days[0]}T00:00:00+08:00`);
  // Paid orders move reserved → sold in the ledger; a later cancellation (sold → available, same
  // ref) counts against the day of the sale it undoes, so no day shows negative sales.
  const saleAt = sql<Date>`coalesce(case when ${inventoryLedger.soldDelta} < 0 and ${inventoryLedger.ref} is not null then
    (select min(s."created_at") from "inventory_ledger" s where s."ref" = ${inventoryLedger.ref}
      and s."variant_id" = ${inventoryLedger.variantId} and s."sold_delta" > 0) end, ${inventoryLedger.createdAt})`;
  const dayExpr = sql<string>`to_char((${saleAt} at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD')`;
  const sold = await db()
    .select({ day: dayExpr, units: sql<number>`sum(${inventoryLedger.soldDelta})`.mapWith(Number) })
    .from(inventoryLedger)
    .innerJoin(variants, eq(variants.id, inventoryLedger.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        gte(inventoryLedger.createdAt, since),
        ne(inventoryLedger.soldDelta, 0),
        gte(saleAt, since),
      ),
    )
    .groupBy(dayExpr);

  const upcoming = await db()
    .select({
      id: harvestBatches.id,
      productId: products.id,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      expectedDate: harvestBatches.expectedDate,
      expectedQuantityG: harvestBatches.expectedQuantityG,
      status: harvestBatches.status,
    })
    .from(harvestBatches)
    .innerJoin(products, eq(products.id, harvestBatches.productId))
    .where(and(eq(products.cooperativeId, cooperativeId), ne(harvestBatches.status, "harvested")))
    .orderBy(asc(harvestBatches.expectedDate))
    .limit(5);

  const toPack = ({ priceFen: _p, ...p }: (typeof packs)[number]): DashboardPack => p;
  return {
    lowStockAt: LOW_STOCK,
    activeProducts: new Set(packs.map((p) => p.productId)).size,
    activePacks: packs.length,
    soldOut: packs.filter((p) => p.available === 0).map(toPack),
    lowStock: packs.filter((p) => p.available > 0 && p.available <= LOW_STOCK).map(toPack),
    unitsOnHand: packs.reduce((sum, p) => sum + p.available, 0),
    stockValueFen: packs.reduce((sum, p) => sum + p.available * p.priceFen, 0),
    salesByDay: days.map((day) => ({
      day,
      units: Math.max(0, sold.find((s) => s.day === day)?.units ?? 0),
    })),
    upcoming,
  };
}

/** The last SALES_DAYS calendar days in China time, oldest first, today last. */
function windowDays(now: Date): string[] {
  const shanghai = now.getTime() + 8 * 3_600_000;
  return Array.from({ length: SALES_DAYS }, (_, i) =>
    new Date(shanghai - (SALES_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
