import { and, asc, eq, inArray, sql, type AnyColumn } from "drizzle-orm";
import { groupbuyJoins, pickupPoints, type JoinState } from "../../db/groupbuy-schema";
import { orderParts } from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import { db } from "../lib/db.server";
import { commissions } from "./pickup.server";
import { consolidatedRef } from "./consolidate.server";

/*
 * What a settled deal came to, for its owner: joins by state, each pickup point's consolidated
 * shipment and how much of it was collected, and who is owed what. The order parts' payout
 * figures (items less the platform fee, fixed when each order was placed) are summed, not
 * recomputed; the rule is in docs/group-deals-pickup.md.
 */

export interface PointSettlement {
  pointId: string;
  name: string;
  leaderName: string;
  commissionBps: number;
  parcels: { id: string; trackingNumber: string; status: string; priceFen: number }[];
  collectedOrders: number;
  collectedUnits: number;
  toCollectOrders: number;
  toCollectUnits: number;
  commissionFen: number;
}

export interface DealSettlement {
  counts: Record<JoinState, number>;
  points: PointSettlement[];
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

/** The settlement of one of the cooperative's deals (any deal: before settling, most figures are 0). */
export async function dealSettlement({
  cooperativeId,
  offerId,
}: {
  cooperativeId: string;
  offerId: string;
}): Promise<DealSettlement> {
  const ofDeal = and(
    eq(groupbuyJoins.offerId, offerId),
    eq(groupbuyJoins.cooperativeId, cooperativeId),
  );
  const byState = await db()
    .select({ state: groupbuyJoins.state, n: sql<number>`count(*)`.mapWith(Number) })
    .from(groupbuyJoins)
    .where(ofDeal)
    .groupBy(groupbuyJoins.state);
  const counts: Record<JoinState, number> = {
    pending: 0,
    held: 0,
    captured: 0,
    voided: 0,
    cancelled: 0,
  };
  for (const r of byState) counts[r.state] = r.n;

  const sum = (c: AnyColumn) => sql<number>`coalesce(sum(${c}), 0)`.mapWith(Number);
  const [money] = await db()
    .select({
      itemsFen: sum(orderParts.itemsFen),
      platformFeeFen: sum(orderParts.platformFeeFen),
      payoutFen: sum(orderParts.payoutFen),
      refundedFen: sum(orderParts.refundedFen),
    })
    .from(groupbuyJoins)
    .innerJoin(
      orderParts,
      and(
        eq(orderParts.orderId, groupbuyJoins.orderId),
        eq(orderParts.cooperativeId, groupbuyJoins.cooperativeId),
      ),
    )
    .where(and(ofDeal, eq(groupbuyJoins.state, "captured")));

  const perPoint = await db()
    .select({
      pointId: pickupPoints.id,
      name: pickupPoints.name,
      leaderName: pickupPoints.leaderName,
      commissionBps: pickupPoints.commissionBps,
      collectedOrders:
        sql<number>`count(*) filter (where ${groupbuyJoins.collectedAt} is not null)`.mapWith(
          Number,
        ),
      collectedUnits:
        sql<number>`coalesce(sum(${groupbuyJoins.quantity}) filter (where ${groupbuyJoins.collectedAt} is not null), 0)`.mapWith(
          Number,
        ),
      toCollectOrders:
        sql<number>`count(*) filter (where ${groupbuyJoins.collectedAt} is null)`.mapWith(Number),
      toCollectUnits:
        sql<number>`coalesce(sum(${groupbuyJoins.quantity}) filter (where ${groupbuyJoins.collectedAt} is null), 0)`.mapWith(
          Number,
        ),
    })
    .from(groupbuyJoins)
    .innerJoin(pickupPoints, eq(pickupPoints.id, groupbuyJoins.pickupPointId))
    .where(and(ofDeal, eq(groupbuyJoins.state, "captured")))
    .groupBy(pickupPoints.id)
    .orderBy(asc(pickupPoints.name));

  const refs = perPoint.map((p) => consolidatedRef(offerId, p.pointId));
  const parcels = refs.length
    ? await db()
        .select({
          id: shipments.id,
          orderId: shipments.orderId,
          trackingNumber: shipments.trackingNumber,
          status: shipments.status,
          priceFen: shipments.priceFen,
        })
        .from(shipments)
        .where(and(inArray(shipments.orderId, refs), eq(shipments.cooperativeId, cooperativeId)))
        .orderBy(asc(shipments.orderId), asc(shipments.parcelIndex))
    : [];
  const owed = await commissions({ offerId, cooperativeId });

  const points = perPoint.map((p) => {
    const ref = consolidatedRef(offerId, p.pointId);
    return {
      ...p,
      parcels: parcels.filter((s) => s.orderId === ref).map(({ orderId: _ref, ...s }) => s),
      commissionFen: owed.find((c) => c.pointId === p.pointId)?.commissionFen ?? 0,
    };
  });
  const m = money ?? { itemsFen: 0, platformFeeFen: 0, payoutFen: 0, refundedFen: 0 };
  const commissionsFen = points.reduce((s, p) => s + p.commissionFen, 0);
  const freightFen = parcels.reduce((s, p) => s + p.priceFen, 0);
  return {
    counts,
    points,
    money: {
      ...m,
      commissionsFen,
      freightFen,
      cooperativeFen: m.payoutFen - m.refundedFen - commissionsFen - freightFen,
    },
  };
}
