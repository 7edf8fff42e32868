import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { cooperatives, products } from "../../db/schema";
import { HOME_LIST_LIMIT, matchingProductIds } from "~/catalog/catalog.server";
import { invalidateCatalog } from "~/catalog/cache.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { localeCookie } from "~/lib/locale.server";
import * as homeRoute from "~/routes/_store._index";
import * as searchRoute from "~/routes/_store.search";
import * as sitemapRoute from "~/routes/sitemap[.]xml";
import * as sitemapFileRoute from "~/routes/sitemaps.$file";
import { createCooperative, createProduct } from "../factories/catalog";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const english = async () => (await localeCookie.serialize("en")).split(";")[0]!;
const chinese = async () => (await localeCookie.serialize("zh")).split(";")[0]!;

async function searchNames(q: string): Promise<string[]> {
  const res = await callRoute<{ products: { name: string }[]; total: number }>(searchRoute.loader, {
    url: `http://localhost/search?q=${encodeURIComponent(q)}`,
    cookie: await chinese(),
  });
  expect(res.status, q).toBe(200);
  expect(res.data.total, q).toBe(res.data.products.length);
  return res.data.products.map((p) => p.name).sort();
}

async function catalog() {
  const gannan = await createCooperative({ nameZh: "赣南果业合作社", cityZh: "赣州市" });
  const suining = await createCooperative({
    nameZh: "东山葡萄合作社",
    nameEn: "Dongshan Grape Co-op",
    cityZh: "遂宁市",
    cityEn: "Suining",
  });
  const product = (cooperativeId: string, nameZh: string, nameEn: string, descriptionZh = "") =>
    createProduct({ cooperativeId, nameZh, nameEn, descriptionZh, descriptionEn: "" });
  await product(gannan.id, "赣南脐橙", "Gannan NAVEL oranges");
  await product(gannan.id, "血橙", "Blood oranges");
  await product(gannan.id, "橙子和子橙礼盒", "Gift box", "两种柑橘");
  await product(suining.id, "巨峰葡萄", "Kyoho grapes", "脐橙之后上市");
  await product(suining.id, "苹果", "Apples 100% fresh");
}

