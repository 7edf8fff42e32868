import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, shopperAddresses } from "../../db/orders-schema";
import { inventoryLevels, inventoryReservations } from "../../db/schema";
import { db } from "~/lib/db.server";
import { cartCookieHeader } from "~/orders/cart-cookie.server";
import { action, loader } from "~/routes/_store.checkout";
import { loader as quoteLoader } from "~/routes/checkout.quote";
import { loader as orderLoader } from "~/routes/_store.orders.$orderId";
import { BEIJING, cartWith, checkoutFormFields, createOrangesAndGrapes } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { createStripeProvider } from "~/payments/stripe.server";

withTestDatabase();

type Page = Awaited<ReturnType<typeof loader>>;
type Quote = Awaited<ReturnType<typeof quoteLoader>>;
type Refused = {
  errors: Record<string, string>;
  values: Record<string, string>;
  message: string | null;
  backToCart: boolean;
};

/** Oranges (Jiangxi, ambient) and grapes (Yunnan, chilled) in one cart, and the cookie that names it. */
async function twoCoopCart() {
  const w = await createOrangesAndGrapes();
  const cartId = await cartWith([
    { variantId: w.oranges.variant.id, quantity: 2 },
    { variantId: w.grapes.variant.id, quantity: 1 },
  ]);
  return { ...w, cartId, cookie: (await cartCookieHeader(cartId)).split(";")[0]! };
}

const page = (cookie: string | null, query = "") =>
  callRoute<Page>(loader, { url: `http://localhost/checkout${query}`, cookie });
const post = (form: Record<string, string>, cookie: string) =>
  callRoute<Refused>(action, { url: "http://localhost/checkout", method: "POST", form, cookie });

async function stock(variantId: string) {
  const [row] = await db()
    .select()
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  return { available: row!.available, reserved: row!.reserved };
}

