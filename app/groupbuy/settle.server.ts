import { randomInt } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  groupbuyDeals,
  groupbuyJoins,
  groupbuyTiers,
  pickupPoints,
  type GroupbuyDeal,
} from "../../db/groupbuy-schema";
import { orderLines, orders, payments } from "../../db/orders-schema";
import { offers } from "../../db/schema";
import { invalidateCatalog } from "../catalog/cache.server";
import { closeOfferStock } from "../inventory/offer-pools.server";
import { db, type Tx } from "../lib/db.server";
import { resolveRegion } from "../lib/regions.server";
import { captureHeldPayment, voidHeldPayment } from "../orders/held-payments.server";
import { expireOrder, lockOrder } from "../orders/payment-flow.server";
import { reviseOrderLines } from "../orders/revise.server";
import { queueNotification } from "../orders/notifications.server";
import { consolidate } from "./consolidate.server";
import { SETTLE_ACTOR } from "./settle-queue.server";
import { reachedTier } from "./tiers";

/*
 * Settling a group deal (the groupbuy_settle job), at its deadline or once held joins fill its
 * maximum. Exactly once however often it runs or crashes, because every step is one that a second
 * run finds done:
 *   1. close: the deal stops taking joins (state settling, its pool closed: unsold packs go back to
 *      the pack's stock) and every join still unpaid is lapsed with its order;
 *   2. decide: the held quantity, whether it reached the minimum and the tier price, written once;
 *   3. each held join: succeeded → its order repriced at the tier (reviseOrderLines) and its hold
 *      captured for the new total (captureHeldPayment: key capture:<order>, one provider call);
 *      failed → its hold voided (voidHeldPayment: key void:<order>), the shopper told;
 *   4. one consolidated shipment per pickup point, to its leader, priced by its total weight (the
 *      freight is the cooperative's); the point's orders move to fulfilling; home deliveries ship
 *      as any paid order (captureHeldPayment queues their shipments);
 *   5. the deal's outcome.
 * A provider call another run holds (in_progress) throws: the job retries later.
 */

export class SettlementBusy extends Error {}

export type SettleReport =
  | { status: "not_due" | "not_found" }
  | {
      status: "succeeded" | "failed";
      reachedQuantity: number;
      priceFen: number | null;
      captured: number;
      voided: number;
      consolidated: number;
    };

