import { and, eq } from "drizzle-orm";
import {
  groupbuyDealPoints,
  groupbuyDeals,
  groupbuyJoins,
  pickupPoints,
  type PickupPoint,
} from "../../db/groupbuy-schema";
import type { AmbientService, DeliveryAddress } from "../../db/orders-schema";
import { offers } from "../../db/schema";
import { db, type Tx } from "../lib/db.server";
import { env } from "../lib/env.server";
import { isIdShaped } from "../lib/ids";
import { resolveRegion } from "../lib/regions.server";
import { placeOrder, type OrderSource, type PlaceOrderOutcome } from "../orders/place-order.server";

/*
 * A shopper joins a group deal through the one order path: an order of channel `groupbuy` for
 * `quantity` packs under the deal's offer, held in its pool (whose size is the deal's maximum, so
 * joins racing for the last packs never overfill it), at tier 1's price. Its payment is held, not
 * taken (on-order-payment.server.ts tells orders so); settlement (settle.server.ts) charges the
 * tier the group reached. Collected at one of the deal's pickup points (the address is the
 * point's, no shipping to pay) or, where the deal allows it, delivered home as any order.
 */

export const MAX_JOIN_QUANTITY = 20;

export type JoinRefusal = "not_found" | "closed" | "invalid";
export type JoinOutcome =
  PlaceOrderOutcome | { ok: false; error: JoinRefusal; message: string; field?: string };

class Closed extends Error {}
class NotFound extends Error {}
class BadPoint extends Error {}

/** Where the shopper collects: a pickup point of the deal, or home delivery (`null`). */
export type JoinDelivery = { pickupPointId: string } | { home: true };

const PICKUP_DETAIL_MAX = 120;

/** The pickup point's address as the order's recipient: the shopper's name and mobile, the point's place. */
export function pickupRecipient(
  point: Pick<PickupPoint, "name" | "provinceCode" | "cityCode" | "districtCode" | "addressLine">,
  who: { name: string; mobile: string },
): DeliveryAddress | null {
  const names = resolveRegion({
    province: point.provinceCode,
    cityCode: point.cityCode,
    districtCode: point.districtCode,
  });
  if (!names) return null;
  return {
    name: who.name,
    mobile: who.mobile,
    province: point.provinceCode,
    cityCode: point.cityCode,
    districtCode: point.districtCode,
    detail: `自提点 ${point.name} ${point.addressLine}`.slice(0, PICKUP_DETAIL_MAX),
    ...names,
  };
}

/** The deal's share of the offer, locked shared: settlement (which closes it) waits for this join. */
async function lockOpenDeal(tx: Tx, offerId: string, now: Date) {
  const [row] = await tx
    .select({
      state: groupbuyDeals.state,
      allowHomeDelivery: groupbuyDeals.allowHomeDelivery,
      cooperativeId: groupbuyDeals.cooperativeId,
      startsAt: offers.startsAt,
      endsAt: offers.endsAt,
      status: offers.status,
    })
    .from(groupbuyDeals)
    .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
    .where(eq(groupbuyDeals.offerId, offerId))
    .for("share", { of: groupbuyDeals });
  if (!row) throw new NotFound();
  const open =
    row.state === "open" &&
    row.status !== "ended" &&
    (!row.startsAt || row.startsAt <= now) &&
    (!row.endsAt || row.endsAt > now);
  if (!open) throw new Closed();
  return row;
}

/** One of the deal's active pickup points, or null. */
async function dealPoint(offerId: string, pointId: string) {
  if (!isIdShaped(pointId)) return null;
  const [row] = await db()
    .select({ point: pickupPoints })
    .from(groupbuyDealPoints)
    .innerJoin(pickupPoints, eq(pickupPoints.id, groupbuyDealPoints.pickupPointId))
    .where(
      and(
        eq(groupbuyDealPoints.offerId, offerId),
        eq(groupbuyDealPoints.pickupPointId, pointId),
        eq(pickupPoints.active, true),
      ),
    );
  return row?.point ?? null;
}

