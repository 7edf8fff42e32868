import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groupbuyDeals, groupbuyJoins } from "../../db/groupbuy-schema";
import { orderEvents, orders } from "../../db/orders-schema";
import { groupbuyWorld, joinAndPay, pointOf } from "../factories/groupbuy";
import { createUser } from "../factories/users";
import { updatePoint } from "~/groupbuy/pickup-points.server";
import type { PointInput } from "~/groupbuy/schemas";
import { pickupCodeOf, settledWorld } from "../factories/groupbuy-pickup";
import { drainJobs } from "../factories/held-orders";
import { withTestDatabase } from "../setup/test-db";
import { collectByCode, commissions, maskMobile, pointBoard } from "~/groupbuy/pickup.server";
import { settleDeal } from "~/groupbuy/settle.server";
import { db } from "~/lib/db.server";
import { refundOrderPart } from "~/orders/cancel-refund.server";

/*
 * Handing out group-buy orders at a pickup point: collectByCode against joins settled through the
 * real path (joinDeal → simulated hold → settleDeal), and the leader's commission.
 */

withTestDatabase();

async function orderRow(id: string) {
  return (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
}
async function joinRow(id: string) {
  return (await db().select().from(groupbuyJoins).where(eq(groupbuyJoins.orderId, id)))[0]!;
}
async function eventsOf(id: string) {
  return db()
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, id))
    .orderBy(asc(orderEvents.id));
}
/** Everything a collect may touch, to show a refusal changed nothing. */
async function snapshot() {
  return {
    joins: await db().select().from(groupbuyJoins).orderBy(asc(groupbuyJoins.orderId)),
    orders: await db().select().from(orders).orderBy(asc(orders.id)),
    events: (await db().select({ id: orderEvents.id }).from(orderEvents)).length,
  };
}

