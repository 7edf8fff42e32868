import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderLines, orders } from "../../db/orders-schema";
import { cartLines, carts, inventoryLevels, inventoryReservations } from "../../db/schema";
import { db } from "~/lib/db.server";
import { cartCookieHeader } from "~/orders/cart-cookie.server";
import * as checkoutRoute from "~/routes/_store.checkout";
import * as productRoute from "~/routes/_store.p.$slug";
import { loader as quoteLoader } from "~/routes/checkout.quote";
import { cartWith, checkoutFormFields, createOrangesAndGrapes } from "../factories/orders";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type Plan = { parts: Array<{ lines: Array<{ variantId: string; quantity: number }> }> };

/** A shopper with grapes already in the cart, on the oranges' page. */
async function shopperWithCart() {
  const w = await createOrangesAndGrapes();
  const cartId = await cartWith([{ variantId: w.grapes.variant.id, quantity: 1 }]);
  const cartCookie = (await cartCookieHeader(cartId)).split(";")[0]!;
  return { ...w, cartId, cartCookie };
}

const productPost = (slug: string, form: Record<string, string>, cookie: string) =>
  callRoute<{ ok: boolean; field: string | null }>(productRoute.action, {
    url: `http://localhost/p/${slug}`,
    method: "POST",
    params: { slug },
    form,
    cookie,
  });

const level = async (variantId: string) =>
  (await db().select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId)))[0]!;
const linesOf = (cartId: string) =>
  db()
    .select({ variantId: cartLines.variantId, quantity: cartLines.quantity })
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId));
const withBuy = (cartCookie: string, buyCookie: string) => `${cartCookie}; ${buyCookie}`;

