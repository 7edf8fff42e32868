import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  cooperativePhotos,
  cooperatives,
  inventoryLevels,
  media,
  productImages,
  products,
  variants,
  type Category,
} from "../../db/schema";
import { db } from "../lib/db.server";
import { cachedRead } from "./cache.server";
import { pick, type Locale } from "../lib/i18n";
import { pricePerKgFen } from "../lib/money";
import { imageRef } from "../media/images";
import type { Sort } from "./sort";
import type { ProductCard } from "./types";

interface VariantSummary {
  priceFen: number;
  compareAtFen: number | null;
  netWeightG: number;
  available: number;
}

// Listed order, and the tie-break that keeps every sort total so pages never overlap.
const LISTED_ORDER = [asc(products.createdAt), asc(products.slug), asc(products.id)];

/** A product's cheapest active pack, or per kg; null (listed last) when it has none. */
function cheapestActive(per: "pack" | "kg"): SQL {
  const value =
    per === "pack" ? sql`v.price_fen` : sql`round(v.price_fen * 1000.0 / v.net_weight_g)`;
  return sql`(select min(${value}) from ${variants} v
    where v.product_id = ${products.id} and v.status = 'active')`;
}

function orderFor(sort: Sort): SQL[] {
  switch (sort) {
    case "featured":
      return LISTED_ORDER;
    case "price-asc":
      return [sql`${cheapestActive("pack")} asc nulls last`, ...LISTED_ORDER];
    case "price-desc":
      return [sql`${cheapestActive("pack")} desc nulls last`, ...LISTED_ORDER];
    case "per-kg":
      return [sql`${cheapestActive("kg")} asc nulls last`, ...LISTED_ORDER];
    default: {
      const unknown: never = sort;
      throw new Error(`unknown sort ${String(unknown)}`);
    }
  }
}

/** Product cards for listings in one statement; `where` narrows the active products shown. */
async function productCards(
  where: SQL | undefined,
  locale: Locale,
  {
    limit = 48,
    offset = 0,
    sort = "featured",
  }: { limit?: number; offset?: number; sort?: Sort } = {},
): Promise<ProductCard[]> {
  // The page's ids first (sorted and cut on products alone), then the cards of those few: the
  // packs, photo and cooperative are read for one page, not for every match.
  const pageIds = db()
    .select({ id: products.id })
    .from(products)
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(and(eq(products.status, "active"), where))
    .orderBy(...orderFor(sort))
    .limit(limit)
    .offset(offset);
  const query = db()
    .select({
      product: products,
      coopSlug: cooperatives.slug,
      coopNameZh: cooperatives.nameZh,
      coopNameEn: cooperatives.nameEn,
      provinceCode: cooperatives.provinceCode,
      cityZh: cooperatives.cityZh,
      cityEn: cooperatives.cityEn,
      // Active packs, cheapest first, as one JSON array per product.
      variants: sql<VariantSummary[]>`(
        select coalesce(json_agg(json_build_object(
          'priceFen', v.price_fen, 'compareAtFen', v.compare_at_fen,
          'netWeightG', v.net_weight_g, 'available', coalesce(il.available, 0)
        ) order by v.price_fen), '[]'::json)
        from ${variants} v left join ${inventoryLevels} il on il.variant_id = v.id
        where v.product_id = ${products.id} and v.status = 'active')`,
      image: media,
      altZh: productImages.altZh,
      altEn: productImages.altEn,
    })
    .from(products)
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .leftJoin(
      productImages,
      and(eq(productImages.productId, products.id), eq(productImages.position, 0)),
    )
    .leftJoin(media, eq(media.id, productImages.mediaId))
    .where(inArray(products.id, pageIds))
    .orderBy(...orderFor(sort));
  const rows = await query;

  return rows.map(({ product: p, variants: vs, image, ...c }) => {
    const cheapest = vs[0];
    return {
      id: p.id,
      slug: p.slug,
      name: pick(p, "name", locale),
      category: p.category,
      storageClass: p.storageClass,
      seasonMonths: p.seasonMonths,
      cooperative: {
        slug: c.coopSlug,
        name: pick({ nameZh: c.coopNameZh, nameEn: c.coopNameEn }, "name", locale),
      },
      provinceCode: c.provinceCode,
      city: pick({ cityZh: c.cityZh, cityEn: c.cityEn }, "city", locale),
      fromPriceFen: cheapest?.priceFen ?? null,
      compareAtFen: cheapest?.compareAtFen ?? null,
      // The per-kg price of the pack whose price the card shows, never another pack's.
      pricePerKgFen: cheapest ? pricePerKgFen(cheapest.priceFen, cheapest.netWeightG) : null,
      available: vs.reduce((sum, v) => sum + v.available, 0),
      image: image
        ? imageRef(image, pick({ altZh: c.altZh ?? "", altEn: c.altEn ?? "" }, "alt", locale))
        : null,
    };
  });
}

