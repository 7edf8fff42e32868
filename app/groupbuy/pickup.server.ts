import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import { groupbuyJoins, pickupPoints } from "../../db/groupbuy-schema";
import { orderLines, orders } from "../../db/orders-schema";
import { products, variants } from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { transitionOrder } from "../orders/transitions.server";
import { commissionFen } from "./commission";

/*
 * The leader's side of pickup points (/leader): the joins to hand out at each of their active
 * points, collecting one by its six-digit pickup code, and the commission they earn on what was
 * collected and not refunded (the rule: docs/group-deals-pickup.md). Every call names the leader;
 * a point they do not lead is not found, and so is a code that is not at that point.
 */

export const PICKUP_CODE = /^[0-9]{6}$/;

/** Orders a leader may hand out: the consolidated parcels left (fulfilling) or arrived (shipped). */
const COLLECTABLE = ["fulfilling", "shipped"] as const;

/** The leader's active pickup points, by name. */
export async function leaderPoints({ leaderUserId }: { leaderUserId: string }) {
  return db()
    .select({
      id: pickupPoints.id,
      cooperativeId: pickupPoints.cooperativeId,
      name: pickupPoints.name,
      addressLine: pickupPoints.addressLine,
      openingHours: pickupPoints.openingHours,
      commissionBps: pickupPoints.commissionBps,
    })
    .from(pickupPoints)
    .where(and(eq(pickupPoints.leaderUserId, leaderUserId), eq(pickupPoints.active, true)))
    .orderBy(asc(pickupPoints.name), asc(pickupPoints.id));
}

/** 138****5678: enough for the leader to match a shopper's phone, not enough to call it. */
export function maskMobile(mobile: string | null | undefined): string {
  const m = (mobile ?? "").trim();
  return m.length >= 7 ? `${m.slice(0, 3)}****${m.slice(-4)}` : m ? "****" : "";
}

/** Midnight in Beijing (UTC+8, no daylight saving) of the day `now` falls on, as a UTC instant. */
export function beijingDayStart(now: Date): Date {
  const shift = 8 * 3_600_000;
  const day = 86_400_000;
  return new Date(Math.floor((now.getTime() + shift) / day) * day - shift);
}

const boardColumns = {
  orderId: groupbuyJoins.orderId,
  offerId: groupbuyJoins.offerId,
  orderCode: orders.code,
  recipient: orders.recipient,
  quantity: groupbuyJoins.quantity,
  pickupCode: groupbuyJoins.pickupCode,
  collectedAt: groupbuyJoins.collectedAt,
  productNameZh: orderLines.productNameZh,
  productNameEn: orderLines.productNameEn,
  labelZh: orderLines.variantLabelZh,
  labelEn: orderLines.variantLabelEn,
};

type BoardRow = Awaited<ReturnType<typeof boardQuery>>[number];

function boardQuery(q: Executor, where: ReturnType<typeof and>, limit: number) {
  return q
    .select(boardColumns)
    .from(groupbuyJoins)
    .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
    .innerJoin(
      orderLines,
      and(eq(orderLines.orderId, groupbuyJoins.orderId), eq(orderLines.lineNo, 1)),
    )
    .where(where)
    .orderBy(desc(groupbuyJoins.collectedAt), asc(groupbuyJoins.createdAt), asc(orders.code))
    .limit(limit);
}

function shown(r: BoardRow) {
  const { recipient, ...rest } = r;
  return { ...rest, shopperName: recipient.name, mobile: maskMobile(recipient.mobile) };
}

export type PickupRow = ReturnType<typeof shown>;

/**
 * One of the leader's points with what to hand out there (captured, not collected, the order on
 * its way or arrived) and what was collected since midnight (Beijing). `q` narrows both: a pickup
 * code (or its first digits) or the last four digits of the shopper's mobile. Null: not their
 * active point.
 */