describe("buy now from the product page", () => {
  it("checks out just that pack and quantity, leaves the cart alone, reserves once and a resent form finds its order", async () => {
    const { oranges, grapes, cartId, cartCookie } = await shopperWithCart();
    const before = await level(oranges.variant.id);

    const bought = await productPost(
      oranges.product.slug,
      { intent: "buy", variantId: oranges.variant.id, quantity: "3" },
      cartCookie,
    );
    expect(bought.status).toBe(302);
    expect(bought.headers.get("Location")).toBe("/checkout?buy=now");
    const buyCookie = cookieFrom(bought.headers)!;
    expect(buyCookie).toMatch(/^hl_buy=/);
    const cookie = withBuy(cartCookie, buyCookie);
    // Nothing held yet, and the cart is as it was.
    expect(await level(oranges.variant.id)).toEqual(before);
    expect(await linesOf(cartId)).toEqual([{ variantId: grapes.variant.id, quantity: 1 }]);

    // The buy-now checkout shows only the oranges; the plain checkout still shows the cart.
    const page = await callRoute<{
      plan: Plan;
      submitKey: string;
      buyNow: boolean;
      changeTo: string;
    }>(checkoutRoute.loader, { url: "http://localhost/checkout?buy=now&province=11", cookie });
    expect(page.status).toBe(200);
    expect(page.data.buyNow).toBe(true);
    // "Change it" leads back to the pack's product page, not to a cart that does not hold it.
    expect(page.data.changeTo).toBe(`/p/${oranges.product.slug}`);
    expect(page.data.plan.parts.flatMap((p) => p.lines)).toMatchObject([
      { variantId: oranges.variant.id, quantity: 3 },
    ]);
    const cartPage = await callRoute<{ plan: Plan; changeTo: string }>(checkoutRoute.loader, {
      url: "http://localhost/checkout",
      cookie,
    });
    expect(cartPage.data.changeTo).toBe("/cart");
    expect(cartPage.data.plan.parts.flatMap((p) => p.lines)).toMatchObject([
      { variantId: grapes.variant.id, quantity: 1 },
    ]);
    // The checkout page's re-pricing fetcher prices the same buy-now cart.
    const quote = await callRoute<{ plan: Plan }>(quoteLoader, {
      url: "http://localhost/checkout/quote?province=11&service=economy&buy=now",
      cookie,
    });
    expect(quote.data.plan.parts.flatMap((p) => p.lines)).toMatchObject([
      { variantId: oranges.variant.id, quantity: 3 },
    ]);

    const form = checkoutFormFields(page.data.submitKey);
    const submit = () =>
      callRoute(checkoutRoute.action, {
        url: "http://localhost/checkout?buy=now",
        method: "POST",
        form,
        cookie,
      });
    const placed = await submit();
    expect(placed.status).toBe(302);
    const payAt = placed.headers.get("Location");
    expect(payAt).toMatch(/^\/pay\/\w+/);
    const [order] = await db().select().from(orders);
    const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, order!.id));
    expect(lines.map((l) => [l.variantId, l.quantity])).toEqual([[oranges.variant.id, 3]]);
    expect(order!.itemsFen).toBe(3 * 6990);
    expect((await level(oranges.variant.id)).reserved).toBe(before.reserved + 3);
    expect((await level(oranges.variant.id)).available).toBe(before.available - 3);
    // The province goes back to product pages as their shipping estimate's destination.
    expect(placed.headers.get("Set-Cookie")).toContain("hl_province=11");

    // Resent (a double tap, the back button): the same order, nothing held twice.
    const again = await submit();
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(payAt);
    expect(await db().select().from(orders)).toHaveLength(1);
    expect(await db().select().from(inventoryReservations)).toHaveLength(1);
    expect((await level(oranges.variant.id)).reserved).toBe(before.reserved + 3);

    // The cart still holds the grapes, untouched; the grapes hold nothing.
    expect(await linesOf(cartId)).toEqual([{ variantId: grapes.variant.id, quantity: 1 }]);
    expect((await level(grapes.variant.id)).reserved).toBe(0);
    // The buy-now checkout is done: going back to it lands in the cart.
    const done = await callRoute(checkoutRoute.loader, {
      url: "http://localhost/checkout?buy=now",
      cookie,
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/cart");
  });

  it("a second buy now replaces the first instead of adding to it", async () => {
    const { oranges, cartCookie } = await shopperWithCart();
    const first = await productPost(
      oranges.product.slug,
      { intent: "buy", variantId: oranges.variant.id, quantity: "4" },
      cartCookie,
    );
    const buyCookie = cookieFrom(first.headers)!;
    const second = await productPost(
      oranges.product.slug,
      { intent: "buy", variantId: oranges.variant.id, quantity: "2" },
      withBuy(cartCookie, buyCookie),
    );
    expect(second.status).toBe(302);
    const page = await callRoute<{ plan: Plan }>(checkoutRoute.loader, {
      url: "http://localhost/checkout?buy=now",
      cookie: withBuy(cartCookie, cookieFrom(second.headers)!),
    });
    expect(page.data.plan.parts.flatMap((p) => p.lines)).toMatchObject([
      { variantId: oranges.variant.id, quantity: 2 },
    ]);
  });

  it("refuses bad input with a 4xx and writes nothing", async () => {
    const { oranges, grapes, cartCookie } = await shopperWithCart();
    const snapshot = async () =>
      JSON.stringify([
        await db().select().from(carts).orderBy(carts.id),
        await db().select().from(cartLines).orderBy(cartLines.cartId, cartLines.offerId),
        await level(oranges.variant.id),
      ]);
    const before = await snapshot();
    const slug = oranges.product.slug;
    const stock = (await level(oranges.variant.id)).available;
    for (const [label, form, status] of [
      ["zero", { intent: "buy", variantId: oranges.variant.id, quantity: "0" }, 422],
      ["words", { intent: "buy", variantId: oranges.variant.id, quantity: "three" }, 422],
      [
        "above stock",
        { intent: "buy", variantId: oranges.variant.id, quantity: String(stock + 1) },
        422,
      ],
      [
        "another product's pack",
        { intent: "buy", variantId: grapes.variant.id, quantity: "1" },
        422,
      ],
      ["no pack", { intent: "buy", quantity: "1" }, 422],
      ["unknown intent", { intent: "steal", variantId: oranges.variant.id, quantity: "1" }, 400],
    ] as const) {
      const res = await productPost(slug, { ...form }, cartCookie);
      expect(res.status, label).toBe(status);
      expect(res.headers.get("Set-Cookie"), label).toBeNull();
      // A refusal is one shopper's answer: the page's shared caching must not apply to it.
      if (status === 422) expect(res.headers.get("Cache-Control"), label).toBe("private, no-store");
    }
    expect(await snapshot()).toBe(before);
  });
});
