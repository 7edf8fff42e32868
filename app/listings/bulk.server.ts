import { eq, inArray, sql } from "drizzle-orm";
import { products, variants } from "../../db/schema";
import { applyStockChanges, StockError, type StockChange } from "../inventory/stock.server";
import type { BulkErrors, BulkRowInput } from "../inventory/schemas";
import { db } from "../lib/db.server";
import { invalidateCatalog } from "../catalog/cache.server";

export type BulkResult =
  | { ok: true; prices: number; stock: number }
  | { ok: false; errors: BulkErrors }
  /** A variant id that is not this cooperative's: the caller answers 404. */
  | { ok: false; notFound: string };

/**
 * Applies price and stock edits of many variants in one transaction: a stock conflict or
 * shortfall on any row rolls back every row. Unchanged rows write nothing.
 */
export async function applyBulkEdit({
  cooperativeId,
  rows,
  actor,
  reason,
}: {
  cooperativeId: string;
  rows: BulkRowInput[];
  actor: string;
  reason: string;
}): Promise<BulkResult> {
  const ids = rows.map((r) => r.variantId);
  const outcome = await db()
    .transaction(async (tx) => {
      const current = new Map(
        (
          await tx
            .select({
              id: variants.id,
              priceFen: variants.priceFen,
              compareAtFen: variants.compareAtFen,
              coop: products.cooperativeId,
            })
            .from(variants)
            .innerJoin(products, eq(products.id, variants.productId))
            .where(inArray(variants.id, ids))
        ).map((v) => [v.id, v]),
      );
      const foreign = ids.find((id) => current.get(id)?.coop !== cooperativeId);
      if (foreign) return { ok: false as const, notFound: foreign };

      let prices = 0;
      for (const r of rows) {
        const c = current.get(r.variantId)!;
        if (c.priceFen === r.priceFen && c.compareAtFen === r.compareAtFen) continue;
        await tx
          .update(variants)
          .set({ priceFen: r.priceFen, compareAtFen: r.compareAtFen, updatedAt: sql`now()` })
          .where(eq(variants.id, r.variantId));
        prices++;
      }
      const changes: StockChange[] = rows
        .filter((r) => r.available !== r.expected)
        .map((r) => ({
          variantId: r.variantId,
          available: r.available,
          expected: r.expected,
          reason,
          actor,
        }));
      try {
        await applyStockChanges(changes, { tx });
      } catch (error) {
        if (!(error instanceof StockError)) throw error;
        // Rolls back the price updates above too.
        throw new BulkRollback({
          [error.variantId]: {
            available: {
              key: `error.${error.code === "conflict" ? "conflict" : "available"}`,
              current: error.current,
            },
          },
        });
      }
      return { ok: true as const, prices, stock: changes.length };
    })
    .catch((error: unknown) => {
      if (error instanceof BulkRollback) return { ok: false as const, errors: error.errors };
      throw error;
    });
  if (outcome.ok && (outcome.prices || outcome.stock)) invalidateCatalog();
  return outcome;
}

class BulkRollback extends Error {
  constructor(readonly errors: BulkErrors) {
    super("bulk edit rolled back");
  }
}