export async function pointBoard({
  leaderUserId,
  pointId,
  q = "",
  now = new Date(),
  limit = 200,
}: {
  leaderUserId: string;
  pointId: string;
  q?: string;
  now?: Date;
  limit?: number;
}) {
  const [point] = (await leaderPoints({ leaderUserId })).filter((p) => p.id === pointId);
  if (!point) return null;
  const digits = /^[0-9]{1,6}$/.test(q) ? q : "";
  const search = digits
    ? or(
        sql`${groupbuyJoins.pickupCode} like ${`${digits}%`}`,
        digits.length === 4 ? sql`right(${orders.recipient}->>'mobile', 4) = ${digits}` : undefined,
      )
    : undefined;
  const atPoint = and(
    eq(groupbuyJoins.pickupPointId, pointId),
    eq(groupbuyJoins.state, "captured"),
  );
  const [toCollect, collected] = await Promise.all([
    boardQuery(
      db(),
      and(
        atPoint,
        isNull(groupbuyJoins.collectedAt),
        inArray(orders.status, [...COLLECTABLE]),
        search,
      ),
      limit,
    ),
    boardQuery(
      db(),
      and(atPoint, gte(groupbuyJoins.collectedAt, beijingDayStart(now)), search),
      limit,
    ),
  ]);
  return { point, toCollect: toCollect.map(shown), collectedToday: collected.map(shown) };
}

export type CollectOutcome =
  | {
      ok: true;
      orderId: string;
      orderCode: string;
      shopperName: string;
      quantity: number;
      productNameZh: string;
      productNameEn: string;
      labelZh: string;
      labelEn: string;
    }
  | { ok: false; error: "invalid_code" | "point_not_found" | "not_found" }
  | { ok: false; error: "already_collected"; collectedAt: Date; collectedByName: string }
  | { ok: false; error: "not_collectable"; status: string };

/**
 * Marks the join whose code the shopper shows as collected at the leader's point, and moves its
 * order fulfilling → shipped → delivered (events naming the point). Only an uncollected captured
 * join at that point, led by that leader, is collected; a code used once is refused as already
 * collected (when, by whom) and changes nothing. The join's row lock makes two leaders (or two
 * phones) racing on one code take turns: the second finds it collected.
 */
export async function collectByCode({
  leaderUserId,
  pointId,
  code,
  now = new Date(),
}: {
  leaderUserId: string;
  pointId: string;
  code: string;
  now?: Date;
}): Promise<CollectOutcome> {
  if (!PICKUP_CODE.test(code)) return { ok: false, error: "invalid_code" };
  return db().transaction(async (tx): Promise<CollectOutcome> => {
    const [point] = await tx
      .select()
      .from(pickupPoints)
      .where(
        and(
          eq(pickupPoints.id, pointId),
          eq(pickupPoints.leaderUserId, leaderUserId),
          eq(pickupPoints.active, true),
        ),
      );
    if (!point) return { ok: false, error: "point_not_found" };
    // Re-evaluated after waiting for a concurrent collect: a row it collected no longer matches.
    const [join] = await tx
      .select()
      .from(groupbuyJoins)
      .where(
        and(
          eq(groupbuyJoins.pickupPointId, pointId),
          eq(groupbuyJoins.pickupCode, code),
          eq(groupbuyJoins.state, "captured"),
          isNull(groupbuyJoins.collectedAt),
        ),
      )
      .for("update");
    if (!join) {
      const [earlier] = await tx
        .select({ collectedAt: groupbuyJoins.collectedAt, name: users.name, by: users.id })
        .from(groupbuyJoins)
        .leftJoin(users, eq(users.id, groupbuyJoins.collectedBy))
        .where(
          and(
            eq(groupbuyJoins.pickupPointId, pointId),
            eq(groupbuyJoins.pickupCode, code),
            isNotNull(groupbuyJoins.collectedAt),
          ),
        )
        .orderBy(desc(groupbuyJoins.collectedAt))
        .limit(1);
      return earlier?.collectedAt
        ? {
            ok: false,
            error: "already_collected",
            collectedAt: earlier.collectedAt,
            collectedByName: earlier.name ?? "",
          }
        : { ok: false, error: "not_found" };
    }
    const [order] = await tx
      .select({ status: orders.status, code: orders.code, recipient: orders.recipient })
      .from(orders)
      .where(eq(orders.id, join.orderId))
      .for("update");
    if (!order || !(COLLECTABLE as readonly string[]).includes(order.status))
      return { ok: false, error: "not_collectable", status: order?.status ?? "missing" };
    const note = `collected at pickup point ${point.name} (${point.id})`;
    const event = { tx, orderId: join.orderId, actor: leaderUserId, note };
    const common = { ...event, cooperativeId: point.cooperativeId };
    if (order.status === "fulfilling") {
      const moved = await transitionOrder({ ...common, to: "shipped", event: "handed_to_shopper" });
      if (!moved.ok) return { ok: false, error: "not_collectable", status: String(moved.current) };
    }
    const delivered = await transitionOrder({ ...common, to: "delivered", event: "collected" });
    if (!delivered.ok)
      throw new Error(`collect ${join.orderId}: not delivered from ${delivered.current}`);
    await tx
      .update(groupbuyJoins)
      .set({ collectedAt: now, collectedBy: leaderUserId, updatedAt: new Date() })
      .where(eq(groupbuyJoins.orderId, join.orderId));
    const [line] = await tx
      .select()
      .from(orderLines)
      .where(and(eq(orderLines.orderId, join.orderId), eq(orderLines.lineNo, 1)));
    return {
      ok: true,
      orderId: join.orderId,
      orderCode: order.code,
      shopperName: order.recipient.name,
      quantity: join.quantity,
      productNameZh: line?.productNameZh ?? "",
      productNameEn: line?.productNameEn ?? "",
      labelZh: line?.variantLabelZh ?? "",
      labelEn: line?.variantLabelEn ?? "",
    };
  });
}

