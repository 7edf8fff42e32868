import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import {
  cartLines,
  carts,
  cooperatives,
  inventoryLevels,
  media,
  offerLevels,
  offers,
  productImages,
  products,
  variants,
  type OfferKind,
} from "../../db/schema";
import { cachedRead } from "../catalog/cache.server";
import { db, type Executor } from "../lib/db.server";
import { pick, type Locale } from "../lib/i18n";
import { newId } from "../lib/ids";
import type { ImageRef } from "../media/images";
import { priceLine } from "../offers/pricing";
import { freeShippingOf } from "./checkout-plan";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "./schemas";

export type CartError =
  | { ok: false; error: "variant" }
  | { ok: false; error: "sold_out" }
  | { ok: false; error: "above_stock"; remaining: number }
  | { ok: false; error: "cart_full"; max: number };
export type CartResult = { ok: true; cartId: string } | CartError;

/**
 * The offer a line is sold under (the variant's standard offer unless one is named), with what it
 * can still sell: its pool for a capped offer, else the variant's stock. Null: it cannot be bought.
 */
async function sellable(tx: Executor, variantId: string, offerId?: string) {
  const [row] = await tx
    .select({
      offer: offers,
      available: inventoryLevels.available,
      pool: { available: offerLevels.available, closedAt: offerLevels.closedAt },
    })
    .from(offers)
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .leftJoin(offerLevels, eq(offerLevels.offerId, offers.id))
    .where(
      and(
        eq(offers.variantId, variantId),
        offerId ? eq(offers.id, offerId) : eq(offers.kind, "standard"),
        eq(variants.status, "active"),
        eq(products.status, "active"),
      ),
    );
  if (!row) return null;
  if (!priceLine({ offer: row.offer, quantity: 1, now: new Date() }).ok) return null;
  return {
    offerId: row.offer.id,
    available: offerAvailable(row),
    limit: row.offer.perShopperLimit,
  };
}

/** What an offer can still sell: its open pool, or the variant's stock for an uncapped offer. */
function offerAvailable(row: {
  available: number | null;
  pool: { available: number; closedAt: Date | null } | null;
}): number {
  if (row.pool) return row.pool.closedAt ? 0 : row.pool.available;
  return row.available ?? 0;
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

async function lineQuantity(tx: Executor, cartId: string | null, offerId: string) {
  if (!cartId) return 0;
  const [line] = await tx
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.offerId, offerId)));
  return line?.quantity ?? 0;
}

/** The cart holds no stock: it refuses what stock cannot cover now; checkout reserves. */
function checkStock(available: number, wanted: number, limit: number | null): CartError | null {
  if (available <= 0) return { ok: false, error: "sold_out" };
  const cap = Math.min(available, MAX_LINE_QUANTITY, limit ?? MAX_LINE_QUANTITY);
  return wanted > cap ? { ok: false, error: "above_stock", remaining: cap } : null;
}

/** Adds to the line of the variant under `offerId` (its standard offer when none is named). */
export async function addToCart({
  cartId,
  variantId,
  offerId,
  quantity,
}: {
  cartId: string | null;
  variantId: string;
  offerId?: string;
  quantity: number;
}): Promise<CartResult> {
  return db().transaction(async (tx) => {
    const stock = await sellable(tx, variantId, offerId);
    if (!stock) return { ok: false, error: "variant" } as const;
    const current = await lineQuantity(tx, cartId, stock.offerId);
    const refused = checkStock(stock.available, current + quantity, stock.limit);
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
      .values({ cartId: id, variantId, offerId: stock.offerId, quantity })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.offerId],
        set: { quantity: sql`${cartLines.quantity} + excluded.quantity` },
      });
    return { ok: true, cartId: id } as const;
  });
}

/**
 * Buy now: the browser's buy-now cart (a cart of its own, so the shopper's cart is neither
 * checked out nor changed) made to hold exactly this pack and quantity, under its standard offer.
 * Checkout then goes through the same placeOrder as the cart: stock is reserved there, once, and
 * the submit key makes a resent form find its order.
 */
