import { and, asc, eq, inArray } from "drizzle-orm";
import { cooperativeSender } from "../catalog/cooperative-address";
import { groupbuyJoins, pickupPoints, type GroupbuyDeal } from "../../db/groupbuy-schema";
import { orderLines, orders } from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { db } from "../lib/db.server";
import { resolveRegion } from "../lib/regions.server";
import { transitionOrder } from "../orders/transitions.server";
import { createShipments } from "../shipping/shipments.server";
import { SETTLE_ACTOR } from "./settle-queue.server";

/*
 * Settlement's step 4 (settle.server.ts): the packs of a succeeded deal's pickup joins travel as
 * one consolidated shipment per pickup point, from the cooperative to the point's leader, packed
 * and priced by their total weight like any shipment (the freight is the cooperative's). Idempotent
 * per point: createShipments finds the set made by an earlier run.
 */

/** The shipment ref of a point's consolidated parcels for a deal (stored as their order id). */
export const consolidatedRef = (offerId: string, pointId: string) => `gbc_${offerId}_${pointId}`;

/** One consolidated shipment per pickup point, its orders then fulfilling; how many points shipped. */
export async function consolidate(deal: GroupbuyDeal): Promise<number> {
  const joins = await db()
    .select({
      orderId: groupbuyJoins.orderId,
      pointId: groupbuyJoins.pickupPointId,
      quantity: groupbuyJoins.quantity,
    })
    .from(groupbuyJoins)
    .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
    .where(
      and(
        eq(groupbuyJoins.offerId, deal.offerId),
        eq(groupbuyJoins.state, "captured"),
        // A captured order its cooperative cancelled before the parcels were made ships nothing.
        inArray(orders.status, ["paid", "fulfilling"]),
      ),
    )
    .orderBy(asc(groupbuyJoins.pickupPointId), asc(groupbuyJoins.orderId));
  const byPoint = new Map<string, typeof joins>();
  for (const j of joins) {
    if (!j.pointId) continue;
    byPoint.set(j.pointId, [...(byPoint.get(j.pointId) ?? []), j]);
  }
  if (!byPoint.size) return 0;
  const [coop] = await db()
    .select()
    .from(cooperatives)
    .where(eq(cooperatives.id, deal.cooperativeId));
  const [line] = await db()
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, joins[0]!.orderId))
    .limit(1);
  let shipped = 0;
  for (const [pointId, mine] of byPoint) {
    const [point] = await db().select().from(pickupPoints).where(eq(pickupPoints.id, pointId));
    const region = resolveRegion({
      province: point!.provinceCode,
      cityCode: point!.cityCode,
      districtCode: point!.districtCode,
    });
    const units = mine.reduce((sum, j) => sum + j.quantity, 0);
    await db().transaction(async (tx) => {
      const result = await createShipments(
        {
          orderId: consolidatedRef(deal.offerId, pointId),
          cooperativeId: deal.cooperativeId,
          origin: coop!.provinceCode,
          destination: point!.provinceCode,
          sender: cooperativeSender(coop!),
          recipient: {
            name: `${point!.leaderName}（${point!.name}）`.slice(0, 60),
            phone: point!.leaderMobile,
            province: point!.provinceCode,
            city: region?.city ?? point!.cityCode,
            address: `${region?.district ?? ""}${point!.addressLine}`,
          },
          items: [
            {
              weightG: line!.shippingWeightG,
              lengthMm: line!.lengthMm,
              widthMm: line!.widthMm,
              heightMm: line!.heightMm,
              storage: line!.storage,
              quantity: units,
              shelfLifeDays: line!.shelfLifeDays,
              name: `${line!.productNameZh} ${line!.variantLabelZh}`.slice(0, 120),
              sku: line!.sku.slice(0, 64),
            },
          ],
          ambientService: "express",
        },
        { tx },
      );
      if (!result.ok)
        throw new Error(`groupbuy settle: consolidated shipment to ${pointId}: ${result.message}`);
      const tracking = result.shipments.map((s) => s.trackingNumber).join(" ");
      for (const j of mine)
        await transitionOrder({
          tx,
          orderId: j.orderId,
          to: "fulfilling",
          event: "shipments_created",
          actor: SETTLE_ACTOR,
          note: `with the pickup point's consolidated shipment ${tracking}`.slice(0, 500),
        });
    });
    shipped += 1;
  }
  return shipped;
}
