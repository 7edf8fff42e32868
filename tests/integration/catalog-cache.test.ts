import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { inventoryLevels, products } from "../../db/schema";
import { CATALOG_TTL_MS, invalidateCatalog } from "~/catalog/cache.server";
import { getProduct, searchProducts } from "~/catalog/catalog.server";
import { db, setDatabase } from "~/lib/db.server";
import { createProduct } from "../factories/catalog";
import { createTestDatabase, withTestDatabase } from "../setup/test-db";

const database = withTestDatabase();
afterEach(() => vi.useRealTimers());

describe("catalog read cache", () => {
  it("serves repeated reads from memory for a moment, then reads again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { product, variants } = await createProduct({ variants: [{ stock: 9 }] });
    const first = await getProduct({ slug: product.slug, locale: "zh" });
    expect(first!.variants[0]!.available).toBe(9);

    await db()
      .update(inventoryLevels)
      .set({ available: 4 })
      .where(eq(inventoryLevels.variantId, variants[0]!.id));
    expect((await getProduct({ slug: product.slug, locale: "zh" }))!.variants[0]!.available).toBe(
      9,
    );

    vi.setSystemTime(Date.now() + CATALOG_TTL_MS + 1);
    expect((await getProduct({ slug: product.slug, locale: "zh" }))!.variants[0]!.available).toBe(
      4,
    );
  });

  it("shows a change at once after invalidation", async () => {
    const { product } = await createProduct({ nameEn: "Before" });
    expect((await searchProducts({ locale: "en" })).map((p) => p.name)).toEqual(["Before"]);
    await db().update(products).set({ nameEn: "After" }).where(eq(products.id, product.id));
    invalidateCatalog();
    expect((await searchProducts({ locale: "en" })).map((p) => p.name)).toEqual(["After"]);
  });

  it("shares one query between concurrent misses", async () => {
    await createProduct();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => searchProducts({ locale: "zh" })),
    );
    expect(new Set(results).size).toBe(1);
  });

  it("never answers one database with another's data", async () => {
    await createProduct({ nameEn: "Only in the first" });
    expect(await searchProducts({ locale: "en" })).toHaveLength(1);
    const other = await createTestDatabase();
    try {
      setDatabase(other);
      expect(await searchProducts({ locale: "en" })).toEqual([]);
    } finally {
      setDatabase(database.handle);
      await other.close();
    }
  });
});

describe("free-text search", () => {
  it("always reads live, so shoppers' words never fill the cache", async () => {
    const { product } = await createProduct({ nameEn: "Navel oranges" });
    expect((await searchProducts({ q: "navel", locale: "en" })).map((p) => p.name)).toEqual([
      "Navel oranges",
    ]);
    await db().update(products).set({ nameEn: "Blood oranges" }).where(eq(products.id, product.id));
    expect(await searchProducts({ q: "navel", locale: "en" })).toEqual([]);
  });
});
