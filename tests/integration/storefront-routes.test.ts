import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cartLines, carts } from "../../db/schema";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import * as cartRoute from "~/routes/_store.cart";
import * as coopRoute from "~/routes/_store.c.$slug";
import * as productRoute from "~/routes/_store.p.$slug";
import * as searchRoute from "~/routes/_store.search";
import * as sitemapRoute from "~/routes/sitemap[.]xml";
import * as sitemapFileRoute from "~/routes/sitemaps.$file";
import * as langRoute from "~/routes/lang";
import { localeCookie } from "~/lib/locale.server";
import { createCooperative, createProduct } from "../factories/catalog";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const english = async () => (await localeCookie.serialize("en")).split(";")[0]!;

async function cartRows() {
  const [c] = await db().select({ n: count() }).from(carts);
  const [l] = await db().select({ n: count() }).from(cartLines);
  return { carts: c!.n, lines: l!.n };
}

async function addToCart(slug: string, form: Record<string, string>, cookie?: string | null) {
  return callRoute<{ ok: boolean; message: string; field: string | null }>(productRoute.action, {
    method: "POST",
    url: `http://localhost/p/${slug}`,
    params: { slug },
    form,
    cookie,
  });
}

describe("product page", () => {
  it("answers 404 for unknown, malformed and archived products", async () => {
    const { product } = await createProduct({ status: "archived" });
    for (const slug of ["no-such-product", "../etc/passwd", "UPPER", product.slug]) {
      const res = await callRoute(productRoute.loader, {
        url: `http://localhost/p/x`,
        params: { slug },
      });
      expect(res.status, slug).toBe(404);
    }
  });

  it("preselects the pack in ?variant= and otherwise the first in stock", async () => {
    const { product, variants } = await createProduct({
      variants: [{ stock: 0 }, { stock: 3 }, { stock: 9 }],
    });
    const plain = await callRoute<{ selectedId: string }>(productRoute.loader, {
      url: `http://localhost/p/${product.slug}`,
      params: { slug: product.slug },
    });
    expect(plain.data.selectedId).toBe(variants[1]!.id);
    const deep = await callRoute<{ selectedId: string }>(productRoute.loader, {
      url: `http://localhost/p/${product.slug}?variant=${variants[2]!.id}`,
      params: { slug: product.slug },
    });
    expect(deep.data.selectedId).toBe(variants[2]!.id);
  });

  it.each([
    ["0", "Enter a whole number from 1 to 7."],
    ["-1", "Enter a whole number from 1 to 7."],
    ["abc", "Enter a whole number from 1 to 7."],
    ["1.5", "Enter a whole number from 1 to 7."],
    ["", "Enter a whole number from 1 to 7."],
    ["8", "Not enough stock: you can add at most 7 more."],
  ])("refuses quantity %j with a clear message and changes nothing", async (quantity, message) => {
    const { product, variants } = await createProduct({ variants: [{ stock: 7 }] });
    const res = await addToCart(
      product.slug,
      { variantId: variants[0]!.id, quantity },
      await english(),
    );
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ ok: false, field: "quantity" });
    expect(res.data.message).toBe(message);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(await cartRows()).toEqual({ carts: 0, lines: 0 });
  });

  it("refuses a pack of another product", async () => {
    const a = await createProduct();
    const b = await createProduct();
    const res = await addToCart(a.product.slug, { variantId: b.variants[0]!.id, quantity: "1" });
    expect(res.status).toBe(422);
    expect(res.data.field).toBe("variantId");
    expect(await cartRows()).toEqual({ carts: 0, lines: 0 });
  });

  it("adds to a cart kept in a signed cookie; a tampered cookie gets a fresh cart", async () => {
    const { product, variants } = await createProduct({
      variants: [{ stock: 50, priceFen: 3990 }],
    });
    const first = await addToCart(product.slug, { variantId: variants[0]!.id, quantity: "2" });
    expect(first.status).toBe(200);
    const cookie = cookieFrom(first.headers);
    expect(cookie).toMatch(/^hl_cart=/);
    expect(first.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(first.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);

    const again = await addToCart(
      product.slug,
      { variantId: variants[0]!.id, quantity: "1" },
      cookie,
    );
    expect(cookieFrom(again.headers)).toBe(cookie);
    const cart = await callRoute<{ cart: { itemCount: number; subtotalFen: number } }>(
      cartRoute.loader,
      { url: "http://localhost/cart", cookie },
    );
    expect(cart.data.cart).toMatchObject({ itemCount: 3, subtotalFen: 11970 });

    const [name, value] = cookie!.split("=");
    const tampered = `${name}=${value!.slice(0, -3)}abc`;
    const stranger = await callRoute<{ cart: { itemCount: number } }>(cartRoute.loader, {
      url: "http://localhost/cart",
      cookie: tampered,
    });
    expect(stranger.data.cart.itemCount).toBe(0);
    const fresh = await addToCart(
      product.slug,
      { variantId: variants[0]!.id, quantity: "1" },
      tampered,
    );
    expect(cookieFrom(fresh.headers)).not.toBe(cookie);
    expect(await cartRows()).toEqual({ carts: 2, lines: 2 });
  });
});

