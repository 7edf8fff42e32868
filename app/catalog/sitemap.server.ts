import { and, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import { cooperatives, products } from "../../db/schema";
import { db } from "../lib/db.server";
import { cachedRead } from "./cache.server";

/**
 * The sitemap as an index over files of at most `pageSize` URLs (sitemaps.org allows 50,000),
 * one series per kind: /sitemaps/products-1.xml, /sitemaps/cooperatives-1.xml, … Each file is
 * read by key (slug order from the file's first slug, LIMIT pageSize), never by OFFSET, so a file
 * costs the same whether it is the first or the hundredth.
 */
export const SITEMAP_KINDS = ["cooperatives", "products"] as const;
export type SitemapKind = (typeof SITEMAP_KINDS)[number];

export const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const source = {
  products: { slug: products.slug, updatedAt: products.updatedAt, table: products },
  cooperatives: { slug: cooperatives.slug, updatedAt: cooperatives.updatedAt, table: cooperatives },
} as const;

const listed = (kind: SitemapKind): SQL | undefined =>
  kind === "products" ? eq(products.status, "active") : undefined;

/** The first slug of each file, in order: one pass over the slug index. */
async function fileStartsUncached(kind: SitemapKind, pageSize: number): Promise<string[]> {
  const { slug, table } = source[kind];
  const numbered = db()
    .select({ slug, n: sql<number>`row_number() over (order by ${slug})`.as("n") })
    .from(table)
    .where(listed(kind))
    .as("numbered");
  const rows = await db()
    .select({ slug: numbered.slug })
    .from(numbered)
    .where(sql`(${numbered.n} - 1) % ${pageSize} = 0`)
    .orderBy(asc(numbered.slug));
  return rows.map((r) => r.slug);
}

function fileStarts(kind: SitemapKind, pageSize: number): Promise<string[]> {
  return cachedRead(`sitemap-starts:${kind}:${pageSize}`, () => fileStartsUncached(kind, pageSize));
}

/** How many files each kind has (0 when it has nothing to list). */
export async function sitemapFileCounts(pageSize: number): Promise<Record<SitemapKind, number>> {
  const [coops, prods] = await Promise.all(SITEMAP_KINDS.map((k) => fileStarts(k, pageSize)));
  return { cooperatives: coops!.length, products: prods!.length };
}

/** The entries of file `n` (from 1), or null when there is no such file. */
export async function sitemapFile(
  kind: SitemapKind,
  n: number,
  pageSize: number,
): Promise<{ slug: string; updatedAt: Date }[] | null> {
  const starts = await fileStarts(kind, pageSize);
  const start = starts[n - 1];
  if (start === undefined) return null;
  const { slug, updatedAt, table } = source[kind];
  return cachedRead(`sitemap-file:${kind}:${pageSize}:${start}`, () =>
    db()
      .select({ slug, updatedAt })
      .from(table)
      .where(and(listed(kind), gte(slug, start)))
      .orderBy(asc(slug))
      .limit(pageSize),
  );
}
