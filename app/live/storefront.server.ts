import { and, asc, eq, gt, isNull, ne, or } from "drizzle-orm";
import { flashSales } from "../../db/live-schema";
import { cooperatives, media, offers, productImages, products, variants } from "../../db/schema";
import { db } from "../lib/db.server";
import { pick, type Locale } from "../lib/i18n";
import { imageRef, type ImageRef } from "../media/images";
import { SALE_CODE_PATTERN } from "./codes";

/*
 * What the storefront shows of live sales: the page behind a short code (`/l/:code`, the same for
 * every visitor: nothing here depends on who asks or on the time) and the home page's list.
 */

export interface SalePage {
  code: string;
  productName: string;
  productSlug: string;
  variantLabel: string;
  cooperativeName: string;
  image: ImageRef | null;
  priceFen: number;
  standardFen: number;
  perShopperLimit: number | null;
  holdSeconds: number;
  startsAt: string | null;
  endsAt: string | null;
  /** A draft waits for the host's start; an ended sale says so (both fixed until the host acts). */
  status: "draft" | "running" | "paused" | "ended";
}

const saleColumns = {
  sale: flashSales,
  offer: {
    priceFen: offers.priceFen,
    startsAt: offers.startsAt,
    endsAt: offers.endsAt,
    perShopperLimit: offers.perShopperLimit,
  },
  product: { slug: products.slug, nameZh: products.nameZh, nameEn: products.nameEn },
  variant: { labelZh: variants.labelZh, labelEn: variants.labelEn, priceFen: variants.priceFen },
  coop: { nameZh: cooperatives.nameZh, nameEn: cooperatives.nameEn },
  image: media,
  altZh: productImages.altZh,
  altEn: productImages.altEn,
};

function salesQuery() {
  return db()
    .select(saleColumns)
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(variants, eq(variants.id, flashSales.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .leftJoin(
      productImages,
      and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
    )
    .leftJoin(media, eq(media.id, productImages.mediaId));
}

type Row = Awaited<ReturnType<typeof salesQuery>>[number];

function toPage(r: Row, locale: Locale): SalePage {
  return {
    code: r.sale.code,
    productName: pick(r.product, "name", locale),
    productSlug: r.product.slug,
    variantLabel: pick(r.variant, "label", locale),
    cooperativeName: pick(r.coop, "name", locale),
    image: r.image
      ? imageRef(r.image, pick({ altZh: r.altZh ?? "", altEn: r.altEn ?? "" }, "alt", locale))
      : null,
    priceFen: r.offer.priceFen,
    standardFen: r.variant.priceFen,
    perShopperLimit: r.offer.perShopperLimit,
    holdSeconds: r.sale.holdSeconds,
    startsAt: r.offer.startsAt?.toISOString() ?? null,
    endsAt: r.offer.endsAt?.toISOString() ?? null,
    status: r.sale.closedAt ? "ended" : r.sale.status,
  };
}

/** The sale behind a short code, for its public page; null for an unknown or malformed code. */
export async function salePage({
  code,
  locale,
}: {
  code: string;
  locale: Locale;
}): Promise<SalePage | null> {
  if (!SALE_CODE_PATTERN.test(code)) return null;
  const [row] = await salesQuery().where(eq(flashSales.code, code));
  return row ? toPage(row, locale) : null;
}

/**
 * Sales live now and those that start soon (running or paused, window not over), soonest end
 * first: the home page links each one's `/l/:code`.
 */
export async function liveAndUpcomingSales({
  locale,
  now = new Date(),
  limit = 12,
}: {
  locale: Locale;
  now?: Date;
  limit?: number;
}): Promise<{ live: SalePage[]; upcoming: SalePage[] }> {
  const rows = await salesQuery()
    .where(
      and(
        ne(flashSales.status, "draft"),
        ne(flashSales.status, "ended"),
        isNull(flashSales.closedAt),
        or(isNull(offers.endsAt), gt(offers.endsAt, now)),
      ),
    )
    .orderBy(asc(offers.startsAt), asc(flashSales.code))
    .limit(limit * 2);
  const pages = rows.map((r) => toPage(r, locale));
  const started = (p: SalePage) => !p.startsAt || Date.parse(p.startsAt) <= now.getTime();
  return {
    live: pages.filter(started).slice(0, limit),
    upcoming: pages.filter((p) => !started(p)).slice(0, limit),
  };
}
