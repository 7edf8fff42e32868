import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupbuyDeals } from "../../db/groupbuy-schema";
import { notifications, orders, payments } from "../../db/orders-schema";
import { offers } from "../../db/schema";
import { countingProvider, type HoldCall, type RefundCall } from "../factories/counting-provider";
import {
  consolidatedParcels,
  groupbuyWorld,
  join,
  joinAndPay,
  joinsOf,
} from "../factories/groupbuy";
import { drainJobs } from "../factories/held-orders";
import { withTestDatabase } from "../setup/test-db";
import { settleDeal } from "~/groupbuy/settle.server";
import { cancelOrderPart } from "~/orders/cancel-refund.server";
import { startPayment } from "~/orders/payment-flow.server";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";
import { saveTariff } from "~/shipping/tariffs.server";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db } from "~/lib/db.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";

/*
 * Settlement of a group deal through the real join path (joinDeal → placeOrder → simulated pay
 * page → held), counting every capture and void the provider is asked for.
 */

withTestDatabase();

let holdCalls: HoldCall[];
let refundCalls: RefundCall[];
beforeEach(() => {
  const counting = countingProvider();
  holdCalls = counting.holdCalls;
  refundCalls = counting.refundCalls;
  setPaymentProviderForTests(counting.provider);
});
afterEach(() => setPaymentProviderForTests(undefined));

const HOUR = 3_600_000;
const later = () => new Date(Date.now() + 3 * HOUR);

