import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  jobs,
  orderEvents,
  orderLines,
  orderParts,
  orders,
  shopperAddresses,
} from "../../db/orders-schema";
import { cartLines, inventoryLevels, inventoryReservations } from "../../db/schema";
import { db } from "~/lib/db.server";
import { planCheckout, savedAddress, submitCheckout } from "~/orders/checkout.server";
import { isOrderCode } from "~/orders/order-code";
import { createProduct } from "../factories/catalog";
import {
  BEIJING,
  cartWith,
  createOrangesAndGrapes,
  newSubmitKey,
  orderRowsSnapshot,
} from "../factories/orders";
import { createUser } from "../factories/users";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const level = async (variantId: string) =>
  (await db().select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId)))[0]!;
const count = async (
  table: typeof orders | typeof orderLines | typeof orderParts | typeof inventoryReservations,
) => (await db().select().from(table)).length;

describe("planCheckout", () => {
  it("prices each cooperative from its own province once a province is chosen; chilled goes cold chain", async () => {
    const w = await createOrangesAndGrapes();
    const cartId = await cartWith([
      { variantId: w.oranges.variant.id, quantity: 2 },
      { variantId: w.grapes.variant.id, quantity: 1 },
    ]);
    const none = await planCheckout({ cartId, ambientService: "express", locale: "en" });
    expect(none.shippingFen).toBeNull();
    expect(none.totalFen).toBeNull();
    expect(none.parts.map((p) => p.parcels)).toEqual([null, null]);
    expect(none.itemsFen).toBe(2 * 6990 + 8800);

    const plan = await planCheckout({
      cartId,
      province: "11",
      ambientService: "express",
      locale: "en",
    });
    const byCoop = Object.fromEntries(plan.parts.map((p) => [p.cooperative.id, p]));
    expect(byCoop[w.coopA.id]!.parcels!.map((p) => [p.service, p.storage])).toEqual([
      ["express", "ambient"],
    ]);
    expect(byCoop[w.coopB.id]!.parcels!.map((p) => [p.service, p.storage])).toEqual([
      ["cold_chain", "chilled"],
    ]);
    expect(byCoop[w.coopB.id]!.cooperative.provinceCode).toBe("53");
    expect(plan.shippingFen).toBe(plan.parts.reduce((s, p) => s + p.shippingFen!, 0));
    expect(plan.totalFen).toBe(plan.itemsFen + plan.shippingFen!);
    expect(plan.problems).toEqual([]);
    expect(plan.ready).toBe(true);

    const economy = await planCheckout({
      cartId,
      province: "11",
      ambientService: "economy",
      locale: "en",
    });
    expect(economy.parts.find((p) => p.cooperative.id === w.coopA.id)!.parcels![0]!.service).toBe(
      "economy",
    );
  });

  it("lists lines above the stock left, sold-out lines and parts that cannot ship, with why", async () => {
    const w = await createOrangesAndGrapes();
    const cartId = await cartWith([
      { variantId: w.oranges.variant.id, quantity: 5 },
      { variantId: w.grapes.variant.id, quantity: 1 },
    ]);
    await db()
      .update(inventoryLevels)
      .set({ available: 3 })
      .where(eq(inventoryLevels.variantId, w.oranges.variant.id));
    await db()
      .update(inventoryLevels)
      .set({ available: 0 })
      .where(eq(inventoryLevels.variantId, w.grapes.variant.id));
    // Tibet: cold chain does not serve the remote zone.
    const plan = await planCheckout({
      cartId,
      province: "54",
      ambientService: "express",
      locale: "zh",
    });
    expect(plan.problems).toEqual(
      expect.arrayContaining([
        { kind: "above_stock", variantId: w.oranges.variant.id, available: 3 },
        { kind: "sold_out", variantId: w.grapes.variant.id, available: 0 },
        expect.objectContaining({
          kind: "not_shippable",
          cooperativeId: w.coopB.id,
          error: "zone_not_served",
        }),
      ]),
    );
    expect(plan.parts.find((p) => p.cooperative.id === w.coopB.id)!.refusal).toMatch(/cold_chain/);
    expect(plan.shippingFen).toBeNull();
    expect(plan.ready).toBe(false);
  });

  it("answers an empty plan for no cart", async () => {
    const plan = await planCheckout({
      cartId: null,
      province: "11",
      ambientService: "express",
      locale: "zh",
    });
    expect(plan).toMatchObject({ parts: [], itemsFen: 0, shippingFen: null, ready: false });
  });
});

