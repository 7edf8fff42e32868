import { and, asc, count, eq, sql } from "drizzle-orm";
import {
  cartLines,
  carts,
  cooperatives,
  inventoryLevels,
  media,
  productImages,
  products,
  variants,
} from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { pick, type Locale } from "../lib/i18n";
import { newId } from "../lib/ids";
import type { ImageRef } from "../media/images";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "./schemas";

export type CartError =
  | { ok: false; error: "variant" }
  | { ok: false; error: "sold_out" }
  | { ok: false; error: "above_stock"; remaining: number }
  | { ok: false; error: "cart_full"; max: number };
export type CartResult = { ok: true; cartId: string } | CartError;

/** Stock and status of a sellable variant, or null if it cannot be bought. */
async function sellable(tx: Executor, variantId: string) {
  const [row] = await tx
    .select({ available: inventoryLevels.available })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(
      and(eq(variants.id, variantId), eq(variants.status, "active"), eq(products.status, "active")),
    );
  return row ? { available: row.available ?? 0 } : null;
}

async function ensureCart(tx: Executor, cartId: string | null): Promise<string> {
  if (cartId) {
    const [found] = await tx
      .update(carts)
      .set({ updatedAt: sql`now()` })
      .where(eq(carts.id, cartId))
      .returning({ id: carts.id });
    if (found) return found.id;
  }
  const [created] = await tx
    .insert(carts)
    .values({ id: newId("crt") })
    .returning({ id: carts.id });
  return created!.id;
}

async function lineQuantity(tx: Executor, cartId: string | null, variantId: string) {
  if (!cartId) return 0;
  const [line] = await tx
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
  return line?.quantity ?? 0;
}

/** The cart holds no stock: it refuses what stock cannot cover now; checkout reserves. */
function checkStock(available: number, wanted: number): CartError | null {
  if (available <= 0) return { ok: false, error: "sold_out" };
  const cap = Math.min(available, MAX_LINE_QUANTITY);
  return wanted > cap ? { ok: false, error: "above_stock", remaining: cap } : null;
}

export async function addToCart({
  cartId,
  variantId,
  quantity,
}: {
  cartId: string | null;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  return db().transaction(async (tx) => {
    const stock = await sellable(tx, variantId);
    if (!stock) return { ok: false, error: "variant" } as const;
    const current = await lineQuantity(tx, cartId, variantId);
    const refused = checkStock(stock.available, current + quantity);
    if (refused) {
      return refused.error === "above_stock"
        ? { ...refused, remaining: Math.max(0, refused.remaining - current) }
        : refused;
    }
    if (cartId && current === 0) {
      // Under the cart's row lock, so two tabs adding at once cannot both take the last place.
      await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).for("update");
      const [lines] = await tx
        .select({ n: count() })
        .from(cartLines)
        .where(eq(cartLines.cartId, cartId));
      if ((lines?.n ?? 0) >= MAX_CART_LINES)
        return { ok: false, error: "cart_full", max: MAX_CART_LINES } as const;
    }
    const id = await ensureCart(tx, cartId);
    await tx
      .insert(cartLines)
      .values({ cartId: id, variantId, quantity })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity: sql`${cartLines.quantity} + excluded.quantity` },
      });
    return { ok: true, cartId: id } as const;
  });
}

export async function setCartLineQuantity({
  cartId,
  variantId,
  quantity,
}: {
  cartId: string;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  return db().transaction(async (tx) => {
    const stock = await sellable(tx, variantId);
    if (!stock) return { ok: false, error: "variant" } as const;
    const refused = checkStock(stock.available, quantity);
    if (refused) return refused;
    const updated = await tx
      .update(cartLines)
      .set({ quantity })
      .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)))
      .returning({ cartId: cartLines.cartId });
    return updated.length
      ? ({ ok: true, cartId } as const)
      : ({ ok: false, error: "variant" } as const);
  });
}

export async function removeCartLine({ cartId, variantId }: { cartId: string; variantId: string }) {
  await db()
    .delete(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
}

export async function cartItemCount({ cartId }: { cartId: string | null }): Promise<number> {
  if (!cartId) return 0;
  const [row] = await db()
    .select({ n: sql<number>`coalesce(sum(${cartLines.quantity}), 0)`.mapWith(Number) })
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId));
  return row?.n ?? 0;
}

export interface CartLineView {
  variantId: string;
  productSlug: string;
  productName: string;
  variantLabel: string;
  storageClass: "ambient" | "chilled";
  netWeightG: number;
  priceFen: number;
  quantity: number;
  lineTotalFen: number;
  available: number;
  sellable: boolean;
  image: ImageRef | null;
}

export interface CartView {
  id: string | null;
  groups: {
    cooperative: { slug: string; name: string };
    lines: CartLineView[];
    subtotalFen: number;
  }[];
  itemCount: number;
  subtotalFen: number;
  netWeightG: number;
  canCheckout: boolean;
}

export async function getCart({
  cartId,
  locale,
}: {
  cartId: string | null;
  locale: Locale;
}): Promise<CartView> {
  const rows = cartId
    ? await db()
        .select({
          line: cartLines,
          variant: variants,
          product: products,
          coop: {
            slug: cooperatives.slug,
            nameZh: cooperatives.nameZh,
            nameEn: cooperatives.nameEn,
          },
          available: inventoryLevels.available,
          image: media,
          altZh: productImages.altZh,
          altEn: productImages.altEn,
        })
        .from(cartLines)
        .innerJoin(variants, eq(variants.id, cartLines.variantId))
        .innerJoin(products, eq(products.id, variants.productId))
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
        .leftJoin(
          productImages,
          and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
        )
        .leftJoin(media, eq(media.id, productImages.mediaId))
        .where(eq(cartLines.cartId, cartId))
        .orderBy(asc(cooperatives.slug), asc(cartLines.addedAt), asc(variants.sku))
    : [];

  const groups = new Map<string, CartView["groups"][number]>();
  for (const r of rows) {
    const isSellable = r.variant.status === "active" && r.product.status === "active";
    const line: CartLineView = {
      variantId: r.variant.id,
      productSlug: r.product.slug,
      productName: pick(r.product, "name", locale),
      variantLabel: pick(r.variant, "label", locale),
      storageClass: r.product.storageClass,
      netWeightG: r.variant.netWeightG,
      priceFen: r.variant.priceFen,
      quantity: r.line.quantity,
      lineTotalFen: r.variant.priceFen * r.line.quantity,
      available: r.available ?? 0,
      sellable: isSellable,
      image: r.image
        ? { ...r.image, alt: pick({ altZh: r.altZh ?? "", altEn: r.altEn ?? "" }, "alt", locale) }
        : null,
    };
    const group = groups.get(r.coop.slug) ?? {
      cooperative: { slug: r.coop.slug, name: pick(r.coop, "name", locale) },
      lines: [],
      subtotalFen: 0,
    };
    group.lines.push(line);
    group.subtotalFen += line.lineTotalFen;
    groups.set(r.coop.slug, group);
  }
  const lines = [...groups.values()].flatMap((g) => g.lines);
  return {
    id: cartId,
    groups: [...groups.values()],
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotalFen: lines.reduce((n, l) => n + l.lineTotalFen, 0),
    netWeightG: lines.reduce((n, l) => n + l.netWeightG * l.quantity, 0),
    canCheckout: lines.length > 0 && lines.every((l) => l.sellable && l.quantity <= l.available),
  };
}
