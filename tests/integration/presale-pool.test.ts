import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLevels, offerLevels, offers } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import {
  confirmReservations,
  releaseReservations,
  reserve,
  restockReservations,
  stockInvariant,
} from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import { createCappedOffer, endOffer, resizePresaleOffer } from "~/offers/offers.server";

withTestDatabase();
const actor = "presale-test";
const STOCK = 10;
const CAP = 60;

/** A pack with STOCK units on hand and a presale of CAP packs of its next harvest. */
async function presale() {
  const { variants } = await createProduct({ variants: [{ stock: 0 }] });
  const variantId = variants[0]!.id;
  await adjustStock({ variantId, delta: STOCK, reason: "opening", actor });
  const created = await createCappedOffer({
    variantId,
    kind: "presale",
    priceFen: 6_800,
    cap: CAP,
    actor,
  });
  if (!created.ok) throw new Error(created.error);
  return { variantId, offerId: created.offer.id };
}

async function offerBooks(offerId: string) {
  const s = await offerInvariant({ offerId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  return s.level;
}

/** The variant's own books: balanced, and holding exactly `expected`. */
async function variantBooks(
  variantId: string,
  expected = { available: STOCK, reserved: 0, sold: 0 },
) {
  const s = await stockInvariant({ variantId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  expect(s.level).toEqual(expected);
  expect(s.pools).toBe(0);
}

const hold = (variantId: string, offerId: string, ref: string, quantity: number) =>
  reserve({
    ref,
    owner: "presale",
    lines: [{ variantId, offerId, quantity }],
    expiresAt: null,
    actor,
  });

describe("a presale pool (draws no stock)", () => {
  it("opens with cap = available, the variant's stock untouched", async () => {
    const { variantId, offerId } = await presale();
    expect(await offerBooks(offerId)).toEqual({ cap: CAP, available: CAP, reserved: 0, sold: 0 });
    const [pool] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, offerId));
    expect(pool!.drawsStock).toBe(false);
    await variantBooks(variantId);
    // A cap above the variant's stock is fine: the fruit is on the tree.
    expect(CAP).toBeGreaterThan(STOCK);
  });

  it("50 concurrent reserves of 1–3 against a cap of 60: never more than 60, both books exact", async () => {
    const { variantId, offerId } = await presale();
    const wants = Array.from({ length: 50 }, (_, i) => 1 + (i % 3));
    const results = await Promise.all(wants.map((q, i) => hold(variantId, offerId, `po-${i}`, q)));
    const held = results.reduce((n, r, i) => n + (r.ok ? wants[i]! : 0), 0);
    expect(held).toBeLessThanOrEqual(CAP);
    // 100 wanted against 60: what was refused was refused because too little was left.
    expect(held).toBeGreaterThan(CAP - 3);
    for (const r of results) if (!r.ok) expect(["sold_out", "insufficient"]).toContain(r.error);
    const level = await offerBooks(offerId);
    expect(level).toEqual({ cap: CAP, available: CAP - held, reserved: held, sold: 0 });
    await variantBooks(variantId);

    // Confirming holds brings their units into the variant, straight into sold.
    const okRefs = results.flatMap((r, i) => (r.ok ? [{ ref: `po-${i}`, q: wants[i]! }] : []));
    const [first, second] = okRefs;
    expect(await confirmReservations({ ref: first!.ref, actor })).toEqual({
      ok: true,
      confirmed: 1,
    });
    await offerBooks(offerId);
    await variantBooks(variantId, { available: STOCK, reserved: 0, sold: first!.q });

    // A released hold goes back to the presale's pool, never to the variant.
    await releaseReservations({ ref: second!.ref, reason: "cancelled", actor });
    expect((await offerBooks(offerId)).available).toBe(CAP - held + second!.q);
    await variantBooks(variantId, { available: STOCK, reserved: 0, sold: first!.q });

    // A confirmed order cancelled: its fruit is the variant's stock now, and leaves the pool.
    await restockReservations({ ref: first!.ref, reason: "refunded", actor });
    expect((await offerBooks(offerId)).cap).toBe(CAP - first!.q);
    await variantBooks(variantId, { available: STOCK + first!.q, reserved: 0, sold: 0 });
  });

  it("resizes: raise freely, lower down to held + sold, refuse below it and change nothing", async () => {
    const { variantId, offerId } = await presale();
    expect((await hold(variantId, offerId, "a", 3)).ok).toBe(true);
    expect((await hold(variantId, offerId, "b", 2)).ok).toBe(true);
    await confirmReservations({ ref: "b", actor });
    const committed = 5;

    expect(await resizePresaleOffer({ offerId, cap: 100, actor })).toEqual({ ok: true, cap: 100 });
    expect(await offerBooks(offerId)).toEqual({
      cap: 100,
      available: 100 - committed,
      reserved: 3,
      sold: 2,
    });
    const before = await db().select().from(offerLevels).where(eq(offerLevels.offerId, offerId));
    expect(await resizePresaleOffer({ offerId, cap: committed - 1, actor })).toEqual({
      ok: false,
      error: "below_committed",
      committed,
    });
    expect(await db().select().from(offerLevels).where(eq(offerLevels.offerId, offerId))).toEqual(
      before,
    );
    const [row] = await db().select().from(offers).where(eq(offers.id, offerId));
    expect(row!.cap).toBe(100);

    expect(await resizePresaleOffer({ offerId, cap: committed, actor })).toEqual({
      ok: true,
      cap: committed,
    });
    expect(await offerBooks(offerId)).toEqual({ cap: 5, available: 0, reserved: 3, sold: 2 });
    expect((await hold(variantId, offerId, "c", 1)).ok).toBe(false);
    await variantBooks(variantId, { available: STOCK, reserved: 0, sold: 2 });
  });

  it("resizing a flash sale or an unknown offer is refused", async () => {
    const { variantId } = await presale();
    const flash = await createCappedOffer({
      variantId,
      kind: "flash",
      priceFen: 990,
      cap: 4,
      actor,
    });
    if (!flash.ok) throw new Error(flash.error);
    expect(await resizePresaleOffer({ offerId: flash.offer.id, cap: 9, actor })).toMatchObject({
      ok: false,
      error: "not_found",
    });
    expect(await resizePresaleOffer({ offerId: "ofr_nope1234", cap: 9, actor })).toMatchObject({
      ok: false,
      error: "not_found",
    });
  });

  it("ends: the pool closes, gives the variant nothing, and holds still out leave it", async () => {
    const { variantId, offerId } = await presale();
    expect((await hold(variantId, offerId, "a", 4)).ok).toBe(true);
    expect((await hold(variantId, offerId, "b", 1)).ok).toBe(true);
    await confirmReservations({ ref: "b", actor });
    const [levelBefore] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, variantId));

    expect(await endOffer({ offerId, actor })).toEqual({ ended: true, returned: 0 });
    expect(await offerBooks(offerId)).toEqual({ cap: 5, available: 0, reserved: 4, sold: 1 });
    const [levelAfter] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, variantId));
    expect(levelAfter!.available).toBe(levelBefore!.available);
    expect(await resizePresaleOffer({ offerId, cap: 50, actor })).toMatchObject({
      ok: false,
      error: "closed",
    });
    expect((await hold(variantId, offerId, "c", 1)).ok).toBe(false);

    // A hold released after the close leaves the pool (its cap shrinks), still not the variant's.
    await releaseReservations({ ref: "a", reason: "cancelled", actor });
    expect(await offerBooks(offerId)).toEqual({ cap: 1, available: 0, reserved: 0, sold: 1 });
    await variantBooks(variantId, { available: STOCK, reserved: 0, sold: 1 });
  });
});