describe("cart page", () => {
  it("refuses bad updates with 422 and keeps the quantity", async () => {
    const { product, variants } = await createProduct({ variants: [{ stock: 5 }] });
    const add = await addToCart(product.slug, { variantId: variants[0]!.id, quantity: "2" });
    const cookie = cookieFrom(add.headers);
    for (const quantity of ["0", "-3", "x", "6"]) {
      const res = await callRoute(cartRoute.action, {
        method: "POST",
        url: "http://localhost/cart",
        form: { intent: "update", variantId: variants[0]!.id, quantity },
        cookie,
      });
      expect(res.status, quantity).toBe(422);
    }
    const unknownIntent = await callRoute(cartRoute.action, {
      method: "POST",
      url: "http://localhost/cart",
      form: { intent: "explode", variantId: variants[0]!.id },
      cookie,
    });
    expect(unknownIntent.status).toBe(422);
    const noCart = await callRoute(cartRoute.action, {
      method: "POST",
      url: "http://localhost/cart",
      form: { intent: "remove", variantId: variants[0]!.id },
    });
    expect(noCart.status).toBe(409);
    const cart = await callRoute<{ cart: { itemCount: number } }>(cartRoute.loader, {
      url: "http://localhost/cart",
      cookie,
    });
    expect(cart.data.cart.itemCount).toBe(2);

    const ok = await callRoute(cartRoute.action, {
      method: "POST",
      url: "http://localhost/cart",
      form: { intent: "update", variantId: variants[0]!.id, quantity: "5" },
      cookie,
    });
    expect(ok.status).toBe(200);
    const removed = await callRoute(cartRoute.action, {
      method: "POST",
      url: "http://localhost/cart",
      form: { intent: "remove", variantId: variants[0]!.id },
      cookie,
    });
    expect(removed.status).toBe(200);
    expect(await cartRows()).toEqual({ carts: 1, lines: 0 });
  });
});

