import { asc, eq } from "drizzle-orm";
import { harvestBatches, products } from "../../db/schema";
import { db } from "../lib/db.server";
import { newId } from "../lib/ids";
import type { BatchInput } from "./admin-schemas";
import { invalidateCatalog } from "./cache.server";

/** Harvest batches of the cooperative's products, soonest first; archived products' batches too. */
export async function listAdminBatches({ cooperativeId }: { cooperativeId: string }) {
  return db()
    .select({
      batch: harvestBatches,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
    })
    .from(harvestBatches)
    .innerJoin(products, eq(products.id, harvestBatches.productId))
    .where(eq(products.cooperativeId, cooperativeId))
    .orderBy(asc(harvestBatches.expectedDate), asc(harvestBatches.id))
    .limit(500);
}

/** The cooperative that owns a batch (through its product), for access checks. */
export async function batchOwner({ batchId }: { batchId: string }): Promise<string | null> {
  const [row] = await db()
    .select({ cooperativeId: products.cooperativeId })
    .from(harvestBatches)
    .innerJoin(products, eq(products.id, harvestBatches.productId))
    .where(eq(harvestBatches.id, batchId));
  return row?.cooperativeId ?? null;
}

/** The caller has checked that `batch.productId` belongs to a cooperative the user acts for. */
export async function createAdminBatch({
  batch,
}: {
  batch: BatchInput;
}): Promise<{ batchId: string }> {
  const batchId = newId("hb");
  await db()
    .insert(harvestBatches)
    .values({ id: batchId, ...batch });
  invalidateCatalog();
  return { batchId };
}

/**
 * Updates a batch. The batch may move to another product only within the same cooperative:
 * the caller checked both the batch's owner and the new product's owner.
 */
export async function updateAdminBatch({ batchId, batch }: { batchId: string; batch: BatchInput }) {
  await db().update(harvestBatches).set(batch).where(eq(harvestBatches.id, batchId));
  invalidateCatalog();
}