describe("submitCheckout", () => {
  it("writes the order, its lines, parts with fee and payout, holds the stock, schedules expiry and empties the cart", async () => {
    const w = await createOrangesAndGrapes();
    const cartId = await cartWith([
      { variantId: w.oranges.variant.id, quantity: 2 },
      { variantId: w.grapes.variant.id, quantity: 1 },
    ]);
    const plan = await planCheckout({
      cartId,
      province: "11",
      ambientService: "express",
      locale: "zh",
    });
    const now = new Date();
    const result = await submitCheckout({
      cartId,
      submitKey: newSubmitKey(),
      contact: { email: " Shopper@Example.com " },
      address: BEIJING,
      ambientService: "express",
      now,
    });
    expect(result).toMatchObject({ ok: true, created: true });
    if (!result.ok) return;
    expect(isOrderCode(result.code)).toBe(true);

    const [order] = await db().select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({
      status: "pending_payment",
      email: "shopper@example.com",
      itemsFen: 2 * 6990 + 8800,
      shippingFen: plan.shippingFen,
      totalFen: plan.totalFen,
      paymentProvider: "simulated",
      cartId,
    });
    expect(order!.recipient).toMatchObject({
      city: "北京市",
      district: "朝阳区",
      mobile: "13812345678",
    });
    expect(order!.reservedUntil!.getTime()).toBe(now.getTime() + 15 * 60_000);

    const lines = await db()
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, result.orderId));
    expect(lines.map((l) => [l.variantId, l.quantity, l.priceFen, l.lineFen]).sort()).toEqual(
      [
        [w.oranges.variant.id, 2, 6990, 13980],
        [w.grapes.variant.id, 1, 8800, 8800],
      ].sort(),
    );
    const parts = await db()
      .select()
      .from(orderParts)
      .where(eq(orderParts.orderId, result.orderId));
    const orangePart = parts.find((p) => p.cooperativeId === w.coopA.id)!;
    // 5 % of 139.80 = 6.99 exactly; of 88.00 = 4.40.
    expect(orangePart).toMatchObject({
      itemsFen: 13980,
      platformFeeBps: 500,
      platformFeeFen: 699,
      payoutFen: 13281,
      plannedParcels: 1,
    });
    expect(parts.find((p) => p.cooperativeId === w.coopB.id)).toMatchObject({
      itemsFen: 8800,
      platformFeeFen: 440,
      payoutFen: 8360,
    });

    expect(await level(w.oranges.variant.id)).toMatchObject({
      available: 98,
      reserved: 2,
      sold: 0,
    });
    expect(await level(w.grapes.variant.id)).toMatchObject({ available: 99, reserved: 1 });
    const holds = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, result.orderId));
    expect(holds.map((h) => h.status)).toEqual(["held", "held"]);

    const events = await db()
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, result.orderId));
    expect(events.map((e) => [e.event, e.fromStatus, e.toStatus])).toEqual([
      ["submitted", null, "pending_payment"],
    ]);
    const [job] = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `expire_order:${result.orderId}`));
    expect(job!.kind).toBe("expire_order");
    expect(job!.runAt.getTime()).toBe(order!.reservedUntil!.getTime());
    expect(await db().select().from(cartLines).where(eq(cartLines.cartId, cartId))).toEqual([]);
  });

  it("answers the same order for the same submit key, twice in a row and ten times at once", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 20 }] });
    const cartId = await cartWith([{ variantId: v!.id, quantity: 1 }]);
    const key = newSubmitKey();
    const submit = () =>
      submitCheckout({
        cartId,
        submitKey: key,
        contact: { mobile: "138 1234 5678" },
        address: BEIJING,
        ambientService: "express",
      });
    const first = await submit();
    const again = await submit();
    expect(again).toEqual({ ...first, created: false });

    const cart2 = await cartWith([{ variantId: v!.id, quantity: 2 }]);
    const key2 = newSubmitKey();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        submitCheckout({
          cartId: cart2,
          submitKey: key2,
          contact: { email: "a@example.com" },
          address: BEIJING,
          ambientService: "express",
        }),
      ),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.orderId : r.error)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await count(orders)).toBe(2);
    expect(await level(v!.id)).toMatchObject({ available: 17, reserved: 3 });
  });

  it("one submit key sent with two different carts at once makes one order (the unique key decides); the other cart is refused, keeps its lines and learns nothing", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 20 }] });
    const carts = [
      await cartWith([{ variantId: v!.id, quantity: 1 }]),
      await cartWith([{ variantId: v!.id, quantity: 1 }]),
    ];
    const key = newSubmitKey();
    const results = await Promise.all(
      carts.map((cartId) =>
        submitCheckout({
          cartId,
          submitKey: key,
          contact: { email: "a@example.com" },
          address: BEIJING,
          ambientService: "express",
        }),
      ),
    );
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, error: "submit_key_used", message: "checkout.submitKeyUsed" },
    ]);
    const [order] = await db().select().from(orders);
    const other = carts.find((c) => c !== order!.cartId)!;
    expect(await db().select().from(cartLines).where(eq(cartLines.cartId, other))).toHaveLength(1);
    expect(await count(orders)).toBe(1);
    expect(await level(v!.id)).toMatchObject({ available: 19, reserved: 1 });
  });

  it("two different submit keys for one cart make one order; the second finds the cart empty", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 20 }] });
    const cartId = await cartWith([{ variantId: v!.id, quantity: 1 }]);
    const input = {
      cartId,
      contact: { email: "a@example.com" },
      address: BEIJING,
      ambientService: "express" as const,
    };
    const [a, b] = await Promise.all([
      submitCheckout({ ...input, submitKey: newSubmitKey() }),
      submitCheckout({ ...input, submitKey: newSubmitKey() }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: "empty_cart" });
    expect(await level(v!.id)).toMatchObject({ available: 19, reserved: 1 });
  });

  it("refuses bad input, an empty cart and more than the stock left, writing nothing and moving no stock", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const cartId = await cartWith([{ variantId: v!.id, quantity: 4 }]);
    const base = {
      cartId,
      submitKey: newSubmitKey(),
      contact: { email: "a@example.com" },
      address: BEIJING,
      ambientService: "express" as const,
    };

    expect(
      await submitCheckout({ ...base, address: { ...BEIJING, mobile: "1381234567" } }),
    ).toMatchObject({ ok: false, error: "invalid", field: "mobile" });
    expect(await submitCheckout({ ...base, address: { ...BEIJING, detail: "" } })).toMatchObject({
      ok: false,
      error: "invalid",
      field: "detail",
    });
    // A district of another city.
    expect(
      await submitCheckout({ ...base, address: { ...BEIJING, districtCode: "310101" } }),
    ).toMatchObject({ ok: false, error: "invalid", field: "districtCode" });
    expect(await submitCheckout({ ...base, contact: {} })).toMatchObject({
      ok: false,
      error: "invalid",
      field: "email",
    });
    expect(await submitCheckout({ ...base, contact: { mobile: "12345" } })).toMatchObject({
      ok: false,
      error: "invalid",
      field: "contactMobile",
    });
    expect(await submitCheckout({ ...base, submitKey: "x" })).toMatchObject({
      ok: false,
      error: "invalid",
      field: "submitKey",
    });
    expect(await submitCheckout({ ...base, cartId: null })).toMatchObject({
      ok: false,
      error: "empty_cart",
    });

    // Someone else bought stock since the cart was filled: 4 wanted, 2 left.
    await db()
      .update(inventoryLevels)
      .set({ available: 2 })
      .where(eq(inventoryLevels.variantId, v!.id));
    expect(await submitCheckout(base)).toEqual({
      ok: false,
      error: "above_stock",
      variantId: v!.id,
      available: 2,
      message: "checkout.aboveStock",
    });
    await db()
      .update(inventoryLevels)
      .set({ available: 0 })
      .where(eq(inventoryLevels.variantId, v!.id));
    expect(await submitCheckout(base)).toMatchObject({
      ok: false,
      error: "sold_out",
      variantId: v!.id,
      available: 0,
    });

    expect(await count(orders)).toBe(0);
    expect(await count(orderLines)).toBe(0);
    expect(await count(inventoryReservations)).toBe(0);
    expect(await level(v!.id)).toMatchObject({ available: 0, reserved: 0, sold: 0 });
    expect(
      (await db().select().from(cartLines).where(eq(cartLines.cartId, cartId))).map(
        (l) => l.quantity,
      ),
    ).toEqual([4]);
    expect(await db().select().from(jobs)).toEqual([]);
  });

  it("refuses a cart that cannot ship to the address, saying why", async () => {
    const w = await createOrangesAndGrapes();
    const cartId = await cartWith([{ variantId: w.grapes.variant.id, quantity: 1 }]);
    const lhasa = { ...BEIJING, province: "54", cityCode: "5401", districtCode: "540102" };
    const r = await submitCheckout({
      cartId,
      submitKey: newSubmitKey(),
      contact: { email: "a@example.com" },
      address: lhasa,
      ambientService: "express",
    });
    expect(r).toMatchObject({ ok: false, error: "not_shippable", field: "province" });
    expect(await count(orders)).toBe(0);
  });

  it("uses a signed-in shopper's account email and remembers the address for next time", async () => {
    const user = await createUser({ email: "member@example.com" });
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const cartId = await cartWith([{ variantId: v!.id, quantity: 1 }]);
    expect(await savedAddress({ userId: user.id })).toBeNull();
    const r = await submitCheckout({
      cartId,
      submitKey: newSubmitKey(),
      userId: user.id,
      contact: {},
      address: BEIJING,
      ambientService: "economy",
    });
    if (!r.ok) throw new Error(r.message);
    const [order] = await db().select().from(orders).where(eq(orders.id, r.orderId));
    expect(order).toMatchObject({
      userId: user.id,
      email: "member@example.com",
      ambientService: "economy",
    });
    expect(await savedAddress({ userId: user.id })).toMatchObject({
      districtCode: "110105",
      district: "朝阳区",
    });
    expect(await db().select().from(shopperAddresses)).toHaveLength(1);
  });
});