describe("catalog pages", () => {
  it("a card's price per kg is that of the pack whose price it shows", async () => {
    // The cheapest pack (¥39.90 for 2.5 kg: ¥15.96/kg) is not the cheapest per kg (¥129 for 10 kg).
    await createProduct({
      nameZh: "脐橙",
      nameEn: "Oranges",
      variants: [
        { priceFen: 12900, netWeightG: 10000 },
        { priceFen: 3990, netWeightG: 2500 },
      ],
    });
    const res = await callRoute<{
      products: { fromPriceFen: number; pricePerKgFen: number }[];
    }>(searchRoute.loader, { url: "http://localhost/search?q=Oranges", cookie: await english() });
    expect(res.data.products.map((p) => [p.fromPriceFen, p.pricePerKgFen])).toEqual([[3990, 1596]]);
  });

  it("searches names in both languages, filters by category, and treats wildcards literally", async () => {
    const coop = await createCooperative({ nameEn: "Loufan Potato Co", nameZh: "娄烦马铃薯" });
    await createProduct({
      cooperativeId: coop.id,
      nameZh: "高原土豆",
      nameEn: "Highland potatoes",
      category: "vegetable",
    });
    await createProduct({ nameZh: "赣南脐橙", nameEn: "Navel oranges 100%", category: "fruit" });
    const search = async (qs: string) =>
      (
        await callRoute<{ products: { name: string }[] }>(searchRoute.loader, {
          url: `http://localhost/search?${qs}`,
          cookie: await english(),
        })
      ).data.products.map((p) => p.name);
    expect(await search("q=potato")).toEqual(["Highland potatoes"]);
    expect(await search("q=%E8%84%90%E6%A9%99")).toEqual(["Navel oranges 100%"]); // 脐橙
    expect(await search("q=loufan")).toEqual(["Highland potatoes"]);
    expect(await search("category=fruit")).toEqual(["Navel oranges 100%"]);
    expect(await search("q=%25")).toEqual(["Navel oranges 100%"]);
    expect(await search("q=_")).toEqual([]);
    expect(await search("category=bogus")).toHaveLength(2);
    expect(await search(`q=${"x".repeat(500)}`)).toEqual([]);
  });

  it("shows a cooperative with its products and 404s an unknown one", async () => {
    const coop = await createCooperative({ slug: "dongshan" });
    await createProduct({ cooperativeId: coop.id });
    await createProduct({ cooperativeId: coop.id, status: "archived" });
    const res = await callRoute<{ coop: { products: unknown[] } }>(coopRoute.loader, {
      url: "http://localhost/c/dongshan",
      params: { slug: "dongshan" },
    });
    expect(res.data.coop.products).toHaveLength(1);
    const missing = await callRoute(coopRoute.loader, {
      url: "http://localhost/c/nope",
      params: { slug: "nope" },
    });
    expect(missing.status).toBe(404);
  });

  it("lists active products and cooperatives through the sitemap index", async () => {
    const { product } = await createProduct();
    const { product: archived } = await createProduct({ status: "archived" });
    const index = await callRoute<string>(sitemapRoute.loader, {
      url: "https://shop.example/sitemap.xml",
    });
    expect(index.headers.get("Content-Type")).toContain("application/xml");
    expect(index.data).toContain("<loc>https://shop.example/sitemaps/products-1.xml</loc>");
    const file = (name: string) =>
      callRoute<string>(sitemapFileRoute.loader, {
        url: `https://shop.example/sitemaps/${name}`,
        params: { file: name },
      });
    const res = await file("products-1.xml");
    expect(res.data).toContain(`<loc>https://shop.example/p/${product.slug}</loc>`);
    expect(res.data).not.toContain(archived.slug);
    expect((await file("pages.xml")).data).toContain("https://shop.example/search?category=fruit");
  });
});

