import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderLines, orders } from "../../db/orders-schema";
import { inventoryReservations, offers, variants } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { createOrangesAndGrapes } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";
import { updateAdminVariant } from "~/catalog/admin-variants.server";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { sweepExpiredHolds } from "~/inventory/hold-owners.server";
import {
  confirmReservations,
  releaseReservations,
  reserve,
  restockReservations,
  stockInvariant,
} from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import { createCappedOffer, endOffer, standardOffers } from "~/offers/offers.server";
import { priceLine } from "~/offers/pricing";
import { addToCart, getCart } from "~/orders/cart.server";
import { placeOrder, type OrderSource } from "~/orders/place-order.server";

withTestDatabase();
const actor = "test";
const LATER = new Date(Date.now() + 15 * 60_000);

async function stocked(amount: number) {
  const { product, variants: vs } = await createProduct({
    variants: [{ stock: 0, priceFen: 2_990 }],
  });
  await adjustStock({ variantId: vs[0]!.id, delta: amount, reason: "opening", actor });
  return { product, variant: vs[0]! };
}

async function expectOfferBalanced(offerId: string) {
  const s = await offerInvariant({ offerId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  return s.level;
}

async function expectVariantBalanced(variantId: string, initial: number) {
  const s = await stockInvariant({ variantId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  expect(s.level.available + s.level.reserved + s.level.sold).toBe(initial);
  return s.level;
}

describe("standard offers", () => {
  it("every variant has one, at its price, and it follows the admin's price edit", async () => {
    const { product, variant } = await stocked(5);
    const offerId = (await standardOffers({ variantIds: [variant.id] })).get(variant.id);
    expect(offerId).toMatch(/^ofr_/);
    const before = await db().select().from(offers).where(eq(offers.variantId, variant.id));
    expect(before).toMatchObject([{ id: offerId, kind: "standard", priceFen: 2_990, cap: null }]);

    const [row] = await db().select().from(variants).where(eq(variants.id, variant.id));
    const edited = await updateAdminVariant({
      productId: product.id,
      variantId: variant.id,
      variant: {
        labelZh: row!.labelZh,
        labelEn: row!.labelEn,
        sku: row!.sku,
        priceFen: 3_450,
        compareAtFen: undefined,
        netWeightG: row!.netWeightG,
        shippingWeightG: row!.shippingWeightG,
        lengthMm: row!.lengthMm,
        widthMm: row!.widthMm,
        heightMm: row!.heightMm,
      },
    });
    expect(edited).toEqual({ ok: true, value: { found: true } });
    const after = await db().select().from(offers).where(eq(offers.variantId, variant.id));
    // The same offer (carts and orders keep pointing at it), at the new price.
    expect(after).toMatchObject([{ id: offerId, kind: "standard", priceFen: 3_450 }]);

    // A cart prices from the offer.
    const added = await addToCart({ cartId: null, variantId: variant.id, quantity: 2 });
    expect(added.ok).toBe(true);
    const cart = await getCart({ cartId: added.ok ? added.cartId : null, locale: "en" });
    expect(cart.groups[0]!.lines[0]).toMatchObject({
      offerId,
      priceFen: 3_450,
      lineTotalFen: 6_900,
    });
  });
});

describe("priceLine", () => {
  const offer = {
    kind: "flash" as const,
    priceFen: 1_990,
    status: "active" as const,
    startsAt: new Date("2026-12-01T10:00:00Z"),
    endsAt: new Date("2026-12-01T11:00:00Z"),
    perShopperLimit: 2,
  };
  it("prices inside the window and within the per-shopper limit only", () => {
    const at = (iso: string) => new Date(iso);
    expect(priceLine({ offer, quantity: 2, now: at("2026-12-01T10:30:00Z") })).toEqual({
      ok: true,
      unitFen: 1_990,
      lineFen: 3_980,
    });
    expect(priceLine({ offer, quantity: 1, now: at("2026-12-01T09:59:59Z") })).toMatchObject({
      ok: false,
      reason: "not_started",
    });
    expect(priceLine({ offer, quantity: 1, now: at("2026-12-01T11:00:00Z") })).toMatchObject({
      ok: false,
      reason: "ended",
    });
    expect(priceLine({ offer, quantity: 2, bought: 1, now: at("2026-12-01T10:30:00Z") })).toEqual({
      ok: false,
      reason: "over_limit",
      limit: 1,
    });
    expect(
      priceLine({
        offer: { ...offer, status: "paused" },
        quantity: 1,
        now: at("2026-12-01T10:30:00Z"),
      }),
    ).toMatchObject({ ok: false, reason: "paused" });
    // Units already held for the shopper (a claim) were taken while it was open: a pause since does
    // not stop their payment, but the window still does.
    const paused = { ...offer, status: "paused" as const };
    expect(
      priceLine({ offer: paused, quantity: 1, now: at("2026-12-01T10:30:00Z"), held: true }),
    ).toMatchObject({ ok: true });
    expect(
      priceLine({ offer: paused, quantity: 1, now: at("2026-12-31T10:30:00Z"), held: true }),
    ).toMatchObject({ ok: false });
  });
});

describe("capped offers", () => {
  it("draw their cap from the variant's stock; sell, release, restock and close keep both books exact", async () => {
    const { variant } = await stocked(20);
    const refused = await createCappedOffer({
      variantId: variant.id,
      kind: "flash",
      priceFen: 1_990,
      cap: 21,
      actor,
    });
    expect(refused).toEqual({ ok: false, error: "insufficient", available: 20 });
    expect(await db().select().from(offers).where(eq(offers.kind, "flash"))).toEqual([]);

    const created = await createCappedOffer({
      variantId: variant.id,
      kind: "flash",
      priceFen: 1_990,
      cap: 8,
      actor,
    });
    if (!created.ok) throw new Error(created.error);
    const offerId = created.offer.id;
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 8,
      available: 8,
      reserved: 0,
      sold: 0,
    });
    // The 8 left the variant's available stock: standard buyers cannot take them.
    expect(await expectVariantBalanced(variant.id, 20)).toEqual({
      available: 12,
      reserved: 8,
      sold: 0,
    });

    const line = (quantity: number) => [{ variantId: variant.id, offerId, quantity }];
    expect(await reserve({ ref: "a", lines: line(5), expiresAt: LATER, actor })).toMatchObject({
      ok: true,
    });
    expect(await reserve({ ref: "b", lines: line(4), expiresAt: LATER, actor })).toEqual({
      ok: false,
      error: "insufficient",
      variantId: variant.id,
      available: 3,
    });
    expect(await reserve({ ref: "b", lines: line(3), expiresAt: LATER, actor })).toMatchObject({
      ok: true,
    });
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 8,
      available: 0,
      reserved: 8,
      sold: 0,
    });
    // The same variant at its standard offer still sells the rest.
    expect(
      await reserve({
        ref: "c",
        lines: [{ variantId: variant.id, quantity: 12 }],
        expiresAt: LATER,
        actor,
      }),
    ).toMatchObject({ ok: true });
    expect(await expectVariantBalanced(variant.id, 20)).toEqual({
      available: 0,
      reserved: 20,
      sold: 0,
    });

    expect(await confirmReservations({ ref: "a", actor })).toEqual({ ok: true, confirmed: 1 });
    expect(await releaseReservations({ ref: "b", reason: "expired", actor })).toEqual({
      released: 1,
    });
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 8,
      available: 3,
      reserved: 0,
      sold: 5,
    });
    expect(await restockReservations({ ref: "a", reason: "cancelled", actor })).toEqual({
      restocked: 1,
    });
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 8,
      available: 8,
      reserved: 0,
      sold: 0,
    });
    await reserve({ ref: "d", lines: line(2), expiresAt: LATER, actor });
    await confirmReservations({ ref: "d", actor });
    await reserve({ ref: "e", lines: line(1), expiresAt: LATER, actor });

    // Ending the offer gives what it did not sell or hold back to the variant.
    expect(await endOffer({ offerId, actor })).toEqual({ ended: true, returned: 5 });
    expect(await endOffer({ offerId, actor })).toEqual({ ended: false, returned: 0 });
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 3,
      available: 0,
      reserved: 1,
      sold: 2,
    });
    expect(await expectVariantBalanced(variant.id, 20)).toEqual({
      available: 5,
      reserved: 13,
      sold: 2,
    });
    // After the end, its units still out settle against the variant.
    expect(await reserve({ ref: "f", lines: line(1), expiresAt: LATER, actor })).toMatchObject({
      ok: false,
      error: "sold_out",
    });
    await releaseReservations({ ref: "e", reason: "expired", actor });
    await restockReservations({ ref: "d", reason: "cancelled", actor });
    expect(await expectOfferBalanced(offerId)).toEqual({
      cap: 0,
      available: 0,
      reserved: 0,
      sold: 0,
    });
    expect(await expectVariantBalanced(variant.id, 20)).toEqual({
      available: 8,
      reserved: 12,
      sold: 0,
    });
  });

  it("a cart holds one variant at its flash price and its standard price as two lines, each priced by its offer", async () => {
    const world = await createOrangesAndGrapes();
    const v = world.oranges.variant;
    const created = await createCappedOffer({
      variantId: v.id,
      kind: "flash",
      priceFen: 990,
      cap: 5,
      actor,
    });
    if (!created.ok) throw new Error(created.error);
    const flash = await addToCart({
      cartId: null,
      variantId: v.id,
      offerId: created.offer.id,
      quantity: 2,
    });
    if (!flash.ok) throw new Error(flash.error);
    const standard = await addToCart({ cartId: flash.cartId, variantId: v.id, quantity: 1 });
    expect(standard.ok).toBe(true);
    const over = await addToCart({
      cartId: flash.cartId,
      variantId: v.id,
      offerId: created.offer.id,
      quantity: 4,
    });
    expect(over).toEqual({ ok: false, error: "above_stock", remaining: 3 });
    const cart = await getCart({ cartId: flash.cartId, locale: "en" });
    expect(cart.groups[0]!.lines.map((l) => [l.offerKind, l.priceFen, l.quantity])).toEqual([
      ["flash", 990, 2],
      ["standard", v.priceFen, 1],
    ]);
  });
});