describe("collectByCode", () => {
  it("collects an order at its point: delivered, events naming the point, on the board as collected today", async () => {
    const w = await settledWorld();
    const [p0] = w.points;
    const code = await pickupCodeOf(w.orders.b);
    const before = await pointBoard({ leaderUserId: p0!.leaderUserId, pointId: p0!.id });
    expect(before!.toCollect.map((r) => r.orderId).sort()).toEqual([w.orders.a, w.orders.b].sort());
    const row = before!.toCollect.find((r) => r.orderId === w.orders.b)!;
    expect(row).toMatchObject({ shopperName: "李四", mobile: "139****5678", quantity: 2 });
    expect(row.pickupCode).toBe(code);

    const done = await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code });
    expect(done).toMatchObject({ ok: true, orderId: w.orders.b, quantity: 2, shopperName: "李四" });
    expect((await orderRow(w.orders.b)).status).toBe("delivered");
    const join = await joinRow(w.orders.b);
    expect(join.collectedAt).not.toBeNull();
    expect(join.collectedBy).toBe(p0!.leaderUserId);
    const moves = (await eventsOf(w.orders.b)).slice(-2);
    expect(moves.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      ["fulfilling", "shipped"],
      ["shipped", "delivered"],
    ]);
    for (const e of moves) {
      expect(e.note).toContain("东门社区店");
      expect(e.actor).toBe(p0!.leaderUserId);
    }
    const after = await pointBoard({ leaderUserId: p0!.leaderUserId, pointId: p0!.id });
    expect(after!.toCollect.map((r) => r.orderId)).toEqual([w.orders.a]);
    expect(after!.collectedToday.map((r) => r.orderId)).toEqual([w.orders.b]);
    // Other orders untouched.
    expect((await orderRow(w.orders.a)).status).toBe("fulfilling");
    expect((await orderRow(w.orders.c)).status).toBe("fulfilling");
  });

  it("refuses a second collect of the same code as already collected, saying when and by whom, changing nothing", async () => {
    const w = await settledWorld();
    const [p0] = w.points;
    const code = await pickupCodeOf(w.orders.a);
    const at = new Date("2026-12-07T02:30:00Z");
    expect(
      await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code, now: at }),
    ).toMatchObject({ ok: true });
    const before = await snapshot();
    const again = await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code });
    expect(again).toEqual({
      ok: false,
      error: "already_collected",
      collectedAt: at,
      collectedByName: "团长1",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("does not find another point's code at this point, nor a point the leader does not lead", async () => {
    const w = await settledWorld();
    const [p0, p1] = w.points;
    const codeAtP1 = await pickupCodeOf(w.orders.c);
    const codeAtP0 = await pickupCodeOf(w.orders.a);
    const before = await snapshot();
    if (codeAtP1 !== codeAtP0)
      expect(
        await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code: codeAtP1 }),
      ).toEqual({ ok: false, error: "not_found" });
    // Leader 1 naming leader 2's point (with a code that is there).
    expect(
      await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p1!.id, code: codeAtP1 }),
    ).toEqual({ ok: false, error: "point_not_found" });
    for (const code of ["12345", "1234567", "abcdef", "12345\u0000", "", " 123456"])
      expect(
        await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code }),
      ).toEqual({ ok: false, error: "invalid_code" });
    expect(await snapshot()).toEqual(before);
  });

  it("two collects of one code racing: exactly one succeeds, the order moves once", async () => {
    const w = await settledWorld();
    const [p0] = w.points;
    const code = await pickupCodeOf(w.orders.b);
    const results = await Promise.all(
      [0, 1, 2, 3].map(() =>
        collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      "already_collected",
      "already_collected",
      "already_collected",
    ]);
    const delivered = (await eventsOf(w.orders.b)).filter((e) => e.toStatus === "delivered");
    expect(delivered).toHaveLength(1);
  });

  it("does not hand out an order refunded before collection", async () => {
    const w = await settledWorld();
    const [p0] = w.points;
    const code = await pickupCodeOf(w.orders.a);
    const refunded = await refundOrderPart({
      orderId: w.orders.a,
      cooperativeId: w.world.coopA.id,
      amountFen: 2600,
      actor: "test",
      reason: "bruised",
    });
    expect(refunded.ok).toBe(true);
    expect((await orderRow(w.orders.a)).status).toBe("refunded");
    const before = await snapshot();
    expect(await collectByCode({ leaderUserId: p0!.leaderUserId, pointId: p0!.id, code })).toEqual({
      ok: false,
      error: "not_collectable",
      status: "refunded",
    });
    expect(await snapshot()).toEqual(before);
    const board = await pointBoard({ leaderUserId: p0!.leaderUserId, pointId: p0!.id });
    expect(board!.toCollect.map((r) => r.orderId)).toEqual([w.orders.b]);
  });
});

describe("a point with orders waiting", () => {
  it("keeps its leader, rate and activity until they are handed out; its name may change", async () => {
    const w = await settledWorld();
    const point = await pointOf(w.points[0]!.id);
    const other = await createUser({ email: "new.leader@example.com" });
    const input: PointInput = {
      name: point.name,
      provinceCode: point.provinceCode as PointInput["provinceCode"],
      cityCode: point.cityCode,
      districtCode: point.districtCode,
      addressLine: point.addressLine,
      openingHours: point.openingHours,
      leaderEmail: w.points[0]!.leaderEmail,
      leaderName: point.leaderName,
      leaderMobile: point.leaderMobile,
      commissionBps: point.commissionBps,
      active: true,
    };
    const update = (changes: Partial<PointInput>) =>
      updatePoint({
        cooperativeId: w.world.coopA.id,
        pointId: point.id,
        input: { ...input, ...changes },
      });
    expect(await update({ leaderEmail: other.email, commissionBps: 500, active: false })).toEqual({
      ok: false,
      error: "invalid",
      errors: {
        leaderEmail: "groupbuy.admin.error.pointBusy",
        commissionBps: "groupbuy.admin.error.pointBusy",
        active: "groupbuy.admin.error.pointBusy",
      },
    });
    expect(await pointOf(point.id)).toEqual(point);
    expect(await update({ name: "东门社区店（新址）" })).toEqual({ ok: true, pointId: point.id });
    // Once both of its orders are handed out, the point is the owner's to change.
    for (const id of [w.orders.a, w.orders.b])
      expect(
        await collectByCode({
          leaderUserId: w.points[0]!.leaderUserId,
          pointId: point.id,
          code: await pickupCodeOf(id),
        }),
      ).toMatchObject({ ok: true });
    expect(await update({ leaderEmail: other.email, active: false })).toEqual({
      ok: true,
      pointId: point.id,
    });
  });
});