describe("an order past what one payment can take", () => {
  it("is refused with the limit named, before anything is written (999 boxes at ¥99,999.99 was a 500 from the 32-bit total)", async () => {
    const dear = await createProduct({ variants: [{ priceFen: 9_999_999, stock: 2_000 }] });
    const cartId = await cartWith([{ variantId: dear.variants[0]!.id, quantity: 999 }]);
    const plan = await planCheckout({
      cartId,
      province: "11",
      ambientService: "express",
      locale: "zh",
    });
    expect(plan.problems).toContainEqual({ kind: "too_large", maxFen: 99_999_999 });
    expect(plan.ready).toBe(false);

    const before = await orderRowsSnapshot();
    const result = await submitCheckout({
      cartId,
      submitKey: newSubmitKey(),
      contact: { email: "big@example.com" },
      address: BEIJING,
      ambientService: "express",
    });
    expect(result).toMatchObject({ ok: false, error: "too_large" });
    expect(await orderRowsSnapshot()).toBe(before);
    expect(await level(dear.variants[0]!.id)).toMatchObject({ available: 2_000, reserved: 0 });

    // Nine boxes (¥899,999.91 and the shipping) stay under it, and go through.
    const small = await cartWith([{ variantId: dear.variants[0]!.id, quantity: 9 }]);
    expect(
      await submitCheckout({
        cartId: small,
        submitKey: newSubmitKey(),
        contact: { email: "big@example.com" },
        address: BEIJING,
        ambientService: "express",
      }),
    ).toMatchObject({ ok: true });
  });
});