describe("placeOrder", () => {
  const address = {
    name: "王小明",
    mobile: "13800138000",
    province: "11",
    cityCode: "1101",
    districtCode: "110101",
    detail: "东城区 1 号",
  };

  it("places an order from a non-cart source once per submit key, priced by the offer", async () => {
    const world = await createOrangesAndGrapes();
    const v = world.oranges.variant;
    const created = await createCappedOffer({
      variantId: v.id,
      kind: "flash",
      priceFen: 990,
      cap: 5,
      actor,
    });
    if (!created.ok) throw new Error(created.error);
    let taken = 0;
    let placed = 0;
    const claim: OrderSource = {
      ref: { sourceRef: "clm_test_1" },
      async takeLines() {
        taken++;
        return [{ offerId: created.offer.id, quantity: 2 }];
      },
      async placed() {
        placed++;
      },
    };
    const input = {
      source: claim,
      submitKey: "sub_claim_key_0001",
      contact: { mobile: "13800138000" },
      address,
      ambientService: "express" as const,
      channel: "flash" as const,
      hold: { minutes: 5 },
    };
    const [first, second] = await Promise.all([placeOrder(input), placeOrder(input)]);
    const third = await placeOrder(input);
    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(new Set([first.orderId, second.orderId, third.orderId]).size).toBe(1);
    expect([first.created, second.created, third.created].filter(Boolean)).toHaveLength(1);
    expect(placed).toBe(1);
    expect(taken).toBeGreaterThanOrEqual(1);

    const [order] = await db().select().from(orders).where(eq(orders.id, first.orderId));
    expect(order).toMatchObject({ channel: "flash", sourceRef: "clm_test_1", cartId: null });
    const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, first.orderId));
    expect(lines).toMatchObject([
      { offerId: created.offer.id, offerKind: "flash", priceFen: 990, quantity: 2, lineFen: 1_980 },
    ]);
    expect(await expectOfferBalanced(created.offer.id)).toEqual({
      cap: 5,
      available: 3,
      reserved: 2,
      sold: 0,
    });
    const holds = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, first.orderId));
    expect(holds).toMatchObject([{ ownerKind: "order", offerId: created.offer.id, quantity: 2 }]);

    // Someone else with the key (another claim) learns nothing of the order.
    const other = await placeOrder({
      ...input,
      source: { ...claim, ref: { sourceRef: "clm_other" } },
    });
    expect(other).toMatchObject({ ok: false, error: "submit_key_used" });
  });

  it("refuses a source naming an offer that does not exist rather than placing a smaller order", async () => {
    const world = await createOrangesAndGrapes();
    const [offerId] = (await standardOffers({ variantIds: [world.oranges.variant.id] })).values();
    const outcome = await placeOrder({
      source: {
        ref: { sourceRef: "clm_gone" },
        takeLines: async () => [
          { offerId: offerId!, quantity: 1 },
          { offerId: "ofr_doesnotexist0000", quantity: 1 },
        ],
      },
      submitKey: "sub_missing_offer_1",
      contact: { mobile: "13800138000" },
      address,
      ambientService: "express",
      channel: "flash",
      hold: { minutes: 5 },
    });
    expect(outcome).toMatchObject({ ok: false, error: "sold_out" });
    expect(await db().select().from(orders)).toEqual([]);
    expect(await db().select().from(inventoryReservations)).toEqual([]);
  });

  it("a hold until released has no expiry and no expire job, and the sweeper leaves it", async () => {
    const world = await createOrangesAndGrapes();
    const v = world.oranges.variant;
    const [offerId] = (await standardOffers({ variantIds: [v.id] })).values();
    const placedOrder = await placeOrder({
      source: {
        ref: { sourceRef: "pre_1" },
        takeLines: async () => [{ offerId: offerId!, quantity: 1 }],
      },
      submitKey: "sub_presale_key_01",
      contact: { mobile: "13800138000" },
      address,
      ambientService: "express",
      channel: "presale",
      hold: "until_released",
    });
    if (!placedOrder.ok) throw new Error(placedOrder.message);
    const [order] = await db().select().from(orders).where(eq(orders.id, placedOrder.orderId));
    expect(order!.reservedUntil).toBeNull();
    const [hold] = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, placedOrder.orderId));
    expect(hold).toMatchObject({ status: "held", expiresAt: null });
    const farFuture = new Date(Date.now() + 365 * 86_400_000);
    expect(await sweepExpiredHolds({ now: farFuture })).toEqual({ dispatched: 0, released: 0 });
  });
});

