import { and, eq, sql } from "drizzle-orm";
import { variants } from "../../db/schema";
import { db } from "../lib/db.server";
import { newId } from "../lib/ids";
import { uniqueFieldErrors, type Result } from "./admin-db.server";
import { variantValues, type WithNewPacks } from "./admin-products.server";
import type { VariantInput } from "./admin-schemas";
import { invalidateCatalog } from "./cache.server";

/*
 * Every function here takes the product id the caller has already checked access to, and
 * matches the variant on both ids: a variant id from a form that belongs to another product
 * changes nothing and reports `found: false`.
 */

/** Adds a pack at the end of the product's list, and what `withNewPacks` adds, in one transaction. */
export async function addAdminVariant({
  productId,
  variant,
  withNewPacks,
}: {
  productId: string;
  variant: VariantInput;
  withNewPacks: WithNewPacks;
}): Promise<Result<{ variantId: string }>> {
  const variantId = newId("var");
  try {
    await db().transaction(async (tx) => {
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${variants.position}) + 1, 0)`.mapWith(Number) })
        .from(variants)
        .where(eq(variants.productId, productId))) as [{ next: number }];
      await tx
        .insert(variants)
        .values({ id: variantId, productId, position: next, ...variantValues(variant) });
      await withNewPacks(tx, [variantId]);
    });
  } catch (error) {
    return { ok: false, errors: uniqueFieldErrors(error) };
  }
  invalidateCatalog();
  return { ok: true, value: { variantId } };
}

export async function updateAdminVariant({
  productId,
  variantId,
  variant,
}: {
  productId: string;
  variantId: string;
  variant: VariantInput;
}): Promise<Result<{ found: boolean }>> {
  let rows: { id: string }[];
  try {
    rows = await db()
      .update(variants)
      .set({ ...variantValues(variant), updatedAt: new Date() })
      .where(and(eq(variants.id, variantId), eq(variants.productId, productId)))
      .returning({ id: variants.id });
  } catch (error) {
    return { ok: false, errors: uniqueFieldErrors(error) };
  }
  invalidateCatalog();
  return { ok: true, value: { found: rows.length === 1 } };
}

/** Archived packs leave the storefront (and carts) but keep their stock history. */
export async function setAdminVariantStatus({
  productId,
  variantId,
  status,
}: {
  productId: string;
  variantId: string;
  status: "active" | "archived";
}): Promise<{ found: boolean }> {
  const rows = await db()
    .update(variants)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(variants.id, variantId), eq(variants.productId, productId)))
    .returning({ id: variants.id });
  invalidateCatalog();
  return { found: rows.length === 1 };
}