/** Escapes LIKE wildcards so a shopper's "%" or "_" matches literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

// The searchable text of a product and of a cooperative: exactly the expressions the GIN
// indexes of migration 0014 are built on, so the planner can use them.
const PRODUCT_TEXT = sql.raw(
  `(sp.name_zh || E'\\n' || sp.name_en || E'\\n' || sp.description_zh || E'\\n' || sp.description_en)`,
);
const COOP_TEXT = sql.raw(
  `(sc.name_zh || E'\\n' || sc.name_en || E'\\n' || sc.city_zh || E'\\n' || sc.city_en)`,
);

/**
 * Products whose own text or whose cooperative's name or city contains `q`, case-insensitively.
 * The hl_grams GIN indexes (migration 0014) find them. A term of 1 or 2 characters (橙, 橙子) is
 * itself one of the indexed pieces of the lowercased text, so the index answers exactly; pg_trgm
 * extracts no trigram from it and would scan its whole index. A longer term needs all its
 * 2-character pieces in the text, and an ILIKE confirms each candidate (there the pg_trgm index
 * may join in); without the pieces the planner prices the ILIKE's sequential scan below pg_trgm's
 * index, and that scan costs ~60 µs a row on PGlite.
 */
export function matchingProductIds(q: string): SQL {
  const short = [...q].length <= 2;
  const pattern = likePattern(q);
  const confirm = (text: SQL) => (short ? sql`` : sql` and ${text} ilike ${pattern}`);
  return sql`${products.id} in (
    select sp.id from ${products} sp
    where hl_grams(${PRODUCT_TEXT}) @> hl_query_grams(${q}::text)${confirm(PRODUCT_TEXT)}
    union
    select sp.id from ${cooperatives} sc join ${products} sp on sp.cooperative_id = sc.id
    where hl_grams(${COOP_TEXT}) @> hl_query_grams(${q}::text)${confirm(COOP_TEXT)})`;
}

interface SearchFilter {
  q?: string;
  category?: Category;
  cooperativeId?: string;
}

function searchWhere({ q, category, cooperativeId }: SearchFilter): SQL | undefined {
  const filters: (SQL | undefined)[] = [];
  if (category) filters.push(eq(products.category, category));
  if (cooperativeId) filters.push(eq(products.cooperativeId, cooperativeId));
  if (q) filters.push(matchingProductIds(q));
  return and(...filters);
}

function searchProductsUncached({ locale, ...filter }: SearchFilter & { locale: Locale }) {
  return productCards(searchWhere(filter), locale, { limit: 96 });
}

/**
 * One page of search results, sorted and cut in the database, with the number of matches.
 * `page` counts from 1; a page past the end has no products but still the total.
 */