/** Packs held by the deal's paid joins (held, or captured at settlement). */
export async function heldQuantity(tx: Tx, offerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(sum(${groupbuyJoins.quantity}), 0)`.mapWith(Number) })
    .from(groupbuyJoins)
    .where(
      and(eq(groupbuyJoins.offerId, offerId), inArray(groupbuyJoins.state, ["held", "captured"])),
    );
  return row?.n ?? 0;
}

/** Step 1: the deal closed to joins, if it is due. Null when it is not (yet). */
async function close(offerId: string, now: Date): Promise<GroupbuyDeal | "not_due" | null> {
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({ deal: groupbuyDeals, endsAt: offers.endsAt })
      .from(groupbuyDeals)
      .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
      .where(eq(groupbuyDeals.offerId, offerId))
      .for("update", { of: groupbuyDeals });
    if (!row) return null;
    if (row.deal.state !== "open") return row.deal;
    const due =
      (row.endsAt !== null && row.endsAt <= now) ||
      (await heldQuantity(tx, offerId)) >= row.deal.maxQuantity;
    if (!due) return "not_due";
    await closeOfferStock({ offerId, actor: SETTLE_ACTOR, tx });
    const [deal] = await tx
      .update(groupbuyDeals)
      .set({ state: "settling", updatedAt: new Date() })
      .where(eq(groupbuyDeals.offerId, offerId))
      .returning();
    return deal!;
  });
}

/** Step 1, the unpaid joins: their orders' holds end with the deal, so they lapse now. */
async function lapseUnpaid(offerId: string, now: Date): Promise<void> {
  const pending = await db()
    .select({ orderId: groupbuyJoins.orderId, reservedUntil: orders.reservedUntil })
    .from(groupbuyJoins)
    .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
    .where(and(eq(groupbuyJoins.offerId, offerId), eq(groupbuyJoins.state, "pending")));
  for (const { orderId, reservedUntil } of pending) {
    // Whatever its own payment window says (a deadline moved earlier, a deal full before it):
    // an unpaid join ends with the deal, so no payment can be held after the tier is decided.
    const at = reservedUntil && reservedUntil > now ? reservedUntil : now;
    await expireOrder({ orderId, now: at });
    await db().transaction(async (tx) => {
      const order = await lockOrder(tx, orderId);
      if (order?.status === "cancelled")
        await tx
          .update(groupbuyJoins)
          .set({ state: "cancelled", updatedAt: new Date() })
          .where(and(eq(groupbuyJoins.orderId, orderId), eq(groupbuyJoins.state, "pending")));
    });
  }
}

/** Step 2: how much the group held, and its price; written once, read back by every later run. */
async function decide(offerId: string): Promise<GroupbuyDeal> {
  return db().transaction(async (tx) => {
    const [deal] = await tx
      .select()
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, offerId))
      .for("update");
    if (deal!.settledAt) return deal!;
    const reached = await heldQuantity(tx, offerId);
    const tiers = await tx
      .select({ minQuantity: groupbuyTiers.minQuantity, priceFen: groupbuyTiers.priceFen })
      .from(groupbuyTiers)
      .where(eq(groupbuyTiers.offerId, offerId));
    const succeeds = reached > 0 && reached >= deal!.minQuantity;
    const [decided] = await tx
      .update(groupbuyDeals)
      .set({
        reachedQuantity: reached,
        settledPriceFen: succeeds ? reachedTier(tiers, reached)!.priceFen : null,
        settledAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(groupbuyDeals.offerId, offerId))
      .returning();
    return decided!;
  });
}

/** A six-digit code not used by another uncollected join at the point. Under the deal's lock. */
async function freshPickupCode(tx: Tx, pointId: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const [taken] = await tx
      .select({ orderId: groupbuyJoins.orderId })
      .from(groupbuyJoins)
      .where(
        and(
          eq(groupbuyJoins.pickupPointId, pointId),
          eq(groupbuyJoins.pickupCode, code),
          isNull(groupbuyJoins.collectedAt),
        ),
      );
    if (!taken) return code;
  }
  throw new Error(`no free pickup code at ${pointId}`);
}

/** The shopper's message: the tier price and, for a pickup, the code and where and when to collect. */
async function tellSucceeded(tx: Tx, deal: GroupbuyDeal, orderId: string) {
  const [row] = await tx
    .select({ code: groupbuyJoins.pickupCode, point: pickupPoints })
    .from(groupbuyJoins)
    .leftJoin(pickupPoints, eq(pickupPoints.id, groupbuyJoins.pickupPointId))
    .where(eq(groupbuyJoins.orderId, orderId));
  const p = row?.point;
  const region = p
    ? resolveRegion({
        province: p.provinceCode,
        cityCode: p.cityCode,
        districtCode: p.districtCode,
      })
    : null;
  await queueNotification({
    tx,
    orderId,
    kind: "groupbuy_succeeded",
    groupbuy: {
      priceFen: deal.settledPriceFen!,
      reached: deal.reachedQuantity,
      minQuantity: deal.minQuantity,
      ...(p && row?.code
        ? {
            pickup: {
              code: row.code,
              point: p.name,
              address: `${region ? `${region.city}${region.district}` : ""}${p.addressLine}`,
              hours: p.openingHours,
              leader: `${p.leaderName} ${p.leaderMobile}`,
            },
          }
        : {}),
    },
  });
}

/** Step 3 for one join of a deal that succeeded. */
async function captureJoin(
  deal: GroupbuyDeal,
  join: { orderId: string; pickupPointId: string | null },
): Promise<"captured" | "voided"> {
  const priceFen = deal.settledPriceFen!;
  const total = await db().transaction(async (tx) => {
    // The deal's row first: it serializes the codes handed out at its points.
    await tx
      .select({ id: groupbuyDeals.offerId })
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, deal.offerId))
      .for("update");
    const order = await lockOrder(tx, join.orderId);
    if (order?.status !== "payment_held") return order?.totalFen ?? 0;
    // The pickup code, before the capture, so the message that the capture sends can give it.
    const [current] = await tx
      .select({ code: groupbuyJoins.pickupCode })
      .from(groupbuyJoins)
      .where(eq(groupbuyJoins.orderId, join.orderId));
    if (join.pickupPointId && !current?.code)
      await tx
        .update(groupbuyJoins)
        .set({ pickupCode: await freshPickupCode(tx, join.pickupPointId), updatedAt: new Date() })
        .where(eq(groupbuyJoins.orderId, join.orderId));
    const [line] = await tx
      .select({ lineNo: orderLines.lineNo, priceFen: orderLines.priceFen })
      .from(orderLines)
      .where(eq(orderLines.orderId, join.orderId))
      .orderBy(asc(orderLines.lineNo))
      .limit(1);
    if (!line || line.priceFen <= priceFen) return order.totalFen;
    const revised = await reviseOrderLines({
      tx,
      orderId: join.orderId,
      lines: [{ lineNo: line.lineNo, priceFen }],
      // The shipping it was held with: never a dearer total than its hold for a tariff changed since.
      keepShipping: true,
      actor: SETTLE_ACTOR,
      note: `group reached ${deal.reachedQuantity}: tier price ${priceFen} fen per pack`,
    });
    if (!revised.ok) throw new Error(`groupbuy settle ${join.orderId}: revise ${revised.error}`);
    return revised.totalFen;
  });
  const captured = await captureHeldPayment({
    orderId: join.orderId,
    amountFen: total,
    actor: SETTLE_ACTOR,
    shipments: join.pickupPointId === null,
    notice: (tx, orderId) => tellSucceeded(tx, deal, orderId),
  });
  if (captured.status === "in_progress") throw new SettlementBusy(join.orderId);
  if (captured.status === "invalid") throw new Error(`groupbuy settle: ${captured.message}`);
  if (captured.status === "captured") {
    await db()
      .update(groupbuyJoins)
      .set({ state: "captured", updatedAt: new Date() })
      .where(and(eq(groupbuyJoins.orderId, join.orderId), eq(groupbuyJoins.state, "held")));
    return "captured";
  }
  // The hold is gone (lapsed, refused) or the order is no longer held: released, never charged.
  return voidJoin(deal, join.orderId, "the payment hold could not be captured");
}

/** Step 3 for one join of a deal that failed (or, with `why`, one whose hold could not be captured). */
async function voidJoin(deal: GroupbuyDeal, orderId: string, why?: string) {
  const voided = await voidHeldPayment({
    orderId,
    actor: SETTLE_ACTOR,
    note:
      why ??
      `the group reached ${deal.reachedQuantity} of the ${deal.minQuantity} packs it needed; the payment is released`,
    // The group failed: the shopper is told why (a hold that could not be captured: plainly cancelled).
    ...(why
      ? {}
      : {
          notice: async (tx: Tx, id: string) => {
            const [taken] = await tx
              .select({ fen: sql<number>`coalesce(sum(${payments.amountFen}), 0)`.mapWith(Number) })
              .from(payments)
              .where(and(eq(payments.orderId, id), eq(payments.status, "succeeded")));
            await queueNotification({
              tx,
              orderId: id,
              kind: "groupbuy_failed",
              groupbuy: {
                reached: deal.reachedQuantity,
                minQuantity: deal.minQuantity,
                chargedFen: taken?.fen ?? 0,
              },
            });
          },
        }),
  });
  if (voided.status === "in_progress") throw new SettlementBusy(orderId);
  if (voided.status === "failed") throw new Error(`groupbuy settle ${orderId}: ${voided.message}`);
  await db()
    .update(groupbuyJoins)
    .set({ state: "voided", pickupCode: null, updatedAt: new Date() })
    .where(
      and(eq(groupbuyJoins.orderId, orderId), inArray(groupbuyJoins.state, ["pending", "held"])),
    );
  return "voided" as const;
}

/** The groupbuy_settle job. */
export async function settleDeal(
  offerId: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<SettleReport> {
  const closed = await close(offerId, now);
  if (closed === null) return { status: "not_found" };
  if (closed === "not_due") return { status: "not_due" };
  invalidateCatalog();
  if (closed.state === "settling") await lapseUnpaid(offerId, now);
  const deal = await decide(offerId);
  const held = await db()
    .select({ orderId: groupbuyJoins.orderId, pickupPointId: groupbuyJoins.pickupPointId })
    .from(groupbuyJoins)
    .where(and(eq(groupbuyJoins.offerId, offerId), inArray(groupbuyJoins.state, ["held"])))
    .orderBy(asc(groupbuyJoins.createdAt), asc(groupbuyJoins.orderId));
  let captured = 0;
  let voided = 0;
  for (const join of held) {
    const outcome =
      deal.settledPriceFen !== null
        ? await captureJoin(deal, join)
        : await voidJoin(deal, join.orderId);
    if (outcome === "captured") captured += 1;
    else voided += 1;
  }
  const consolidated = deal.settledPriceFen !== null ? await consolidate(deal) : 0;
  await db()
    .update(groupbuyDeals)
    .set({
      state: deal.settledPriceFen !== null ? "succeeded" : "failed",
      updatedAt: new Date(),
    })
    .where(and(eq(groupbuyDeals.offerId, offerId), eq(groupbuyDeals.state, "settling")));
  return {
    status: deal.settledPriceFen !== null ? "succeeded" : "failed",
    reachedQuantity: deal.reachedQuantity,
    priceFen: deal.settledPriceFen,
    captured,
    voided,
    consolidated,
  };
}
