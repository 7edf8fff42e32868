import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderParts, orders } from "../../db/orders-schema";
import { consolidatedParcels, groupbuyWorld, joinAndPay } from "../factories/groupbuy";
import { pickupCodeOf, settledWorld } from "../factories/groupbuy-pickup";
import { createOrder } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { collectByCode } from "~/groupbuy/pickup.server";
import { db } from "~/lib/db.server";
import { refundOrderPart } from "~/orders/cancel-refund.server";
import * as detailRoute from "~/routes/admin.groupbuys.$offerId";
import * as ordersRoute from "~/routes/admin.orders._index";

/*
 * The owner's deal page once the deal settled: results, each point's consolidated parcels and
 * collection, what the cooperative and each leader are owed; and the order list's groupbuy filter.
 */

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];

interface Settlement {
  state: string;
  reachedQuantity: number;
  settledPriceFen: number | null;
  counts: { captured: number; voided: number; cancelled: number };
  points: {
    pointId: string;
    parcels: { id: string; trackingNumber: string }[];
    collectedOrders: number;
    collectedUnits: number;
    toCollectOrders: number;
    toCollectUnits: number;
    commissionFen: number;
  }[];
  money: {
    itemsFen: number;
    platformFeeFen: number;
    payoutFen: number;
    refundedFen: number;
    commissionsFen: number;
    freightFen: number;
    cooperativeFen: number;
  };
}

describe("admin deal page, settled", () => {
  it("shows the results, parcels and collection per point, and what the cooperative and each leader are owed", async () => {
    const w = await settledWorld();
    const [p0, p1] = w.points;
    for (const id of [w.orders.a, w.orders.b])
      expect(
        await collectByCode({
          leaderUserId: p0!.leaderUserId,
          pointId: p0!.id,
          code: await pickupCodeOf(id),
        }),
      ).toMatchObject({ ok: true });
    expect(
      (
        await refundOrderPart({
          orderId: w.orders.b,
          cooperativeId: w.world.coopA.id,
          amountFen: 1000,
          actor: "test",
          reason: "one orange bruised",
        })
      ).ok,
    ).toBe(true);
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.world.coopA.id }] });
    const page = await callRoute<{ settlement: Settlement }>(detailRoute.loader as Fn, {
      url: `http://localhost/admin/groupbuys/${w.offerId}`,
      params: { offerId: w.offerId },
      cookie: owner.cookie,
    });
    expect(page.status).toBe(200);
    const s = page.data.settlement;
    expect(s).toMatchObject({
      state: "succeeded",
      reachedQuantity: 5,
      settledPriceFen: 2600,
      counts: { captured: 4, voided: 0, cancelled: 0 },
    });
    const at0 = s.points.find((p) => p.pointId === p0!.id)!;
    const at1 = s.points.find((p) => p.pointId === p1!.id)!;
    expect(at0).toMatchObject({
      collectedOrders: 2,
      collectedUnits: 3,
      toCollectOrders: 0,
      toCollectUnits: 0,
      // 8 % of (3 × ¥26 − ¥10 refunded)
      commissionFen: 544,
    });
    expect(at1).toMatchObject({
      collectedOrders: 0,
      toCollectOrders: 1,
      toCollectUnits: 1,
      commissionFen: 0,
    });
    for (const [point, row] of [
      [p0!, at0],
      [p1!, at1],
    ] as const) {
      const parcels = await consolidatedParcels(w.offerId, point.id);
      expect(parcels.length).toBeGreaterThan(0);
      expect(row.parcels.map((p) => p.trackingNumber).sort()).toEqual(
        parcels.map((p) => p.trackingNumber).sort(),
      );
    }
    // The money, from the order parts' own figures and the consolidated parcels' prices.
    const ids = Object.values(w.orders);
    const parts = await db().select().from(orderParts).where(inArray(orderParts.orderId, ids));
    const sum = (k: "itemsFen" | "platformFeeFen" | "payoutFen" | "refundedFen") =>
      parts.reduce((n, p) => n + p[k], 0);
    const freight = [
      ...(await consolidatedParcels(w.offerId, p0!.id)),
      ...(await consolidatedParcels(w.offerId, p1!.id)),
    ].reduce((n, p) => n + p.priceFen, 0);
    expect(sum("itemsFen")).toBe(4 * 2600 + 2600);
    expect(freight).toBeGreaterThan(0);
    expect(s.money).toEqual({
      itemsFen: 13000,
      platformFeeFen: sum("platformFeeFen"),
      payoutFen: sum("payoutFen"),
      refundedFen: 1000,
      commissionsFen: 544,
      freightFen: freight,
      cooperativeFen: sum("payoutFen") - 1000 - 544 - freight,
    });
  });

  it("shows no settlement for a deal still open, and another cooperative's deal is not found", async () => {
    const w = await groupbuyWorld();
    await joinAndPay(w, { quantity: 1, point: 0 });
    const detail = async (cooperativeId: string) =>
      callRoute<{ settlement: Settlement | null }>(detailRoute.loader as Fn, {
        url: `http://localhost/admin/groupbuys/${w.offerId}`,
        params: { offerId: w.offerId },
        cookie: (await signedInUser({ memberOf: [{ cooperativeId }] })).cookie,
      });
    const own = await detail(w.world.coopA.id);
    expect(own.status).toBe(200);
    expect(own.data.settlement).toBeNull();
    expect((await detail(w.world.coopB.id)).status).toBe(404);
  });
});

describe("admin order list", () => {
  it("filters by channel groupbuy", async () => {
    const w = await settledWorld();
    const standard = await createOrder({ lines: [{ ...w.world.oranges, quantity: 1 }] });
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.world.coopA.id }] });
    const list = (search: string) =>
      callRoute<{ orders: { id: string; channel: string }[]; total: number }>(
        ordersRoute.loader as Fn,
        { url: `http://localhost/admin/orders${search}`, cookie: owner.cookie },
      );
    const all = await list("");
    expect(all.data.orders.map((o) => o.id)).toContain(standard.id);
    const groupbuy = await list("?channel=groupbuy");
    expect(groupbuy.status).toBe(200);
    expect(groupbuy.data.orders.map((o) => o.id).sort()).toEqual(Object.values(w.orders).sort());
    expect(new Set(groupbuy.data.orders.map((o) => o.channel))).toEqual(new Set(["groupbuy"]));
    const standardOnly = await list("?channel=standard");
    expect(standardOnly.data.orders.map((o) => o.id)).toEqual([standard.id]);
    const [row] = await db().select().from(orders).where(eq(orders.id, w.orders.a));
    expect(row!.channel).toBe("groupbuy");
    // A channel that is not one is ignored, not a 500.
    expect((await list("?channel=%00groupbuy")).status).toBeLessThan(500);
  });
});