async function orderRow(id: string) {
  return (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
}
async function dealRow(offerId: string) {
  return (await db().select().from(groupbuyDeals).where(eq(groupbuyDeals.offerId, offerId)))[0]!;
}

describe("group deal settlement", () => {
  it("captures every hold at the reached tier, once, and ships one consolidated parcel set per point", async () => {
    const w = await groupbuyWorld();
    const a = await joinAndPay(w, { quantity: 1, point: 0 });
    const b = await joinAndPay(w, { quantity: 2, point: 0 });
    const c = await joinAndPay(w, { quantity: 1, point: 1 });
    const home = await joinAndPay(w, { quantity: 1, point: "home" });
    for (const id of [a, b, c, home]) expect((await orderRow(id)).status).toBe("payment_held");
    // Held at tier 1: ¥30 a pack, pickups pay no shipping.
    expect((await orderRow(b)).totalFen).toBe(6000);
    const homeHeld = (await orderRow(home)).totalFen;
    expect(homeHeld).toBeGreaterThan(3000);

    const first = await settleDeal(w.offerId, { now: later() });
    const second = await settleDeal(w.offerId, { now: later() });
    expect(first).toMatchObject({ status: "succeeded", reachedQuantity: 5, priceFen: 2600 });
    expect(second).toMatchObject({ status: "succeeded", captured: 0, voided: 0 });

    const captures = holdCalls.filter((c) => c.kind === "capture");
    expect(captures).toHaveLength(4);
    expect(new Set(captures.map((c) => c.idempotencyKey)).size).toBe(4);
    expect((await orderRow(b)).totalFen).toBe(5200);
    expect(captures.find((x) => x.idempotencyKey === `capture:${b}`)!.amountFen).toBe(5200);
    expect((await orderRow(home)).totalFen).toBe(homeHeld - 400);

    await drainJobs();
    for (const id of [a, b, c]) expect((await orderRow(id)).status).toBe("fulfilling");
    expect(["paid", "fulfilling"]).toContain((await orderRow(home)).status);
    const atA = await consolidatedParcels(w.offerId, w.points[0]!.id);
    const atB = await consolidatedParcels(w.offerId, w.points[1]!.id);
    expect(atA.length).toBeGreaterThanOrEqual(1);
    expect(atA.reduce((s, p) => s + p.actualG, 0)).toBeGreaterThan(
      atB.reduce((s, p) => s + p.actualG, 0),
    );
    expect(atB).toHaveLength(1);
    expect((atA[0]!.recipient as { name: string }).name).toContain("王姐1");

    const joins = await joinsOf(w.offerId);
    expect(joins.every((j) => j.state === "captured")).toBe(true);
    for (const j of joins.filter((j) => j.pickupPointId))
      expect(j.pickupCode).toMatch(/^[0-9]{6}$/);
    expect(joins.find((j) => j.orderId === home)!.pickupCode).toBeNull();
    expect((await dealRow(w.offerId)).state).toBe("succeeded");
    // Each shopper told once: the tier price and, for a pickup, the code and where to collect.
    const told = await db().select().from(notifications);
    const codeOfB = joins.find((j) => j.orderId === b)!.pickupCode!;
    const toB = told.filter((n) => n.orderId === b);
    expect(toB.map((n) => n.kind)).toEqual(["groupbuy_succeeded"]);
    expect(toB[0]!.body).toContain(codeOfB);
    expect(toB[0]!.body).toContain("东门社区店");
    expect(toB[0]!.body).toContain("¥26.00");
    expect(told.filter((n) => n.orderId === home).map((n) => n.kind)).toEqual([
      "groupbuy_succeeded",
    ]);
    expect(told.some((n) => n.kind === "order_confirmation")).toBe(false);
    // The pool closed: the 5 unsold packs of the 10 went back to the pack.
    const books = await offerInvariant({ offerId: w.offerId });
    expect(books.level).toMatchObject({ cap: 5, available: 0, reserved: 0, sold: 5 });
    expect(books.balanced).toBe(true);
    const stock = await stockInvariant({ variantId: w.variantId });
    expect(stock.balanced, JSON.stringify(stock)).toBe(true);
  });

  it("a group short of its minimum voids every hold once and cancels its orders", async () => {
    const w = await groupbuyWorld({ minQuantity: 5 });
    const a = await joinAndPay(w, { quantity: 2 });
    const b = await joinAndPay(w, { quantity: 1, point: "home" });
    const unpaid = await join(w, { quantity: 1 });
    expect(unpaid.ok).toBe(true);

    expect(await settleDeal(w.offerId, { now: later() })).toMatchObject({
      status: "failed",
      reachedQuantity: 3,
      priceFen: null,
      voided: 2,
    });
    expect(await settleDeal(w.offerId, { now: later() })).toMatchObject({
      status: "failed",
      voided: 0,
    });
    expect(holdCalls.filter((c) => c.kind === "void")).toHaveLength(2);
    expect(holdCalls.filter((c) => c.kind === "capture")).toHaveLength(0);
    for (const id of [a, b]) expect((await orderRow(id)).status).toBe("cancelled");
    expect((await orderRow(unpaid.ok ? unpaid.orderId : "")).status).toBe("cancelled");
    const told = await db().select().from(notifications);
    for (const id of [a, b]) {
      const mine = told.filter((n) => n.orderId === id);
      expect(mine.map((n) => n.kind)).toEqual(["groupbuy_failed"]);
      expect(mine[0]!.body).toContain("3 份");
      expect(mine[0]!.body).toContain("未扣款");
    }
    const states = (await joinsOf(w.offerId)).map((j) => j.state).sort();
    expect(states).toEqual(["cancelled", "voided", "voided"]);
    expect((await db().select().from(payments)).every((p) => p.status !== "succeeded")).toBe(true);
    const stock = await stockInvariant({ variantId: w.variantId });
    expect(stock.balanced, JSON.stringify(stock)).toBe(true);
  });

  it("is not due before its deadline unless full; full settles at once", async () => {
    // Another deal's joins never count towards this one's maximum.
    const other = await groupbuyWorld({ maxQuantity: 10 });
    await joinAndPay(other, { quantity: 3 });
    const w = await groupbuyWorld({ maxQuantity: 3, minQuantity: 2 });
    await joinAndPay(w, { quantity: 2 });
    await drainJobs();
    expect((await dealRow(w.offerId)).state).toBe("open");
    expect(await settleDeal(w.offerId)).toEqual({ status: "not_due" });
    await joinAndPay(w, { quantity: 1, point: 1 });
    // Full: the payment that filled it queued settlement now.
    await drainJobs();
    expect((await dealRow(w.offerId)).state).toBe("succeeded");
    expect((await dealRow(w.offerId)).settledPriceFen).toBe(2600);
  });

  it("a deal longer than a card hold takes each join's money at once and refunds the difference (or all) at settlement", async () => {
    const endsAt = new Date(Date.now() + 9 * 86_400_000);
    const won = await groupbuyWorld({ endsAt });
    const lost = await groupbuyWorld({ endsAt, minQuantity: 9 });
    const a = await joinAndPay(won, { quantity: 2 });
    const b = await joinAndPay(won, { quantity: 1, point: 1 });
    const c = await joinAndPay(lost, { quantity: 2 });
    for (const id of [a, b, c]) expect((await orderRow(id)).status).toBe("payment_held");
    const taken = await db().select().from(payments);
    expect(taken.map((p) => p.status)).toEqual(["succeeded", "succeeded", "succeeded"]);

    const after = new Date(endsAt.getTime() + HOUR);
    expect(await settleDeal(won.offerId, { now: after })).toMatchObject({
      status: "succeeded",
      priceFen: 2600,
      captured: 2,
    });
    expect(await settleDeal(lost.offerId, { now: after })).toMatchObject({
      status: "failed",
      voided: 1,
    });
    await drainJobs();
    await drainJobs();
    // Nothing was held, so nothing is captured or voided at the provider: the money is refunded.
    expect(holdCalls).toHaveLength(0);
    const byAmount = refundCalls.map((r) => r.amountFen).sort((x, y) => x - y);
    expect(byAmount).toEqual([400, 800, 6000]);
    expect((await orderRow(a)).status).toBe("fulfilling");
    expect((await orderRow(c)).status).toBe("cancelled");
    const [toC] = await db().select().from(notifications).where(eq(notifications.orderId, c));
    expect(toC).toMatchObject({ kind: "groupbuy_failed" });
    expect(toC!.body).toContain("将全额原路退回");
  });

  it("settles on the shipping a join was held with, and lapses an unpaid join whatever its payment window", async () => {
    const w = await groupbuyWorld();
    const home = await joinAndPay(w, { quantity: 2, point: "home" });
    const pickup = await joinAndPay(w, { quantity: 1 });
    const unpaid = await join(w, { quantity: 1 });
    if (!unpaid.ok) throw new Error(unpaid.message);
    const heldHome = await orderRow(home);
    // The tariff doubles before the deal settles; the owner moved the deadline to a minute from now.
    await saveTariff({
      tariff: structuredClone({
        ...DEFAULT_TARIFF,
        express: {
          ...DEFAULT_TARIFF.express,
          zones: Object.fromEntries(
            Object.entries(DEFAULT_TARIFF.express.zones).map(([k, z]) => [
              k,
              { ...z, firstFen: z.firstFen * 2, stepFen: z.stepFen * 2 },
            ]),
          ) as typeof DEFAULT_TARIFF.express.zones,
        },
      }),
      by: "test",
    });
    const soon = new Date(Date.now() + 60_000);
    await db().update(offers).set({ endsAt: soon }).where(eq(offers.id, w.offerId));
    expect(await settleDeal(w.offerId, { now: new Date(soon.getTime() + 1_000) })).toMatchObject({
      status: "succeeded",
      reachedQuantity: 3,
      priceFen: 2600,
      captured: 2,
    });
    const after = await orderRow(home);
    expect(after.shippingFen).toBe(heldHome.shippingFen);
    expect(after.totalFen).toBe(heldHome.totalFen - 800);
    expect((await orderRow(unpaid.orderId)).status).toBe("cancelled");
    expect(
      await startPayment({ orderId: unpaid.orderId, origin: "http://localhost" }),
    ).toMatchObject({ ok: false });
    await drainJobs();
    // A pickup order travels in its point's consolidated parcels: its cooperative cannot cancel it now.
    expect((await orderRow(pickup)).status).toBe("fulfilling");
    expect(
      await cancelOrderPart({
        orderId: pickup,
        cooperativeId: w.world.coopA.id,
        actor: "test",
        reason: "changed my mind",
      }),
    ).toMatchObject({ ok: false, error: "already_shipped" });
  });

  it("refuses joins it cannot take, changing nothing", async () => {
    const w = await groupbuyWorld({ maxQuantity: 4, allowHomeDelivery: false });
    expect(await join(w, { quantity: 5 })).toMatchObject({ ok: false, error: "above_stock" });
    expect(await join(w, { quantity: 0 })).toMatchObject({ ok: false, field: "quantity" });
    expect(await join(w, { point: "home" })).toMatchObject({ ok: false, field: "pickupPointId" });
    expect(await join(w, { now: later() })).toMatchObject({ ok: false, error: "closed" });
    expect(await joinsOf(w.offerId)).toHaveLength(0);
    expect(await db().select().from(orders)).toHaveLength(0);
  });
});
