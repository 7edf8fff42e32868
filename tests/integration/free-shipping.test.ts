import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderParts, orders } from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { invalidateCatalog } from "~/catalog/cache.server";
import { db } from "~/lib/db.server";
import { planCheckout, submitCheckout } from "~/orders/checkout.server";
import { action, loader } from "~/routes/admin.shipping.tariffs";
import { BEIJING, cartWith, createOrangesAndGrapes, newSubmitKey } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const url = "http://localhost/admin/shipping/tariffs";
const setThreshold = (cookie: string, value: string) =>
  callRoute<{ ok: boolean; errors?: Record<string, string> }>(action, {
    url,
    method: "POST",
    cookie,
    form: { intent: "free_shipping", freeShippingMin: value },
  });
const coopRow = async (id: string) =>
  (await db().select().from(cooperatives).where(eq(cooperatives.id, id)))[0]!;

/** Checks out a fresh cart of these lines for Beijing; returns the order and its parts. */
async function checkout(lines: Array<{ variantId: string; quantity: number }>) {
  const cartId = await cartWith(lines);
  const shown = await planCheckout({
    cartId,
    province: "11",
    ambientService: "express",
    locale: "zh",
  });
  const placed = await submitCheckout({
    cartId,
    submitKey: newSubmitKey(),
    contact: { email: "mei@example.com" },
    address: BEIJING,
    ambientService: "express",
  });
  if (!placed.ok) throw new Error(placed.error);
  const [order] = await db().select().from(orders).where(eq(orders.id, placed.orderId));
  const parts = await db().select().from(orderParts).where(eq(orderParts.orderId, placed.orderId));
  return { shown, order: order!, parts };
}

describe("a cooperative's free-shipping threshold", () => {
  it("its owner sets it on the shipping page; staff and bad input change nothing", async () => {
    const w = await createOrangesAndGrapes();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "owner" }] });
    const staff = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "staff" }] });
    const before = await coopRow(w.coopA.id);

    for (const bad of ["-1", "0", "0.00", "abc", "1e3", "99.999", "1000000", "12,50", "9\u00009"]) {
      const res = await setThreshold(owner.cookie, bad);
      expect(res.status, bad).toBe(422);
      expect(res.data.errors?.freeShippingMin, bad).toMatch(/^error\./);
    }
    const missing = await callRoute(action, {
      url,
      method: "POST",
      cookie: owner.cookie,
      form: { intent: "free_shipping" },
    });
    expect(missing.status).toBe(422);
    expect(
      (
        await callRoute(action, {
          url,
          method: "POST",
          cookie: owner.cookie,
          form: { intent: "teleport" },
        })
      ).status,
    ).toBe(400);
    expect((await setThreshold(staff.cookie, "99")).status).toBe(403);
    expect(await coopRow(w.coopA.id)).toEqual(before);
    const staffPage = await callRoute<{ free: { canEdit: boolean } }>(loader, {
      url,
      cookie: staff.cookie,
    });
    expect(staffPage.data.free.canEdit).toBe(false);

    expect((await setThreshold(owner.cookie, "99.5")).status).toBe(200);
    expect((await coopRow(w.coopA.id)).freeShippingMinFen).toBe(9950);
    // Only the owner's own cooperative changed.
    expect((await coopRow(w.coopB.id)).freeShippingMinFen).toBeNull();
    const page = await callRoute<{ free: { minFen: number; input: string } }>(loader, {
      url,
      cookie: owner.cookie,
    });
    expect(page.data.free).toMatchObject({ minFen: 9950, input: "99.50" });

    // Saving the same again writes nothing; blank turns it off.
    const saved = await coopRow(w.coopA.id);
    expect((await setThreshold(owner.cookie, "99.50")).status).toBe(200);
    expect(await coopRow(w.coopA.id)).toEqual(saved);
    expect((await setThreshold(owner.cookie, " ")).status).toBe(200);
    expect((await coopRow(w.coopA.id)).freeShippingMinFen).toBeNull();
    const off = await coopRow(w.coopA.id);
    expect((await setThreshold(owner.cookie, "")).status).toBe(200);
    expect(await coopRow(w.coopA.id)).toEqual(off);
  });

  it("charges no shipping at or above the threshold and the normal rate below, per cooperative", async () => {
    const w = await createOrangesAndGrapes();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "owner" }] });
    const oranges = (quantity: number) => ({ variantId: w.oranges.variant.id, quantity });
    const grapes = { variantId: w.grapes.variant.id, quantity: 1 };

    // No threshold: what two boxes cost to ship is the normal rate.
    const normal = await checkout([oranges(2)]);
    const normalFen = normal.order.shippingFen;
    expect(normalFen).toBeGreaterThan(0);
    expect(normal.shown.parts[0]!.freeShipping).toBeNull();

    // Threshold exactly the goods of two boxes (2 × ¥69.90): free.
    expect((await setThreshold(owner.cookie, "139.80")).status).toBe(200);
    const at = await checkout([oranges(2)]);
    expect(at.shown.shippingFen).toBe(0);
    expect(at.shown.parts[0]!.freeShipping).toEqual({ minFen: 13980, missingFen: 0 });
    expect(at.order.shippingFen).toBe(0);
    expect(at.order.totalFen).toBe(13980);
    expect(at.parts[0]!.shippingFen).toBe(0);

    // One box is below it: the normal rate for one box, and the page says what is missing.
    const below = await checkout([oranges(1)]);
    expect(below.shown.parts[0]!.freeShipping).toEqual({ minFen: 13980, missingFen: 6990 });
    expect(below.order.shippingFen).toBe(below.shown.shippingFen);
    expect(below.order.shippingFen).toBeGreaterThan(0);
    expect(below.order.totalFen).toBe(6990 + below.order.shippingFen);

    // Above it with another cooperative's grapes: only the oranges' part ships free.
    const mixed = await checkout([oranges(3), grapes]);
    const part = (coopId: string) => mixed.parts.find((p) => p.cooperativeId === coopId)!;
    expect(part(w.coopA.id).shippingFen).toBe(0);
    expect(part(w.coopB.id).shippingFen).toBeGreaterThan(0);
    expect(mixed.order.shippingFen).toBe(part(w.coopB.id).shippingFen);
    expect(mixed.order.shippingFen).toBe(mixed.shown.shippingFen);
  });
});

