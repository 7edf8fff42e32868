import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { inventoryLevels, media, productImages, products, variants } from "../../db/schema";
import { db, type Executor, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import { uniqueFieldErrors, type Result } from "./admin-db.server";
import type { ProductInput, VariantInput } from "./admin-schemas";
import { invalidateCatalog } from "./cache.server";

export interface AdminProductRow {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: "active" | "archived";
  packs: number;
  available: number;
  minPriceFen: number | null;
  maxPriceFen: number | null;
  /** The card photo (position 0), so a farmer knows the product at a glance; null without photos. */
  thumbnail: AdminThumbnail | null;
}

export interface AdminThumbnail {
  hash: string;
  /** The smallest stored rendition (320 wide for every upload). */
  width: number;
  formats: string[];
  altZh: string;
  altEn: string;
}

/** The cooperative's products for the list page: newest first, with pack count, stock and price range. */
export async function listAdminProducts({
  cooperativeId,
  q,
  status,
}: {
  cooperativeId: string;
  q: string;
  status: "active" | "archived" | "all";
}): Promise<AdminProductRow[]> {
  const filters: (SQL | undefined)[] = [eq(products.cooperativeId, cooperativeId)];
  if (status !== "all") filters.push(eq(products.status, status));
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        ilike(products.nameZh, like),
        ilike(products.nameEn, like),
        sql`exists (select 1 from ${variants} sv where sv.product_id = ${products.id} and sv.sku ilike ${like})`,
      ),
    );
  }
  // Aggregates over active packs only: archived packs are neither sold nor counted.
  const rows = await db()
    .select({
      id: products.id,
      slug: products.slug,
      nameZh: products.nameZh,
      nameEn: products.nameEn,
      status: products.status,
      packs:
        sql<number>`count(${variants.id}) filter (where ${variants.status} = 'active')`.mapWith(
          Number,
        ),
      available:
        sql<number>`coalesce(sum(${inventoryLevels.available}) filter (where ${variants.status} = 'active'), 0)`.mapWith(
          Number,
        ),
      minPriceFen: sql<
        number | null
      >`min(${variants.priceFen}) filter (where ${variants.status} = 'active')`.mapWith((v) =>
        v == null ? null : Number(v),
      ),
      maxPriceFen: sql<
        number | null
      >`max(${variants.priceFen}) filter (where ${variants.status} = 'active')`.mapWith((v) =>
        v == null ? null : Number(v),
      ),
    })
    .from(products)
    .leftJoin(variants, eq(variants.productId, products.id))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(and(...filters))
    .groupBy(products.id)
    .orderBy(desc(products.createdAt), asc(products.id))
    .limit(200);
  const thumbs = await cardThumbnails(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, thumbnail: thumbs.get(r.id) ?? null }));
}

async function cardThumbnails(productIds: string[]): Promise<Map<string, AdminThumbnail>> {
  if (productIds.length === 0) return new Map();
  const rows = await db()
    .select({
      productId: productImages.productId,
      altZh: productImages.altZh,
      altEn: productImages.altEn,
      hash: media.hash,
      widths: media.widths,
      formats: media.formats,
    })
    .from(productImages)
    .innerJoin(media, eq(media.id, productImages.mediaId))
    .where(and(inArray(productImages.productId, productIds), eq(productImages.position, 0)));
  return new Map(
    rows.map((r) => [
      r.productId,
      {
        hash: r.hash,
        width: Math.min(...r.widths),
        formats: r.formats,
        altZh: r.altZh,
        altEn: r.altEn,
      },
    ]),
  );
}

/** One product with all its packs (archived ones too) and their stock; null when there is none. */
export async function getAdminProduct({ productId }: { productId: string }) {
  const product = await db().query.products.findFirst({ where: eq(products.id, productId) });
  if (!product) return null;
  const packs = await db()
    .select({ variant: variants, available: inventoryLevels.available })
    .from(variants)
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(eq(variants.productId, productId))
    .orderBy(asc(variants.position), asc(variants.createdAt));
  return { product, variants: packs.map((p) => ({ ...p.variant, available: p.available ?? 0 })) };
}

/** The cooperative that owns a product, for access checks on ids that arrive from outside. */
export async function productOwner({ productId }: { productId: string }): Promise<string | null> {
  const [row] = await db()
    .select({ cooperativeId: products.cooperativeId })
    .from(products)
    .where(eq(products.id, productId));
  return row?.cooperativeId ?? null;
}

/** A URL slug from the English name, or a random one for Chinese-only names; unique on the table. */
async function freeSlug(tx: Executor, wanted: string | undefined, nameEn: string): Promise<string> {
  const base =
    wanted ??
    (nameEn
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") ||
      newId("p", 8).toLowerCase().replace("_", "-"));
  // An explicit slug must be free; a derived one gets a short suffix when taken.
  if (wanted) return base;
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${newId("x", 4).slice(2).toLowerCase()}`;
    const [taken] = await tx
      .select({ id: products.id })
      .from(products)
      .where(eq(products.slug, candidate));
    if (!taken) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

function productValues(input: ProductInput) {
  const { slug: _slug, ...rest } = input;
  return rest;
}

export function variantValues(input: VariantInput) {
  return { ...input, compareAtFen: input.compareAtFen ?? null };
}

/**
 * What must exist with a new pack, added by the caller in the transaction that creates it (its
 * stock row; catalog does not write stock, app/listings composes the two).
 */
export type WithNewPacks = (tx: Tx, variantIds: string[]) => Promise<void>;

/** Creates a product with its first pack, and what `withNewPacks` adds, in one transaction. */
export async function createAdminProduct({
  cooperativeId,
  product,
  variant,
  withNewPacks,
}: {
  cooperativeId: string;
  product: ProductInput;
  variant: VariantInput;
  withNewPacks: WithNewPacks;
}): Promise<Result<{ productId: string }>> {
  const productId = newId("prd");
  try {
    await db().transaction(async (tx) => {
      const slug = await freeSlug(tx, product.slug, product.nameEn);
      await tx
        .insert(products)
        .values({ id: productId, cooperativeId, slug, ...productValues(product) });
      const variantId = newId("var");
      await tx
        .insert(variants)
        .values({ id: variantId, productId, position: 0, ...variantValues(variant) });
      await withNewPacks(tx, [variantId]);
    });
  } catch (error) {
    const errors = uniqueFieldErrors(error);
    // The new-product form names product fields bare and the first pack's with "variant.".
    return {
      ok: false,
      errors: "sku" in errors ? { "variant.sku": errors.sku! } : { slug: errors.slug! },
    };
  }
  invalidateCatalog();
  return { ok: true, value: { productId } };
}

export async function updateAdminProduct({
  productId,
  product,
}: {
  productId: string;
  product: ProductInput;
}): Promise<Result<null>> {
  try {
    await db()
      .update(products)
      .set({
        ...productValues(product),
        ...(product.slug ? { slug: product.slug } : {}),
        updatedAt: new Date(),
      })
      .where(eq(products.id, productId));
  } catch (error) {
    return { ok: false, errors: uniqueFieldErrors(error) };
  }
  invalidateCatalog();
  return { ok: true, value: null };
}

/** Archiving hides a product from the storefront and keeps its history; restoring shows it again. */
export async function setAdminProductStatus({
  productId,
  status,
}: {
  productId: string;
  status: "active" | "archived";
}) {
  await db()
    .update(products)
    .set({ status, updatedAt: new Date() })
    .where(eq(products.id, productId));
  invalidateCatalog();
}