describe("language switch", () => {
  it("sets the cookie and returns to the page, never to another site", async () => {
    const ok = await callRoute(langRoute.action, {
      method: "POST",
      url: "http://localhost/lang",
      form: { lang: "en", redirectTo: "/p/x?variant=1" },
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/p/x?variant=1");
    expect(ok.headers.get("Set-Cookie")).toMatch(/^hl_lang=/);
    for (const redirectTo of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "/.//evil.example/x",
      "/a/..//evil.example",
    ]) {
      const res = await callRoute(langRoute.action, {
        method: "POST",
        url: "http://localhost/lang",
        form: { lang: "zh", redirectTo },
      });
      expect(res.headers.get("Location"), redirectTo).toBe("/");
    }
    // Non-Latin-1 and control characters: a Location header cannot carry them raw (this was a 500).
    const chinese = await callRoute(langRoute.action, {
      method: "POST",
      url: "http://localhost/lang",
      form: { lang: "zh", redirectTo: "/p/脐橙" },
    });
    expect(chinese.headers.get("Location")).toBe("/p/%E8%84%90%E6%A9%99");
    const control = await callRoute(langRoute.action, {
      method: "POST",
      url: "http://localhost/lang",
      form: { lang: "zh", redirectTo: "/p/\u0001x" },
    });
    expect(control.headers.get("Location")).toBe("/");
    const bad = await callRoute(langRoute.action, {
      method: "POST",
      url: "http://localhost/lang",
      form: { lang: "fr" },
    });
    expect(bad.status).toBe(400);
  });
});

describe("listings", () => {
  it("sorts search and category pages by price, keeping the filter; unknown sorts fall back", async () => {
    await createProduct({ nameEn: "Mid", variants: [{ priceFen: 3990, netWeightG: 2500 }] });
    await createProduct({ nameEn: "Cheap", variants: [{ priceFen: 1990, netWeightG: 2500 }] });
    await createProduct({ nameEn: "Dear", variants: [{ priceFen: 6800, netWeightG: 500 }] });
    await createProduct({ nameEn: "Veg", category: "vegetable", variants: [{ priceFen: 100 }] });
    const names = async (qs: string) =>
      (
        await callRoute<{ products: { name: string }[] }>(searchRoute.loader, {
          url: `http://localhost/search?${qs}`,
          cookie: await english(),
        })
      ).data.products.map((p) => p.name);
    expect(await names("category=fruit&sort=price-asc")).toEqual(["Cheap", "Mid", "Dear"]);
    expect(await names("category=fruit&sort=price-desc")).toEqual(["Dear", "Mid", "Cheap"]);
    expect(await names("category=fruit&sort=per-kg")).toEqual(["Cheap", "Mid", "Dear"]);
    expect(await names("category=fruit&sort=bogus")).toEqual(["Mid", "Cheap", "Dear"]);
  });

  it("sorts and pages search in the database: the true cheapest first, pages without overlap", async () => {
    const coop = await createCooperative();
    // 30 matches with many equal prices (only the tie-break keeps pages apart), then the
    // cheapest, created last with the name that sorts last; its cheapest pack is its second.
    for (let i = 0; i < 30; i++) {
      await createProduct({
        cooperativeId: coop.id,
        nameEn: `Plum ${String(i).padStart(2, "0")}`,
        variants: [{ priceFen: 5000 + (i % 4) * 10 }],
      });
    }
    await createProduct({
      cooperativeId: coop.id,
      nameEn: "Plum zz cheapest",
      variants: [{ priceFen: 9000 }, { priceFen: 100 }],
    });
    // An archived pack's price counts for nothing; a non-matching product stays out.
    await createProduct({
      cooperativeId: coop.id,
      nameEn: "Plum dearest",
      variants: [{ priceFen: 50, status: "archived" }, { priceFen: 8000 }],
    });
    await createProduct({ cooperativeId: coop.id, nameEn: "Apple", variants: [{ priceFen: 10 }] });
    const size = env.SEARCH_PAGE_SIZE;
    const search = async (qs: string) => {
      const res = await callRoute<{
        products: { name: string; fromPriceFen: number }[];
        total: number;
        pages: number;
        query: { page: number };
      }>(searchRoute.loader, { url: `http://localhost/search?${qs}`, cookie: await english() });
      expect(res.status, qs).toBe(200);
      return res.data;
    };
    const first = await search("q=plum&sort=price-asc");
    expect(first.total).toBe(32);
    expect(first.pages).toBe(Math.ceil(32 / size));
    expect(first.products[0]).toMatchObject({ name: "Plum zz cheapest", fromPriceFen: 100 });
    expect(first.products).toHaveLength(Math.min(size, 32));
    const all = [...first.products];
    for (let page = 2; page <= first.pages; page++) {
      all.push(...(await search(`q=plum&sort=price-asc&page=${page}`)).products);
    }
    const names = all.map((p) => p.name);
    expect(new Set(names).size).toBe(32);
    expect(names).not.toContain("Apple");
    const prices = all.map((p) => p.fromPriceFen);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(names.at(-1)).toBe("Plum dearest");
    expect((await search("q=plum&sort=price-desc")).products[0]?.name).toBe("Plum dearest");
    expect((await search("q=plum")).products[0]?.name).toBe("Plum 00");

    // Past the end: no products, the total still there.
    const past = await search(`q=plum&sort=price-asc&page=${first.pages + 1}`);
    expect(past.products).toEqual([]);
    expect(past.total).toBe(32);
    // Garbage page numbers show page 1, never an error.
    for (const page of ["0", "-1", "abc", "1.5", "", "%00", "1e99", "99999999999", "２"]) {
      const res = await search(`q=plum&sort=price-asc&page=${page}`);
      expect(res.query.page, page).toBe(1);
      expect(res.products.map((p) => p.name)).toEqual(first.products.map((p) => p.name));
    }
  });

  it("shows more from the same cooperative on a product page, never the product itself", async () => {
    const coop = await createCooperative();
    const { product } = await createProduct({ cooperativeId: coop.id, nameEn: "Oranges" });
    await createProduct({ cooperativeId: coop.id, nameEn: "Mandarins" });
    await createProduct({ nameEn: "Someone else's" });
    const res = await callRoute<{ moreFromCooperative: { name: string }[] }>(productRoute.loader, {
      url: `http://localhost/p/${product.slug}`,
      params: { slug: product.slug },
      cookie: await english(),
    });
    expect(res.data.moreFromCooperative.map((p) => p.name)).toEqual(["Mandarins"]);
  });
});