/**
 * Places a join. `who` is the shopper's name and mobile for a pickup (the point is the address);
 * `address` the delivery address for home delivery. Refusals change nothing: an unknown deal,
 * one closed (before its start, past its deadline, settling), a point not offered by the deal,
 * home delivery where it is not allowed, a quantity out of 1…MAX_JOIN_QUANTITY, and every refusal
 * of placeOrder (above what the deal has left, sold out…).
 */
export async function joinDeal(a: {
  offerId: string;
  quantity: number;
  delivery: JoinDelivery;
  who?: { name: string; mobile: string };
  address?: DeliveryAddress | Record<string, unknown>;
  userId: string | null;
  submitKey: string;
  contact: { email?: string; mobile?: string };
  ambientService: AmbientService;
  now?: Date;
}): Promise<JoinOutcome> {
  const now = a.now ?? new Date();
  if (!isIdShaped(a.offerId))
    return { ok: false, error: "not_found", message: "groupbuy.join.notFound" };
  if (!Number.isInteger(a.quantity) || a.quantity < 1 || a.quantity > MAX_JOIN_QUANTITY)
    return { ok: false, error: "invalid", field: "quantity", message: "groupbuy.join.quantity" };

  let address: DeliveryAddress | Record<string, unknown>;
  let pickupPointId: string | null = null;
  if ("pickupPointId" in a.delivery) {
    const point = await dealPoint(a.offerId, a.delivery.pickupPointId);
    if (!point)
      return {
        ok: false,
        error: "invalid",
        field: "pickupPointId",
        message: "groupbuy.join.point",
      };
    const recipient = pickupRecipient(point, a.who ?? { name: "", mobile: "" });
    if (!recipient)
      return {
        ok: false,
        error: "invalid",
        field: "pickupPointId",
        message: "groupbuy.join.point",
      };
    address = recipient;
    pickupPointId = point.id;
  } else {
    address = a.address ?? {};
  }

  // The order's hold ends with the deal: settlement finds every unpaid join lapsed.
  const [deal] = await db()
    .select({ endsAt: offers.endsAt })
    .from(groupbuyDeals)
    .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
    .where(eq(groupbuyDeals.offerId, a.offerId));
  if (!deal) return { ok: false, error: "not_found", message: "groupbuy.join.notFound" };
  const holdEnd = new Date(now.getTime() + env.RESERVATION_MINUTES * 60_000);
  const until = deal.endsAt && deal.endsAt < holdEnd ? deal.endsAt : holdEnd;

  const source: OrderSource = {
    ref: { sourceRef: `groupbuy:${a.offerId}` },
    async takeLines(tx) {
      const row = await lockOpenDeal(tx, a.offerId, now);
      if (pickupPointId === null && !row.allowHomeDelivery) throw new BadPoint();
      return [{ offerId: a.offerId, quantity: a.quantity }];
    },
    async placed(tx, { orderId }) {
      const [deal] = await tx
        .select({ cooperativeId: groupbuyDeals.cooperativeId })
        .from(groupbuyDeals)
        .where(eq(groupbuyDeals.offerId, a.offerId));
      await tx.insert(groupbuyJoins).values({
        orderId,
        offerId: a.offerId,
        cooperativeId: deal!.cooperativeId,
        quantity: a.quantity,
        pickupPointId,
      });
    },
  };
  try {
    return await placeOrder({
      source,
      submitKey: a.submitKey,
      userId: a.userId,
      contact: a.contact,
      address,
      ambientService: a.ambientService,
      channel: "groupbuy",
      delivery: pickupPointId ? "pickup" : "ship",
      hold: { until },
      now,
    });
  } catch (error) {
    if (error instanceof NotFound)
      return { ok: false, error: "not_found", message: "groupbuy.join.notFound" };
    if (error instanceof Closed)
      return { ok: false, error: "closed", message: "groupbuy.join.closed" };
    if (error instanceof BadPoint)
      return {
        ok: false,
        error: "invalid",
        field: "pickupPointId",
        message: "groupbuy.join.noHome",
      };
    throw error;
  }
}