async function searchPageUncached({
  locale,
  sort,
  page,
  pageSize,
  ...filter
}: SearchFilter & { locale: Locale; sort: Sort; page: number; pageSize: number }) {
  const where = searchWhere(filter);
  const [cards, [counted]] = await Promise.all([
    productCards(where, locale, { sort, limit: pageSize, offset: (page - 1) * pageSize }),
    db()
      .select({ total: count() })
      .from(products)
      .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
      .where(and(eq(products.status, "active"), where)),
  ]);
  return { products: cards, total: counted?.total ?? 0, page, pageSize };
}

export type SearchPage = Awaited<ReturnType<typeof searchPageUncached>>;

async function listFeaturedCooperativesUncached({ locale }: { locale: Locale }) {
  const rows = await db()
    .select({
      coop: cooperatives,
      productCount:
        sql<number>`(select count(*) from ${products} where ${products.cooperativeId} = ${cooperatives.id} and ${products.status} = 'active')`.mapWith(
          Number,
        ),
      photo: media,
      altZh: cooperativePhotos.altZh,
      altEn: cooperativePhotos.altEn,
    })
    .from(cooperatives)
    .leftJoin(
      cooperativePhotos,
      and(eq(cooperativePhotos.cooperativeId, cooperatives.id), eq(cooperativePhotos.position, 0)),
    )
    .leftJoin(media, eq(media.id, cooperativePhotos.mediaId))
    .orderBy(
      sql`${cooperatives.featured} desc`,
      asc(cooperatives.createdAt),
      asc(cooperatives.slug),
    )
    .limit(8);
  return rows.map(({ coop, productCount, photo, altZh, altEn }) => ({
    slug: coop.slug,
    name: pick(coop, "name", locale),
    tagline: pick(coop, "tagline", locale),
    provinceCode: coop.provinceCode,
    city: pick(coop, "city", locale),
    productCount,
    photo: photo
      ? imageRef(photo, pick({ altZh: altZh ?? "", altEn: altEn ?? "" }, "alt", locale))
      : null,
  }));
}

async function getCooperativeUncached({ slug, locale }: { slug: string; locale: Locale }) {
  const coop = await db().query.cooperatives.findFirst({
    where: (c, { eq: is }) => is(c.slug, slug),
    with: { photos: { with: { media: true }, orderBy: (p, { asc: up }) => up(p.position) } },
  });
  if (!coop) return null;
  // The same cached list the product page shows as "more from this cooperative".
  const productList = await searchProducts({ cooperativeId: coop.id, locale });
  return {
    id: coop.id,
    slug: coop.slug,
    name: pick(coop, "name", locale),
    tagline: pick(coop, "tagline", locale),
    story: pick(coop, "story", locale),
    provinceCode: coop.provinceCode,
    city: pick(coop, "city", locale),
    address: pick(coop, "address", locale),
    contactName: coop.contactName,
    contactPhone: coop.contactPhone,
    contactEmail: coop.contactEmail,
    handlingDays: coop.handlingDays,
    updatedAt: coop.updatedAt.toISOString(),
    photos: coop.photos.map((p) => imageRef(p.media, pick(p, "alt", locale))),
    products: productList,
  };
}