describe("the product page's shipping estimate", () => {
  it("is what checkout charges for one pack, per province, and free from the threshold", async () => {
    const { shippingEstimates } = await import("~/orders/shipping-estimate.server");
    const w = await createOrangesAndGrapes();
    const estimate = () =>
      shippingEstimates({
        productId: w.oranges.product.id,
        variantIds: [w.oranges.variant.id],
      });
    const first = await estimate();
    expect(first.freeShippingMinFen).toBeNull();
    for (const province of ["11", "36", "65"]) {
      const cartId = await cartWith([{ variantId: w.oranges.variant.id, quantity: 1 }]);
      const charged = await Promise.all(
        (["express", "economy"] as const).map(
          async (ambientService) =>
            (await planCheckout({ cartId, province, ambientService, locale: "zh" })).shippingFen,
        ),
      );
      const cheapest = Math.min(...charged.filter((f): f is number => f !== null));
      expect(first.byVariant[w.oranges.variant.id]![province], province).toBe(cheapest);
    }
    // Chilled grapes go cold chain, which is refused to remote Xinjiang: no estimate there.
    const grapes = await shippingEstimates({
      productId: w.grapes.product.id,
      variantIds: [w.grapes.variant.id],
    });
    expect(grapes.byVariant[w.grapes.variant.id]!["65"]).toBeNull();
    expect(grapes.byVariant[w.grapes.variant.id]!["11"]).toBeGreaterThan(0);

    // A threshold at or under one pack's price: one pack ships free everywhere it ships.
    await db()
      .update(cooperatives)
      .set({ freeShippingMinFen: 6990 })
      .where(eq(cooperatives.id, w.coopA.id));
    invalidateCatalog(); // what the owner's shipping page does when it saves
    const free = await estimate();
    expect(free.freeShippingMinFen).toBe(6990);
    expect(free.byVariant[w.oranges.variant.id]!["11"]).toBe(0);
  });
});