describe("search over Chinese and English substrings (index-served, both databases)", () => {
  it("finds 1-, 2- and 3-character Chinese terms anywhere in names, descriptions and cooperatives", async () => {
    await catalog();
    // 1 character: every name holding it.
    expect(await searchNames("橙")).toEqual(["巨峰葡萄", "橙子和子橙礼盒", "血橙", "赣南脐橙"]);
    // 2 characters: contiguous only (赣脐 is in no text, though 赣 and 脐 are).
    expect(await searchNames("脐橙")).toEqual(["巨峰葡萄", "赣南脐橙"]);
    expect(await searchNames("赣脐")).toEqual([]);
    // 苹果 is sold by 东山葡萄合作社.
    expect(await searchNames("葡萄")).toEqual(["巨峰葡萄", "苹果"]);
    // 3+ characters: all pieces present is not enough, the term must be there as written.
    expect(await searchNames("赣南脐")).toEqual(["赣南脐橙"]);
    expect(await searchNames("橙子和")).toEqual(["橙子和子橙礼盒"]);
    expect(await searchNames("橙子橙")).toEqual([]);
    // The cooperative's name and city find its products.
    expect(await searchNames("遂宁")).toEqual(["巨峰葡萄", "苹果"]);
    expect(await searchNames("果业合作")).toEqual(["橙子和子橙礼盒", "血橙", "赣南脐橙"]);
    // English, any case; LIKE wildcards are literal.
    expect(await searchNames("navel")).toEqual(["赣南脐橙"]);
    expect(await searchNames("Na")).toEqual(["赣南脐橙"]);
    expect(await searchNames("GRAPE")).toEqual(["巨峰葡萄", "苹果"]);
    expect(await searchNames("100%")).toEqual(["苹果"]);
    expect(await searchNames("%")).toEqual(["苹果"]);
    expect(await searchNames("_")).toEqual([]);
    expect(await searchNames("梨")).toEqual([]);
  });

  it("sees a renamed product at once (the index follows updates)", async () => {
    await catalog();
    await db().update(products).set({ nameZh: "赣南脐橙王" }).where(eq(products.nameZh, "血橙"));
    await db()
      .update(cooperatives)
      .set({ cityZh: "成都市" })
      .where(eq(cooperatives.cityZh, "遂宁市"));
    invalidateCatalog();
    expect(await searchNames("脐橙王")).toEqual(["赣南脐橙王"]);
    expect(await searchNames("遂宁")).toEqual([]);
    expect(await searchNames("成都")).toEqual(["巨峰葡萄", "苹果"]);
  });

  it("matches with the search indexes (their expressions are the query's)", async () => {
    await catalog();
    for (const q of ["橙", "脐橙", "赣南脐", "navel"]) {
      // Tiny tables make a full scan cheapest; forbidding it shows the indexes fit the query.
      const plan = await db().transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_indexscan = off`);
        const query = tx
          .select({ id: products.id })
          .from(products)
          .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
          .where(matchingProductIds(q));
        const { rows } = (await tx.execute(sql`explain ${query}`)) as unknown as {
          rows: Record<string, string>[];
        };
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
      // 1-2 characters: the pieces index; longer: the pieces or pg_trgm's, as the planner likes.
      const which = [...q].length <= 2 ? "grams" : "(grams|trgm)";
      expect(plan, q).toMatch(new RegExp(`Index Scan on products_search_${which}_idx`));
      expect(plan, q).toMatch(new RegExp(`Index Scan on cooperatives_search_${which}_idx`));
      expect(plan, q).not.toMatch(/Seq Scan on products sp|Seq Scan on cooperatives sc/);
    }
  });
});

describe("home page of bounded size", () => {
  it("shows at most HOME_LIST_LIMIT products in each list, in season first, however many match", async () => {
    const coop = await createCooperative();
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    for (let i = 0; i < HOME_LIST_LIMIT + 3; i++) {
      await createProduct({ cooperativeId: coop.id, nameEn: `In season ${i}`, seasonMonths: all });
      await createProduct({ cooperativeId: coop.id, nameEn: `Other ${i}`, seasonMonths: [] });
    }
    invalidateCatalog();
    const res = await callRoute<{
      seasonal: { name: string }[];
      rest: { name: string }[];
      cooperatives: unknown[];
    }>(homeRoute.loader, { url: "http://localhost/", cookie: await english() });
    expect(res.status).toBe(200);
    expect(res.data.seasonal).toHaveLength(HOME_LIST_LIMIT);
    expect(res.data.seasonal.every((p) => p.name.startsWith("In season"))).toBe(true);
    expect(res.data.rest).toHaveLength(HOME_LIST_LIMIT);
    expect(res.data.rest.every((p) => p.name.startsWith("Other"))).toBe(true);
    expect(res.data.cooperatives.length).toBeLessThanOrEqual(8);
  });
});

describe("sitemap index", () => {
  const size = env.SITEMAP_PAGE_SIZE;
  afterEach(() => {
    env.SITEMAP_PAGE_SIZE = size;
  });

  const get = (url: string, params: Record<string, string> = {}) =>
    callRoute<string>(params.file ? sitemapFileRoute.loader : sitemapRoute.loader, {
      url,
      params,
    });
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

  it("lists files of at most SITEMAP_PAGE_SIZE URLs holding every listed product exactly once", async () => {
    env.SITEMAP_PAGE_SIZE = 2;
    const coop = await createCooperative();
    const listed = [];
    for (let i = 0; i < 5; i++)
      listed.push((await createProduct({ cooperativeId: coop.id })).product);
    const { product: archived } = await createProduct({
      cooperativeId: coop.id,
      status: "archived",
    });
    invalidateCatalog();

    const index = await get("https://shop.example/sitemap.xml");
    expect(index.status).toBe(200);
    expect(index.headers.get("Content-Type")).toContain("application/xml");
    expect(index.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
    expect(index.data).toContain("<sitemapindex");
    // One cooperative of ours (products were created in it): 1 file; 5 products: 3 files.
    const [coopCount] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(cooperatives);
    const files = locs(index.data);
    expect(files).toEqual([
      "https://shop.example/sitemaps/pages.xml",
      ...Array.from(
        { length: Math.ceil(coopCount!.n / 2) },
        (_, i) => `https://shop.example/sitemaps/cooperatives-${i + 1}.xml`,
      ),
      "https://shop.example/sitemaps/products-1.xml",
      "https://shop.example/sitemaps/products-2.xml",
      "https://shop.example/sitemaps/products-3.xml",
    ]);

    const seen: string[] = [];
    for (const url of files) {
      const file = new URL(url).pathname.split("/").pop()!;
      const res = await get(url, { file });
      expect(res.status, file).toBe(200);
      expect(res.data, file).toContain("<urlset");
      const urls = locs(res.data);
      if (file !== "pages.xml") expect(urls.length, file).toBeLessThanOrEqual(2);
      seen.push(...urls);
    }
    const productUrls = seen.filter((u) => u.includes("/p/"));
    expect(productUrls.sort()).toEqual(
      listed.map((p) => `https://shop.example/p/${p.slug}`).sort(),
    );
    expect(seen.join("\n")).not.toContain(archived.slug);
    expect(seen).toContain(`https://shop.example/c/${coop.slug}`);
    expect(seen).toContain("https://shop.example/search?category=fruit");
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("answers 404 for a file past the end or a name it does not make", async () => {
    env.SITEMAP_PAGE_SIZE = 2;
    await createProduct();
    invalidateCatalog();
    for (const file of [
      "products-2.xml",
      "products-0.xml",
      "products-01.xml",
      "orders-1.xml",
      "products-1",
      "x",
    ]) {
      const res = await get(`https://shop.example/sitemaps/${file}`, { file });
      expect(res.status, file).toBe(404);
    }
    expect(
      (await get("https://shop.example/sitemaps/products-1.xml", { file: "products-1.xml" }))
        .status,
    ).toBe(200);
  });
});