describe("checkout page", () => {
  it("sends an empty cart back to /cart", async () => {
    const r = await page(null);
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/cart");
  });

  it("shows two shipments for two cooperatives and re-prices for a province and service, chilled by cold chain", async () => {
    const { cookie, coopA, coopB } = await twoCoopCart();
    const first = await page(cookie);
    expect(first.status).toBe(200);
    expect(first.data.plan.parts.map((p) => p.cooperative.id).sort()).toEqual(
      [coopA.id, coopB.id].sort(),
    );
    expect(first.data.plan.shippingFen).toBeNull();
    expect(first.data.submitKey).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect((await page(cookie)).data.submitKey).not.toBe(first.data.submitKey);

    const express = await callRoute<Quote>(quoteLoader, {
      url: "http://localhost/checkout/quote?province=11&service=express",
      cookie,
    });
    const economy = await callRoute<Quote>(quoteLoader, {
      url: "http://localhost/checkout/quote?province=11&service=economy",
      cookie,
    });
    expect(express.status).toBe(200);
    const services = (q: Quote) =>
      q.plan.parts.flatMap((p) => p.parcels!.map((x) => x.service)).sort();
    expect(services(express.data)).toEqual(["cold_chain", "express"]);
    expect(services(economy.data)).toEqual(["cold_chain", "economy"]);
    expect(express.data.plan.totalFen).toBeGreaterThan(express.data.plan.itemsFen);
    expect(economy.data.plan.shippingFen).toBeLessThan(express.data.plan.shippingFen!);
  });

  it("answers a document asking for the quote, or for a service it does not offer, with the page (both were 500s)", async () => {
    const { cookie } = await twoCoopCart();
    for (const url of ["?quote=1", "?quote=1&province=%00&service=teleport", "?service=teleport"]) {
      const res = await page(cookie, url);
      expect(res.status, url).toBe(200);
      expect(res.data.submitKey, url).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    }
    const quote = await callRoute<Quote>(quoteLoader, {
      url: "http://localhost/checkout/quote?province=%00&service=teleport",
      cookie,
    });
    expect(quote.status).toBe(200);
    expect(quote.data.plan.parts.flatMap((p) => p.parcels ?? [])).toEqual([]);
    expect(
      (
        await callRoute<Quote>(quoteLoader, {
          url: "http://localhost/checkout/quote?province=11",
          cookie: null,
        })
      ).data.plan.parts,
    ).toEqual([]);
  });

  it("prefills a signed-in shopper's remembered address with its city and district lists", async () => {
    const { cartId } = await twoCoopCart();
    const me = await signedInUser();
    await db().insert(shopperAddresses).values({ userId: me.user.id, address: BEIJING });
    const r = await page(`${me.cookie}; ${(await cartCookieHeader(cartId)).split(";")[0]}`);
    expect(r.data.account).toEqual({ email: me.user.email });
    expect(r.data.values).toMatchObject({
      name: BEIJING.name,
      province: "11",
      cityCode: "1101",
      districtCode: "110105",
    });
    expect(r.data.regions.districts).toContainEqual(
      expect.objectContaining({ code: "110105", name: "朝阳区" }),
    );
    expect(r.data.plan.shippingFen).not.toBeNull();
  });

  it("without JavaScript, reloads with the lists for the province and city sent and keeps what was typed", async () => {
    const { cookie } = await twoCoopCart();
    const r = await page(
      cookie,
      "?province=36&cityCode=3607&districtCode=&name=%E7%8E%8B&detail=abc&ambientService=economy&service=economy",
    );
    expect(r.data.values).toMatchObject({
      province: "36",
      name: "王",
      detail: "abc",
      ambientService: "economy",
    });
    expect(r.data.regions.cityCode).toBe("3607");
    expect(r.data.regions.districts).toContainEqual(
      expect.objectContaining({ code: "360722", name: "信丰县" }),
    );
    expect(r.data.plan.shippingFen).not.toBeNull();
    // A city from another province is not carried over.
    const moved = await page(cookie, "?province=11&cityCode=3607");
    expect(moved.data.regions.cityCode).toBe("1101");
    expect(moved.data.regions.districts).toContainEqual(
      expect.objectContaining({ code: "110105", name: "朝阳区" }),
    );
  });

  it("lists WeChat Pay, Alipay and card in that order when Stripe takes them, and nothing for the simulated card page", async () => {
    const { cookie } = await twoCoopCart();
    try {
      setPaymentProviderForTests(
        createStripeProvider({
          secretKey: "sk_test_listing",
          paymentMethods: ["card", "alipay", "wechat_pay"],
        }),
      );
      expect((await page(cookie)).data.paymentMethods).toEqual(["wechat_pay", "alipay", "card"]);
      setPaymentProviderForTests(
        createStripeProvider({ secretKey: "sk_test_listing", paymentMethods: ["card", "alipay"] }),
      );
      expect((await page(cookie)).data.paymentMethods).toEqual(["alipay", "card"]);
    } finally {
      setPaymentProviderForTests(undefined);
    }
    expect((await page(cookie)).data.paymentMethods).toEqual([]);
  });

  it("refuses each bad field next to the field, keeps what was typed, and writes nothing", async () => {
    const { cookie, oranges, grapes } = await twoCoopCart();
    const before = [await stock(oranges.variant.id), await stock(grapes.variant.id)];
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ["missing name", { name: "  " }, "name", "address.name"],
      ["mobile of 10 digits", { mobile: "1381234567" }, "mobile", "address.mobile"],
      [
        "city not in the province",
        { province: "36", cityCode: "1101" },
        "cityCode",
        "address.city",
      ],
      ["district not in the city", { districtCode: "360722" }, "districtCode", "address.district"],
      ["detail too short", { detail: "1号" }, "detail", "address.detail"],
      ["no mobile", { mobile: "" }, "mobile", "address.mobile"],
      ["mobile not a mainland one", { mobile: "120 1234 5678" }, "mobile", "address.mobile"],
      ["bad guest email", { email: "mei@" }, "email", "checkout.email"],
    ];
    for (const [label, change, field, key] of cases) {
      const form = {
        ...checkoutFormFields(`key-${label.replace(/\W/g, "-")}-0123456789`),
        ...change,
      };
      const r = await post(form, cookie);
      expect(r.status, label).toBe(422);
      expect(r.data.errors[field], label).toBe(key);
      expect(Object.keys(r.data.errors), label).toEqual([field]);
      expect(r.data.values.detail, label).toBe(form.detail);
      expect(r.data.values.name, label).toBe(form.name);
    }
    expect(await db().select().from(orders)).toHaveLength(0);
    expect(await db().select().from(inventoryReservations)).toHaveLength(0);
    expect([await stock(oranges.variant.id), await stock(grapes.variant.id)]).toEqual(before);
  });

  it("places the order, goes to the payment page, and a resent form goes to the same order", async () => {
    const { cookie, oranges } = await twoCoopCart();
    const { data: first } = await page(cookie, "?province=11");
    const form = checkoutFormFields(first.submitKey);
    const placed = await post(form, cookie);
    expect(placed.status).toBe(302);
    expect(placed.headers.get("Location")).toMatch(/^\/pay\/\w+/);
    const access = cookieFrom(placed.headers);
    expect(access).toMatch(/^hl_orders=/);
    const [order] = await db().select().from(orders);
    expect(order).toMatchObject({
      email: "mei@example.com",
      status: "pending_payment",
      userId: null,
    });
    expect((await stock(oranges.variant.id)).reserved).toBe(2);

    // A double click (or the back button and submit again) carries the same one-time key.
    const again = await post(form, cookie);
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toMatch(/^\/pay\/\w+/);
    expect(await db().select().from(orders)).toHaveLength(1);
    expect((await stock(oranges.variant.id)).reserved).toBe(2);

    // The guest's browser may now see the order; the cart is empty, so /checkout sends to /cart.
    const view = await callRoute(orderLoader, {
      url: `http://localhost/orders/${order!.id}`,
      params: { orderId: order!.id },
      cookie: access,
    });
    expect(view.status).toBe(200);
    expect((await page(cookie)).headers.get("Location")).toBe("/cart");
  });

  it("says which product ran short and how many are left, with a way back to the cart, and holds nothing", async () => {
    const { cookie, oranges, grapes } = await twoCoopCart();
    const { data: first } = await page(cookie);
    // Someone else bought most of the oranges after they went into this cart.
    await db()
      .update(inventoryLevels)
      .set({ available: 1 })
      .where(eq(inventoryLevels.variantId, oranges.variant.id));
    const r = await callRoute<Refused>(action, {
      url: "http://localhost/checkout",
      method: "POST",
      form: checkoutFormFields(first.submitKey),
      cookie,
    });
    expect(r.status).toBe(409);
    expect(r.data.backToCart).toBe(true);
    expect(r.data.message).toContain("赣南脐橙");
    expect(r.data.message).toContain("1");
    expect(await db().select().from(orders)).toHaveLength(0);
    expect(await stock(grapes.variant.id)).toMatchObject({ reserved: 0 });
  });
});