describe("the expiry sweeper", () => {
  it("releases a lapsed hold whose owner kind nobody registered, and one whose order never existed", async () => {
    const { variant } = await stocked(10);
    const soon = new Date(Date.now() + 60_000);
    const line = [{ variantId: variant.id, quantity: 3 }];
    await reserve({ ref: "ghost-1", owner: "ghost_kind", lines: line, expiresAt: soon, actor });
    await reserve({ ref: "ord_never_made", owner: "order", lines: line, expiresAt: soon, actor });
    await reserve({ ref: "not-yet", owner: "ghost_kind", lines: line, expiresAt: LATER, actor });
    expect(await expectVariantBalanced(variant.id, 10)).toEqual({
      available: 1,
      reserved: 9,
      sold: 0,
    });

    const later = new Date(Date.now() + 120_000);
    expect(await sweepExpiredHolds({ now: later })).toEqual({ dispatched: 0, released: 2 });
    expect(await expectVariantBalanced(variant.id, 10)).toEqual({
      available: 7,
      reserved: 3,
      sold: 0,
    });
    const released = await db()
      .select({ ref: inventoryReservations.ref, status: inventoryReservations.status })
      .from(inventoryReservations)
      .where(
        and(
          eq(inventoryReservations.variantId, variant.id),
          eq(inventoryReservations.status, "released"),
        ),
      );
    expect(released.map((r) => r.ref).sort()).toEqual(["ghost-1", "ord_never_made"]);
    // Swept once: nothing more to do.
    expect(await sweepExpiredHolds({ now: later })).toEqual({ dispatched: 0, released: 0 });
  });
});
