import { and, asc, eq, gt, lte, ne, type SQL } from "drizzle-orm";
import { presaleTerms } from "../../db/presale-schema";
import { media, offerLevels, offers, productImages, products, variants } from "../../db/schema";
import { cachedRead } from "../catalog/cache.server";
import { db } from "../lib/db.server";
import { pick, type Locale } from "../lib/i18n";
import { imageRef, type ImageRef } from "../media/images";
import { depositPerPack } from "./money";
import { beijingDay } from "./schemas";

/*
 * What shoppers see of presales: the box on a product page and the home page's list. The same for
 * every visitor (the pages are shared HTML), read through the catalog's short cache: nothing
 * here decides a sale (ordering reads the pool live).
 */

export interface StorePresale {
  offerId: string;
  variantId: string;
  productSlug: string;
  productName: string;
  packLabel: string;
  image: ImageRef | null;
  priceFen: number;
  /** Per pack: paid now, and when it ships (shipping comes on top at checkout). */
  depositFen: number;
  balanceFen: number;
  fullPrice: boolean;
  cap: number;
  ordered: number;
  endsAt: string;
  harvestFrom: string;
  harvestTo: string;
  /** Whole days from today (Beijing) to the expected harvest; 0 once it has begun. */
  daysToHarvest: number;
  shortDefault: "wait" | "cancel";
  policy: string;
}

const columns = {
  offerId: offers.id,
  variantId: offers.variantId,
  priceFen: offers.priceFen,
  endsAt: offers.endsAt,
  cap: offerLevels.cap,
  reserved: offerLevels.reserved,
  sold: offerLevels.sold,
  terms: presaleTerms,
  productId: products.id,
  productSlug: products.slug,
  productNameZh: products.nameZh,
  productNameEn: products.nameEn,
  labelZh: variants.labelZh,
  labelEn: variants.labelEn,
  image: media,
  altZh: productImages.altZh,
  altEn: productImages.altEn,
};

/** Presales open now (active, inside their window, pool open) on active packs of active products. */
function openQuery(now: Date, only?: SQL) {
  return db()
    .select(columns)
    .from(presaleTerms)
    .innerJoin(offers, eq(offers.id, presaleTerms.offerId))
    .innerJoin(offerLevels, eq(offerLevels.offerId, offers.id))
    .innerJoin(variants, eq(variants.id, presaleTerms.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(
      productImages,
      and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
    )
    .leftJoin(media, eq(media.id, productImages.mediaId))
    .where(
      and(
        eq(offers.status, "active"),
        lte(offers.startsAt, now),
        gt(offers.endsAt, now),
        eq(products.status, "active"),
        ne(variants.status, "archived"),
        only,
      ),
    );
}

type Row = Awaited<ReturnType<typeof openQuery>>[number];

const DAY = 86_400_000;

function toStore(r: Row, locale: Locale, now: Date): StorePresale {
  const t = r.terms;
  const depositFen = depositPerPack(t, r.priceFen);
  const today = Date.parse(`${beijingDay(now)}T00:00:00Z`);
  return {
    offerId: r.offerId,
    variantId: r.variantId,
    productSlug: r.productSlug,
    productName: pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale),
    packLabel: pick({ labelZh: r.labelZh, labelEn: r.labelEn }, "label", locale),
    image: r.image
      ? imageRef(r.image, pick({ altZh: r.altZh ?? "", altEn: r.altEn ?? "" }, "alt", locale))
      : null,
    priceFen: r.priceFen,
    depositFen,
    balanceFen: r.priceFen - depositFen,
    fullPrice: t.depositKind === "full",
    cap: r.cap,
    ordered: r.reserved + r.sold,
    endsAt: r.endsAt!.toISOString(),
    harvestFrom: t.harvestFrom,
    harvestTo: t.harvestTo,
    daysToHarvest: Math.max(
      0,
      Math.round((Date.parse(`${t.harvestFrom}T00:00:00Z`) - today) / DAY),
    ),
    shortDefault: t.shortDefault,
    policy: pick({ policyZh: t.policyZh, policyEn: t.policyEn }, "policy", locale),
  };
}

/** The product's packs' open presales, in pack order: the product page's presale box. */
export function productPresales({
  productId,
  locale,
  now = new Date(),
}: {
  productId: string;
  locale: Locale;
  now?: Date;
}): Promise<StorePresale[]> {
  return cachedRead(`presale:product:${productId}:${locale}`, async () => {
    const rows = await openQuery(now, eq(products.id, productId)).orderBy(
      asc(variants.position),
      asc(offers.id),
    );
    return rows.map((r) => toStore(r, locale, now));
  });
}

/** Presales open now, soonest harvest first: the home page's section. */
export function openPresales({
  locale,
  now = new Date(),
  limit = 8,
}: {
  locale: Locale;
  now?: Date;
  limit?: number;
}): Promise<StorePresale[]> {
  return cachedRead(`presale:open:${locale}:${limit}`, async () => {
    const rows = await openQuery(now)
      .orderBy(asc(presaleTerms.harvestFrom), asc(offers.id))
      .limit(limit);
    return rows.map((r) => toStore(r, locale, now));
  });
}