export interface CommissionRow {
  offerId: string;
  pointId: string;
  pointName: string;
  leaderUserId: string;
  leaderName: string;
  commissionBps: number;
  productNameZh: string;
  productNameEn: string;
  labelZh: string;
  labelEn: string;
  collectedOrders: number;
  collectedUnits: number;
  /** Items of the collected orders less what was refunded of them. */
  countedFen: number;
  commissionFen: number;
}

/**
 * Commission per deal and point: the point's rate × the items of orders collected there, less
 * what was refunded of each (never below zero), rounded half up to the fen once per deal and
 * point. Narrowed to a leader's points, or to one deal (the owner's page).
 */
export async function commissions({
  leaderUserId,
  offerId,
  cooperativeId,
}: {
  leaderUserId?: string;
  offerId?: string;
  cooperativeId?: string;
}): Promise<CommissionRow[]> {
  const counted = sql<number>`coalesce(sum(greatest(${orders.itemsFen} - ${orders.refundedFen}, 0)), 0)`;
  const rows = await db()
    .select({
      offerId: groupbuyJoins.offerId,
      pointId: pickupPoints.id,
      pointName: pickupPoints.name,
      leaderUserId: pickupPoints.leaderUserId,
      leaderName: pickupPoints.leaderName,
      commissionBps: pickupPoints.commissionBps,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      labelZh: variants.labelZh,
      labelEn: variants.labelEn,
      collectedOrders: sql<number>`count(*)`.mapWith(Number),
      collectedUnits: sql<number>`coalesce(sum(${groupbuyJoins.quantity}), 0)`.mapWith(Number),
      countedFen: counted.mapWith(Number),
    })
    .from(groupbuyJoins)
    .innerJoin(pickupPoints, eq(pickupPoints.id, groupbuyJoins.pickupPointId))
    .innerJoin(orders, eq(orders.id, groupbuyJoins.orderId))
    .innerJoin(
      orderLines,
      and(eq(orderLines.orderId, groupbuyJoins.orderId), eq(orderLines.lineNo, 1)),
    )
    .innerJoin(variants, eq(variants.id, orderLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(
      and(
        isNotNull(groupbuyJoins.collectedAt),
        leaderUserId ? eq(pickupPoints.leaderUserId, leaderUserId) : undefined,
        offerId ? eq(groupbuyJoins.offerId, offerId) : undefined,
        cooperativeId ? eq(groupbuyJoins.cooperativeId, cooperativeId) : undefined,
      ),
    )
    .groupBy(
      groupbuyJoins.offerId,
      pickupPoints.id,
      products.nameZh,
      products.nameEn,
      variants.labelZh,
      variants.labelEn,
    )
    .orderBy(asc(groupbuyJoins.offerId), asc(pickupPoints.name))
    .limit(500);
  return rows.map((r) => ({ ...r, commissionFen: commissionFen(r.countedFen, r.commissionBps) }));
}
