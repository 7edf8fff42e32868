import { and, eq } from "drizzle-orm";
import { groupbuyJoins, pickupPoints } from "../../db/groupbuy-schema";
import { inventoryLevels } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { createDeal } from "~/groupbuy/deals.server";
import { joinDeal, type JoinDelivery, type JoinOutcome } from "~/groupbuy/join.server";
import { createPoint } from "~/groupbuy/pickup-points.server";
import { consolidatedRef } from "~/groupbuy/consolidate.server";
import type { Tier } from "~/groupbuy/tiers";
import { db } from "~/lib/db.server";
import { startPayment } from "~/orders/payment-flow.server";
import { paySimulated } from "~/payments/simulated-pay.server";
import { adjustStock } from "~/inventory/stock.server";
import { BEIJING, createOrangesAndGrapes, newSubmitKey } from "./orders";
import { createUser } from "./users";

/*
 * A group deal on the oranges of createOrangesAndGrapes' first cooperative, opened through the
 * owner's domain call, with two pickup points led by two leader accounts; joins placed through
 * joinDeal and paid on the simulated provider's page, as shoppers do.
 */

const HOUR = 3_600_000;

export interface GroupbuyWorld {
  world: Awaited<ReturnType<typeof createOrangesAndGrapes>>;
  offerId: string;
  shareCode: string;
  variantId: string;
  points: { id: string; leaderUserId: string; leaderEmail: string }[];
}

export async function groupbuyWorld({
  tiers = [
    { minQuantity: 1, priceFen: 3000 },
    { minQuantity: 3, priceFen: 2600 },
    { minQuantity: 6, priceFen: 2200 },
  ],
  minQuantity = 3,
  maxQuantity = 10,
  endsAt = new Date(Date.now() + 2 * HOUR),
  allowHomeDelivery = true,
  stock = 1000,
}: {
  tiers?: Tier[];
  minQuantity?: number;
  maxQuantity?: number;
  endsAt?: Date;
  allowHomeDelivery?: boolean;
  stock?: number;
} = {}): Promise<GroupbuyWorld> {
  const world = await createOrangesAndGrapes();
  const variantId = world.oranges.variant.id;
  // All of the pack's stock enters through the ledger, so the stock books balance.
  await db()
    .update(inventoryLevels)
    .set({ available: 0 })
    .where(eq(inventoryLevels.variantId, variantId));
  await adjustStock({ variantId, delta: stock, reason: "test stock", actor: "test" });
  const points: GroupbuyWorld["points"] = [];
  for (const [i, name] of ["东门社区店", "西街便利店"].entries()) {
    const leaderEmail = `leader${i + 1}.${Math.random().toString(36).slice(2, 8)}@example.com`;
    const leader = await createUser({ email: leaderEmail, name: `团长${i + 1}` });
    const made = await createPoint({
      cooperativeId: world.coopA.id,
      input: {
        name,
        provinceCode: "36",
        cityCode: "3607",
        districtCode: "360722",
        addressLine: `信丰县${name} ${i + 1} 号`,
        openingHours: "每天 9:00–20:00",
        leaderEmail,
        leaderName: `王姐${i + 1}`,
        leaderMobile: `1380013800${i}`,
        commissionBps: 800,
        active: true,
      },
    });
    if (!made.ok) throw new Error(`pickup point refused: ${JSON.stringify(made)}`);
    points.push({ id: made.pointId, leaderUserId: leader.id, leaderEmail });
  }
  const created = await createDeal({
    cooperativeId: world.coopA.id,
    actor: "test",
    input: {
      variantId,
      tiers,
      minQuantity,
      maxQuantity,
      endsAt,
      pickupPointIds: points.map((p) => p.id),
      allowHomeDelivery,
    },
  });
  if (!created.ok) throw new Error(`deal refused: ${JSON.stringify(created)}`);
  return { world, offerId: created.offerId, shareCode: created.shareCode, variantId, points };
}

/** A join placed as a guest: at a pickup point (by index) or home delivery to Beijing. */
export function join(
  w: GroupbuyWorld,
  {
    quantity = 1,
    point = 0,
    submitKey = newSubmitKey(),
    now,
  }: { quantity?: number; point?: number | "home"; submitKey?: string; now?: Date } = {},
): Promise<JoinOutcome> {
  const delivery: JoinDelivery =
    point === "home" ? { home: true } : { pickupPointId: w.points[point]!.id };
  return joinDeal({
    offerId: w.offerId,
    quantity,
    delivery,
    who: { name: "李四", mobile: "13912345678" },
    address: BEIJING,
    userId: null,
    submitKey,
    contact: { mobile: "13912345678" },
    ambientService: "express",
    now,
  });
}

/** Pays a join's order on the simulated page (a card that can be held). */
export async function payJoin(orderId: string): Promise<string> {
  const started = await startPayment({ orderId, origin: "http://localhost" });
  if (!started.ok) throw new Error(`not payable: ${started.error}`);
  const paymentId = started.redirectUrl.replace("/pay/", "");
  const paid = await paySimulated({
    paymentId,
    form: { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "李四" },
  });
  if (paid.kind !== "paid") throw new Error(`payment refused: ${paid.kind}`);
  return paymentId;
}

/** Joins and pays; the order id. */
export async function joinAndPay(
  w: GroupbuyWorld,
  opts: Parameters<typeof join>[1] = {},
): Promise<string> {
  const joined = await join(w, opts);
  if (!joined.ok) throw new Error(`join refused: ${joined.message}`);
  await payJoin(joined.orderId);
  return joined.orderId;
}

export async function joinsOf(offerId: string) {
  return db().select().from(groupbuyJoins).where(eq(groupbuyJoins.offerId, offerId));
}

/** The parcels of a point's consolidated shipment for the deal. */
export async function consolidatedParcels(offerId: string, pointId: string) {
  return db()
    .select()
    .from(shipments)
    .where(eq(shipments.orderId, consolidatedRef(offerId, pointId)));
}

export async function pointOf(pointId: string) {
  const [row] = await db()
    .select()
    .from(pickupPoints)
    .where(and(eq(pickupPoints.id, pointId)));
  return row!;
}