describe("leader commission", () => {
  it("counts collected orders less what was refunded of them, per deal and point", async () => {
    const w = await settledWorld();
    const [p0, p1] = w.points;
    const lead0 = p0!.leaderUserId;
    for (const id of [w.orders.a, w.orders.b])
      expect(
        await collectByCode({ leaderUserId: lead0, pointId: p0!.id, code: await pickupCodeOf(id) }),
      ).toMatchObject({ ok: true });
    // Nothing refunded: 3 packs × ¥26 = 7800 fen, 8 % = 624 fen.
    expect(await commissions({ leaderUserId: lead0 })).toMatchObject([
      {
        offerId: w.offerId,
        pointId: p0!.id,
        collectedOrders: 2,
        collectedUnits: 3,
        countedFen: 7800,
        commissionFen: 624,
      },
    ]);
    // a fully refunded (counts nothing), b partly (5200 − 1000 = 4200): 8 % of 4200 = 336 fen.
    for (const [orderId, amountFen] of [
      [w.orders.a, 2600],
      [w.orders.b, 1000],
    ] as const)
      expect(
        (
          await refundOrderPart({
            orderId,
            cooperativeId: w.world.coopA.id,
            amountFen,
            actor: "test",
            reason: "after pickup",
          })
        ).ok,
      ).toBe(true);
    expect(await commissions({ leaderUserId: lead0 })).toMatchObject([
      { collectedOrders: 2, countedFen: 4200, commissionFen: 336 },
    ]);
    // Leader 2 collected nothing yet: no commission.
    expect(await commissions({ leaderUserId: p1!.leaderUserId })).toEqual([]);
  });

  it("a deal that charged on joining: the difference refunded at settlement is not taken off the commission", async () => {
    const DAY = 86_400_000;
    const w = await groupbuyWorld({ endsAt: new Date(Date.now() + 8 * DAY) });
    const [deal] = await db()
      .select({ holdMode: groupbuyDeals.holdMode })
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, w.offerId));
    expect(deal!.holdMode).toBe("charge");
    const a = await joinAndPay(w, { quantity: 2, point: 0 });
    await joinAndPay(w, { quantity: 1, point: 1 });
    expect(await settleDeal(w.offerId, { now: new Date(Date.now() + 9 * DAY) })).toMatchObject({
      status: "succeeded",
      priceFen: 2600,
    });
    await drainJobs();
    // Charged ¥60 at tier 1, settled at ¥52: the ¥8 back is not a refund of the order.
    expect(await orderRow(a)).toMatchObject({ itemsFen: 5200, refundedFen: 0 });
    const [p0] = w.points;
    expect(
      await collectByCode({
        leaderUserId: p0!.leaderUserId,
        pointId: p0!.id,
        code: await pickupCodeOf(a),
      }),
    ).toMatchObject({ ok: true });
    expect(await commissions({ leaderUserId: p0!.leaderUserId })).toMatchObject([
      { countedFen: 5200, commissionFen: 416 },
    ]);
  });

  it("masks mobiles", () => {
    expect(maskMobile("13912345678")).toBe("139****5678");
    expect(maskMobile("")).toBe("");
    expect(maskMobile("12")).toBe("****");
  });
});