async function getProductUncached({ slug, locale }: { slug: string; locale: Locale }) {
  const p = await db().query.products.findFirst({
    where: (t, { and: all, eq: is }) => all(is(t.slug, slug), is(t.status, "active")),
    with: {
      cooperative: true,
      images: { with: { media: true }, orderBy: (i, { asc: up }) => up(i.position) },
      variants: {
        where: (v, { eq: is }) => is(v.status, "active"),
        with: { inventory: true },
        orderBy: (v, { asc: up }) => [up(v.position), up(v.priceFen)],
      },
      harvestBatches: {
        where: (b, { ne }) => ne(b.status, "harvested"),
        orderBy: (b, { asc: up }) => up(b.expectedDate),
      },
    },
  });
  if (!p) return null;
  return {
    id: p.id,
    slug: p.slug,
    name: pick(p, "name", locale),
    description: pick(p, "description", locale),
    originStory: pick(p, "originStory", locale),
    category: p.category,
    storageClass: p.storageClass,
    shelfLifeDays: p.shelfLifeDays,
    seasonMonths: p.seasonMonths,
    updatedAt: p.updatedAt.toISOString(),
    cooperative: {
      id: p.cooperative.id,
      slug: p.cooperative.slug,
      name: pick(p.cooperative, "name", locale),
      provinceCode: p.cooperative.provinceCode,
      city: pick(p.cooperative, "city", locale),
      handlingDays: p.cooperative.handlingDays,
    },
    images: p.images.map((i) => imageRef(i.media, pick(i, "alt", locale))),
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      label: pick(v, "label", locale),
      netWeightG: v.netWeightG,
      priceFen: v.priceFen,
      compareAtFen: v.compareAtFen,
      pricePerKgFen: pricePerKgFen(v.priceFen, v.netWeightG),
      available: v.inventory?.available ?? 0,
    })),
    harvestBatches: p.harvestBatches.map((b) => ({
      id: b.id,
      expectedDate: b.expectedDate,
      expectedQuantityG: b.expectedQuantityG,
      status: b.status,
      note: pick(b, "note", locale),
    })),
  };
}

export type ProductDetail = NonNullable<Awaited<ReturnType<typeof getProductUncached>>>;

// ---------------------------------------------------------------- cached public reads

type SearchArgs = Parameters<typeof searchProductsUncached>[0];

export function searchProducts(args: SearchArgs) {
  const { q, category, cooperativeId, locale } = args;
  // Free text rarely repeats and would let anyone grow the cache without bound.
  if (q) return searchProductsUncached(args);
  return cachedRead(`search:${JSON.stringify([category, cooperativeId, locale])}`, () =>
    searchProductsUncached(args),
  );
}

export function searchPage(args: Parameters<typeof searchPageUncached>[0]) {
  const { q, category, cooperativeId, locale, sort, page, pageSize } = args;
  const key = JSON.stringify([q, category, cooperativeId, locale, sort, page, pageSize]);
  // A livestream host saying "search 脐橙" sends thousands of the same search in seconds: free
  // text is kept too, in its own bounded bucket (a flood of made-up terms empties only that).
  if (q) return cachedRead(`search-page:${key}`, () => searchPageUncached(args), SEARCH_BUCKET);
  return cachedRead(`search-page:${key}`, () => searchPageUncached(args));
}

const SEARCH_BUCKET = { bucket: "search-text", maxEntries: 2_000 };

/** The most products each list of the home page shows, whatever the catalog's size. */
export const HOME_LIST_LIMIT = 12;

/**
 * The home page's two product lists, each cut to HOME_LIST_LIMIT in the database: in season this
 * month (China's calendar), and more of the rest; the full catalog is search's job.
 */
export function homeProducts({ locale, month }: { locale: Locale; month: number }) {
  return cachedRead(`home:${locale}:${month}`, async () => {
    const inSeason = sql`${products.seasonMonths} @> array[${month}]::smallint[]`;
    const [seasonal, rest] = await Promise.all([
      productCards(inSeason, locale, { limit: HOME_LIST_LIMIT }),
      productCards(sql`not ${inSeason}`, locale, { limit: HOME_LIST_LIMIT }),
    ]);
    return { seasonal, rest };
  });
}

export function listFeaturedCooperatives({ locale }: { locale: Locale }) {
  return cachedRead(`coops:${locale}`, () => listFeaturedCooperativesUncached({ locale }));
}

export function getCooperative({ slug, locale }: { slug: string; locale: Locale }) {
  return cachedRead(`coop:${slug}:${locale}`, () => getCooperativeUncached({ slug, locale }));
}

export function getProduct({ slug, locale }: { slug: string; locale: Locale }) {
  return cachedRead(`product:${slug}:${locale}`, () => getProductUncached({ slug, locale }));
}
