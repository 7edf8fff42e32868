import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orderLines, orderParts, orders } from "../../db/orders-schema";
import { cooperatives, inventoryReservations, offerLevels } from "../../db/schema";
import { preorder, presaleWorld } from "../factories/presale-world";
import { tableDigest } from "../setup/presale-books";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { invalidateCatalog } from "~/catalog/cache.server";
import { db } from "~/lib/db.server";
import { reviseOrderLines, type LineRevision } from "~/orders/revise.server";

/*
 * reviseOrderLines: an unpaid order made smaller (fewer units, a lower price) by its channel moves
 * its lines, its parts, its totals and its hold together; anything else is refused untouched.
 */

withTestDatabase();

const revise = (orderId: string, lines: LineRevision[], quoteOnly = false) =>
  db().transaction((tx) =>
    reviseOrderLines({ tx, orderId, lines, actor: "test", note: "test", quoteOnly }),
  );

const orderOf = async (id: string) => {
  const [o] = await db().select().from(orders).where(eq(orders.id, id));
  const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, id));
  const parts = await db().select().from(orderParts).where(eq(orderParts.orderId, id));
  const holds = await db()
    .select()
    .from(inventoryReservations)
    .where(eq(inventoryReservations.ref, id));
  return { o: o!, lines, parts, holds };
};

describe("reviseOrderLines", () => {
  it("refuses what would grow an order, a line it does not have, or a paid order, and changes nothing", async () => {
    const w = await presaleWorld();
    const id = await preorder(w, { quantity: 3, card: null }); // pending payment
    const before = await tableDigest();
    for (const lines of [
      [{ lineNo: 1, quantity: 4 }],
      [{ lineNo: 1, quantity: 0 }],
      [{ lineNo: 1, quantity: 1.5 }],
      [{ lineNo: 1, priceFen: 6_001 }],
      [{ lineNo: 1, priceFen: 0 }],
      [{ lineNo: 2, quantity: 1 }],
    ])
      expect(await revise(id, lines), JSON.stringify(lines)).toEqual({
        ok: false,
        error: "invalid",
      });
    expect(await revise("ord_nope", [{ lineNo: 1, quantity: 1 }])).toEqual({
      ok: false,
      error: "unknown_order",
    });
    await db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, id));
    expect(await revise(id, [{ lineNo: 1, quantity: 1 }])).toEqual({
      ok: false,
      error: "not_revisable",
    });
    await db().update(orders).set({ status: "pending_payment" }).where(eq(orders.id, id));
    expect(await tableDigest()).toEqual(before);
  });

  it("a quote says what the revision would cost and writes nothing; the revision then moves lines, parts, totals and the hold together", async () => {
    const w = await presaleWorld({ priceFen: 6_000 });
    const id = await preorder(w, { quantity: 3 }); // deposit paid, waiting
    const start = await orderOf(id);
    const before = await tableDigest();
    const quote = await revise(id, [{ lineNo: 1, quantity: 1, priceFen: 5_000 }], true);
    expect(await tableDigest()).toEqual(before);
    expect(quote).toMatchObject({ ok: true, itemsFen: 5_000 });

    const done = await revise(id, [{ lineNo: 1, quantity: 1, priceFen: 5_000 }]);
    expect(done).toEqual(quote);
    const after = await orderOf(id);
    expect(after.lines).toMatchObject([{ quantity: 1, priceFen: 5_000, lineFen: 5_000 }]);
    expect(after.o).toMatchObject({
      itemsFen: 5_000,
      totalFen: 5_000 + after.o.shippingFen,
      status: "deposit_paid",
    });
    expect(after.o.shippingFen).toBeLessThanOrEqual(start.o.shippingFen);
    const [part] = after.parts;
    expect(part).toMatchObject({ itemsFen: 5_000, shippingFen: after.o.shippingFen });
    expect(part!.payoutFen).toBe(part!.itemsFen - part!.platformFeeFen);
    // Two packs left the order's hold, back to the presale's pool.
    expect(after.holds).toMatchObject([{ quantity: 1, status: "held" }]);
    const [pool] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, w.offerId));
    expect(pool).toMatchObject({ reserved: 1, available: pool!.cap - 1 });
    expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
    const events = await db().select().from(orderEvents).where(eq(orderEvents.orderId, id));
    expect(events.filter((e) => e.event === "revised")).toHaveLength(1);

    // The same revision again moves no stock.
    await revise(id, [{ lineNo: 1, quantity: 1 }]);
    expect((await orderOf(id)).holds).toMatchObject([{ quantity: 1 }]);
    const [again] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, w.offerId));
    expect(again).toEqual(pool);
  });

  it("fewer packs never ship dearer: an order that shipped free keeps free shipping below the threshold", async () => {
    const w = await presaleWorld({ priceFen: 6_000 });
    // ¥150 for free shipping: three packs (¥180) ship free, one pack (¥60) would not.
    await db()
      .update(cooperatives)
      .set({ freeShippingMinFen: 15_000 })
      .where(eq(cooperatives.id, w.cooperativeId));
    invalidateCatalog();
    const id = await preorder(w, { quantity: 3 });
    expect((await orderOf(id)).o.shippingFen).toBe(0);

    // A short harvest leaves one pack: the plan alone would now charge the normal rate.
    const done = await revise(id, [{ lineNo: 1, quantity: 1 }]);
    expect(done).toMatchObject({ ok: true, itemsFen: 6_000, shippingFen: 0, totalFen: 6_000 });
    const after = await orderOf(id);
    expect(after.o).toMatchObject({ itemsFen: 6_000, shippingFen: 0, totalFen: 6_000 });
    expect(after.parts).toMatchObject([{ itemsFen: 6_000, shippingFen: 0 }]);
  });

  it("without a threshold, fewer packs ship for what fewer packs cost", async () => {
    const w = await presaleWorld({ priceFen: 6_000 });
    const id = await preorder(w, { quantity: 3 });
    const start = (await orderOf(id)).o.shippingFen;
    expect(start).toBeGreaterThan(0);
    const done = await revise(id, [{ lineNo: 1, quantity: 1 }]);
    expect(done).toMatchObject({ ok: true, itemsFen: 6_000 });
    const after = await orderOf(id);
    expect(after.o.shippingFen).toBeGreaterThan(0);
    expect(after.o.shippingFen).toBeLessThanOrEqual(start);
  });
});