export async function startBuyNow({
  buyCartId,
  variantId,
  quantity,
}: {
  buyCartId: string | null;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  return db().transaction(async (tx) => {
    const stock = await sellable(tx, variantId);
    if (!stock) return { ok: false, error: "variant" } as const;
    const refused = checkStock(stock.available, quantity, stock.limit);
    if (refused) return refused;
    const id = await ensureCart(tx, buyCartId);
    await tx.delete(cartLines).where(eq(cartLines.cartId, id));
    await tx.insert(cartLines).values({ cartId: id, variantId, offerId: stock.offerId, quantity });
    return { ok: true, cartId: id } as const;
  });
}

/** The per-shopper limit of each pack's standard offer (absent: none), as a product page shows it. */
export function perShopperLimits({
  variantIds,
}: {
  variantIds: string[];
}): Promise<Record<string, number>> {
  if (!variantIds.length) return Promise.resolve({});
  // The same for every visitor, and read by every product page view: cached like the catalog.
  return cachedRead(`shopper-limits:${variantIds.join(",")}`, async () => {
    const rows = await db()
      .select({ variantId: offers.variantId, limit: offers.perShopperLimit })
      .from(offers)
      .where(and(eq(offers.kind, "standard"), inArray(offers.variantId, variantIds)));
    return Object.fromEntries(rows.flatMap((r) => (r.limit ? [[r.variantId, r.limit]] : [])));
  });
}

export async function setCartLineQuantity({
  cartId,
  variantId,
  offerId,
  quantity,
}: {
  cartId: string;
  variantId: string;
  offerId?: string;
  quantity: number;
}): Promise<CartResult> {
  return db().transaction(async (tx) => {
    const stock = await sellable(tx, variantId, offerId);
    if (!stock) return { ok: false, error: "variant" } as const;
    const refused = checkStock(stock.available, quantity, stock.limit);
    if (refused) return refused;
    const updated = await tx
      .update(cartLines)
      .set({ quantity })
      .where(and(eq(cartLines.cartId, cartId), eq(cartLines.offerId, stock.offerId)))
      .returning({ cartId: cartLines.cartId });
    return updated.length
      ? ({ ok: true, cartId } as const)
      : ({ ok: false, error: "variant" } as const);
  });
}

/** Removes the variant's line under `offerId` (its standard offer's line when none is named). */
export async function removeCartLine({
  cartId,
  variantId,
  offerId,
}: {
  cartId: string;
  variantId: string;
  offerId?: string;
}) {
  await db()
    .delete(cartLines)
    .where(
      and(
        eq(cartLines.cartId, cartId),
        eq(cartLines.variantId, variantId),
        offerId
          ? eq(cartLines.offerId, offerId)
          : inArray(
              cartLines.offerId,
              db()
                .select({ id: offers.id })
                .from(offers)
                .where(and(eq(offers.variantId, variantId), eq(offers.kind, "standard"))),
            ),
      ),
    );
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
  offerId: string;
  offerKind: OfferKind;
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
    /** The cooperative's free-shipping threshold and what this cart still lacks to reach it. */
    freeShipping: { minFen: number; missingFen: number } | null;
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
          offer: offers,
          variant: variants,
          product: products,
          coop: {
            slug: cooperatives.slug,
            nameZh: cooperatives.nameZh,
            nameEn: cooperatives.nameEn,
            freeShippingMinFen: cooperatives.freeShippingMinFen,
          },
          available: inventoryLevels.available,
          pool: { available: offerLevels.available, closedAt: offerLevels.closedAt },
          image: media,
          altZh: productImages.altZh,
          altEn: productImages.altEn,
        })
        .from(cartLines)
        .innerJoin(offers, eq(offers.id, cartLines.offerId))
        .innerJoin(variants, eq(variants.id, cartLines.variantId))
        .innerJoin(products, eq(products.id, variants.productId))
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
        .leftJoin(offerLevels, eq(offerLevels.offerId, offers.id))
        .leftJoin(
          productImages,
          and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
        )
        .leftJoin(media, eq(media.id, productImages.mediaId))
        .where(eq(cartLines.cartId, cartId))
        .orderBy(asc(cooperatives.slug), asc(cartLines.addedAt), asc(variants.sku))
    : [];

  const now = new Date();
  const groups = new Map<string, CartView["groups"][number]>();
  for (const r of rows) {
    const price = priceLine({ offer: r.offer, quantity: r.line.quantity, now });
    const isSellable = r.variant.status === "active" && r.product.status === "active" && price.ok;
    const line: CartLineView = {
      variantId: r.variant.id,
      offerId: r.offer.id,
      offerKind: r.offer.kind,
      productSlug: r.product.slug,
      productName: pick(r.product, "name", locale),
      variantLabel: pick(r.variant, "label", locale),
      storageClass: r.product.storageClass,
      netWeightG: r.variant.netWeightG,
      priceFen: r.offer.priceFen,
      quantity: r.line.quantity,
      lineTotalFen: r.offer.priceFen * r.line.quantity,
      available: offerAvailable(r),
      sellable: isSellable,
      image: r.image
        ? { ...r.image, alt: pick({ altZh: r.altZh ?? "", altEn: r.altEn ?? "" }, "alt", locale) }
        : null,
    };
    const group = groups.get(r.coop.slug) ?? {
      cooperative: { slug: r.coop.slug, name: pick(r.coop, "name", locale) },
      lines: [],
      subtotalFen: 0,
      freeShipping: null,
    };
    group.lines.push(line);
    group.subtotalFen += line.lineTotalFen;
    group.freeShipping = freeShippingOf(r.coop.freeShippingMinFen, group.subtotalFen);
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
