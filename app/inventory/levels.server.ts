import { and, asc, eq, ilike, lte, or, sql } from "drizzle-orm";
import { inventoryLevels, products, variants } from "../../db/schema";
import { assertCooperativeAccess, type SessionUser } from "../auth/session.server";
import { db } from "../lib/db.server";
import { variantIdSchema } from "./schemas";
import { invariantFound } from "../lib/not-found";

export interface StockRow {
  variantId: string;
  sku: string;
  productId: string;
  productSlug: string;
  productNameZh: string;
  productNameEn: string;
  labelZh: string;
  labelEn: string;
  status: "active" | "archived";
  priceFen: number;
  compareAtFen: number | null;
  available: number;
  reserved: number;
  sold: number;
}

const columns = {
  variantId: variants.id,
  sku: variants.sku,
  productId: products.id,
  productSlug: products.slug,
  productNameZh: products.nameZh,
  productNameEn: products.nameEn,
  labelZh: variants.labelZh,
  labelEn: variants.labelEn,
  status: variants.status,
  priceFen: variants.priceFen,
  compareAtFen: variants.compareAtFen,
  // A variant without a level row simply has no stock yet.
  available: sql<number>`coalesce(${inventoryLevels.available}, 0)`.mapWith(Number),
  reserved: sql<number>`coalesce(${inventoryLevels.reserved}, 0)`.mapWith(Number),
  sold: sql<number>`coalesce(${inventoryLevels.sold}, 0)`.mapWith(Number),
};

/** Every variant of one cooperative with its stock; `lowStockAt` keeps those at or under it. */
export async function listStock({
  cooperativeId,
  lowStockAt,
  query,
}: {
  cooperativeId: string;
  lowStockAt?: number;
  query?: string;
}): Promise<StockRow[]> {
  const like = query ? `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db()
    .select(columns)
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        lowStockAt === undefined
          ? undefined
          : lte(sql`coalesce(${inventoryLevels.available}, 0)`, lowStockAt),
        like
          ? or(
              ilike(variants.sku, like),
              ilike(products.nameZh, like),
              ilike(products.nameEn, like),
            )
          : undefined,
      ),
    )
    .orderBy(asc(products.nameEn), asc(products.id), asc(variants.position), asc(variants.sku));
}

/** One variant with its stock and owning cooperative (for the access check), or null. */
export async function getVariantStock(
  variantId: string,
): Promise<(StockRow & { cooperativeId: string }) | null> {
  const [row] = await db()
    .select({ ...columns, cooperativeId: products.cooperativeId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(eq(variants.id, variantId));
  return row ?? null;
}

/**
 * The variant when the user may act for its cooperative. An unknown id and another
 * cooperative's id both answer 404, so ids reveal nothing.
 */
export async function requireVariantAccess({
  user,
  variantId,
}: {
  user: SessionUser;
  variantId: string;
}) {
  const variant = variantIdSchema.safeParse(variantId).success
    ? await getVariantStock(variantId)
    : null;
  invariantFound(variant);
  assertCooperativeAccess(user, variant.cooperativeId);
  return variant;
}
