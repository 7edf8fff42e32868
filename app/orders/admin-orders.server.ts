import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import {
  orderEvents,
  orderLines,
  orderParts,
  orders,
  type DeliveryAddress,
  type OrderStatus,
} from "../../db/orders-schema";
import { shipments, type ShipmentRow } from "../../db/shipping-schema";
import { db } from "../lib/db.server";
import { COLLECTED_EVENT_TYPES } from "../shipping/cooperative-events";
import { ORDERS_PAGE_SIZE, type AdminOrderQuery } from "./admin-orders";
import { partRefundLimitFen } from "./cancel-refund.server";

/*
 * The cooperative's view of orders. Everything here is scoped to ONE cooperative's part: its
 * lines, its parcels, its money. Another cooperative's part of the same order (its lines,
 * amounts, notes) never leaves this module.
 */

/** Order statuses refundOrderPart accepts (an unpaid or fully refunded order has nothing to give back). */
const REFUNDABLE: readonly OrderStatus[] = [
  "paid",
  "fulfilling",
  "shipped",
  "delivered",
  "cancelled",
];

const collectedTypes = sql.raw(COLLECTED_EVENT_TYPES.map((t) => `'${t}'`).join(", "));
const ourParcels = sql`from "shipments" s where s."order_id" = "order_parts"."order_id" and s."cooperative_id" = "order_parts"."cooperative_id"`;

/**
 * The status the cooperative sees: its own part's. A cancelled or fully refunded part says so
 * whatever the rest of the order does, and once paid, its own parcels say whether it is still
 * to ship, handed over (shipped) or delivered, even while another cooperative's parcels lag.
 */
const partStatus = sql<OrderStatus>`(case
  when "order_parts"."status" = 'cancelled' then 'cancelled'
  when "orders"."status" in ('pending_payment', 'cancelled', 'refunded') then "orders"."status"
  when "order_parts"."refunded_fen" > 0
    and "order_parts"."refunded_fen" >= "order_parts"."items_fen" + "order_parts"."shipping_fen" then 'refunded'
  when not exists (select 1 ${ourParcels}) then "orders"."status"
  when not exists (select 1 ${ourParcels} and s."status" <> 'delivered') then 'delivered'
  when not exists (select 1 ${ourParcels} and not exists (select 1 from "tracking_events" te
    where te."shipment_id" = s."id" and te."type" in (${collectedTypes}))) then 'shipped'
  else 'fulfilling' end)`;

const parcelCount = sql<number>`(select count(*) ${ourParcels})`.mapWith(Number);

/** Day boundaries in China time: a cooperative's "today" is Beijing's. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

function filters(cooperativeId: string, q: AdminOrderQuery): SQL | undefined {
  return and(
    eq(orderParts.cooperativeId, cooperativeId),
    q.channel ? eq(orders.channel, q.channel) : undefined,
    q.from ? gte(orders.createdAt, dayStart(q.from)) : undefined,
    q.to ? lt(orders.createdAt, nextDay(q.to)) : undefined,
    // The search keeps only [A-Z0-9], so it needs no LIKE escaping.
    q.q ? sql`upper(${orders.code}) like ${`%${q.q}%`}` : undefined,
    q.status ? sql`${partStatus} = ${q.status}` : undefined,
  );
}

export interface AdminOrderLine {
  lineNo: number;
  sku: string;
  productNameZh: string;
  productNameEn: string;
  variantLabelZh: string;
  variantLabelEn: string;
  storage: "ambient" | "chilled";
  priceFen: number;
  quantity: number;
  lineFen: number;
}

const lineColumns = {
  orderId: orderLines.orderId,
  lineNo: orderLines.lineNo,
  sku: orderLines.sku,
  productNameZh: orderLines.productNameZh,
  productNameEn: orderLines.productNameEn,
  variantLabelZh: orderLines.variantLabelZh,
  variantLabelEn: orderLines.variantLabelEn,
  storage: orderLines.storage,
  priceFen: orderLines.priceFen,
  quantity: orderLines.quantity,
  lineFen: orderLines.lineFen,
};

const partColumns = {
  id: orders.id,
  code: orders.code,
  createdAt: orders.createdAt,
  paidAt: orders.paidAt,
  channel: orders.channel,
  orderStatus: orders.status,
  status: partStatus,
  partOpen: sql<boolean>`"order_parts"."status" = 'open'`.mapWith(Boolean),
  itemsFen: orderParts.itemsFen,
  shippingFen: orderParts.shippingFen,
  platformFeeBps: orderParts.platformFeeBps,
  platformFeeFen: orderParts.platformFeeFen,
  payoutFen: orderParts.payoutFen,
  refundedFen: orderParts.refundedFen,
  plannedParcels: orderParts.plannedParcels,
  parcels: parcelCount,
};

/** One page of the cooperative's orders, newest first, with its part's lines and money. */
export async function listCooperativeOrders({
  cooperativeId,
  query,
  pageSize = ORDERS_PAGE_SIZE,
}: {
  cooperativeId: string;
  query: AdminOrderQuery;
  pageSize?: number;
}) {
  const where = filters(cooperativeId, query);
  const rows = await db()
    .select(partColumns)
    .from(orderParts)
    .innerJoin(orders, eq(orders.id, orderParts.orderId))
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(pageSize + 1)
    .offset((query.page - 1) * pageSize);
  const [{ total } = { total: 0 }] = await db()
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(orderParts)
    .innerJoin(orders, eq(orders.id, orderParts.orderId))
    .where(where);
  const page = rows.slice(0, pageSize);
  const lines = page.length
    ? await db()
        .select(lineColumns)
        .from(orderLines)
        .where(
          and(
            eq(orderLines.cooperativeId, cooperativeId),
            inArray(
              orderLines.orderId,
              page.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo))
    : [];
  return {
    total,
    hasNext: rows.length > pageSize,
    orders: page.map((r) => ({
      ...r,
      lines: lines.filter((l) => l.orderId === r.id).map(({ orderId: _o, ...l }) => l),
    })),
  };
}

export type AdminParcel = ShipmentRow & { collected: boolean };

/** The cooperative's parcels of an order, parcel 1 first, with whether the carrier has each. */
export async function orderParcels({
  orderId,
  cooperativeId,
}: {
  orderId: string;
  cooperativeId: string;
}): Promise<AdminParcel[]> {
  return db()
    .select({
      ...getTableColumns(shipments),
      collected: sql<boolean>`exists (select 1 from "tracking_events" te
        where te."shipment_id" = "shipments"."id" and te."type" in (${collectedTypes}))`.mapWith(
        Boolean,
      ),
    })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), eq(shipments.cooperativeId, cooperativeId)))
    .orderBy(asc(shipments.parcelIndex));
}

export type EventActor =
  { kind: "member"; name: string } | { kind: "platform" | "shopper" | "payment" | "system" };

/**
 * The order as this cooperative may see it, or null if the order has no part for it (the route
 * answers 404, exactly as for an order that does not exist).
 */
export async function getCooperativeOrder({
  orderId,
  cooperativeId,
}: {
  orderId: string;
  cooperativeId: string;
}) {
  const [row] = await db()
    .select({
      ...partColumns,
      recipient: orders.recipient,
      email: orders.email,
      mobile: orders.mobile,
      ambientService: orders.ambientService,
    })
    .from(orderParts)
    .innerJoin(orders, eq(orders.id, orderParts.orderId))
    .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)));
  if (!row) return null;
  const [lines, parcels, events] = await Promise.all([
    db()
      .select(lineColumns)
      .from(orderLines)
      .where(and(eq(orderLines.orderId, orderId), eq(orderLines.cooperativeId, cooperativeId)))
      .orderBy(asc(orderLines.lineNo)),
    orderParcels({ orderId, cooperativeId }),
    orderTimeline({ orderId, cooperativeId }),
  ]);
  // Only the limit leaves this module: the payment's own figure spans other cooperatives' parts.
  const { limitFen: refundable } = await partRefundLimitFen(db(), { orderId, ...row });
  // As cancelOrderPart decides: a parcel has left once it has any tracking event (even a problem).
  const anyMoved = parcels.some((p) => p.status !== "created");
  return {
    ...row,
    recipient: row.recipient as DeliveryAddress,
    lines: lines.map(({ orderId: _o, ...l }) => l),
    parcels,
    events,
    refundableFen: refundable,
    /** What the courier charges for this cooperative's parcels, at the tariff (the platform settles it). */
    courierFen: parcels.reduce((sum, p) => sum + p.priceFen, 0),
    // What the page offers; cancelOrderPart / refundOrderPart decide again inside their transaction.
    canCancel:
      row.partOpen && (row.orderStatus === "paid" || row.orderStatus === "fulfilling") && !anyMoved,
    // A cancelled part can still owe money back: its refund is retried here if the provider failed.
    canRefund: row.paidAt !== null && REFUNDABLE.includes(row.orderStatus) && refundable > 0,
  };
}

/**
 * The order's events this cooperative may read: its own, and the order-wide ones without their
 * amount or note (a whole-order amount would tell it what the other cooperatives sold).
 */
async function orderTimeline({
  orderId,
  cooperativeId,
}: {
  orderId: string;
  cooperativeId: string;
}) {
  const rows = await db()
    .select({
      id: orderEvents.id,
      event: orderEvents.event,
      fromStatus: orderEvents.fromStatus,
      toStatus: orderEvents.toStatus,
      actor: orderEvents.actor,
      cooperativeId: orderEvents.cooperativeId,
      amountFen: orderEvents.amountFen,
      note: orderEvents.note,
      createdAt: orderEvents.createdAt,
      userName: users.name,
      userRole: users.role,
    })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actor))
    .where(
      and(
        eq(orderEvents.orderId, orderId),
        sql`(${orderEvents.cooperativeId} is null or ${orderEvents.cooperativeId} = ${cooperativeId})`,
      ),
    )
    .orderBy(asc(orderEvents.id));
  return rows.map((e) => {
    const ours = e.cooperativeId === cooperativeId;
    return {
      id: e.id,
      event: e.event,
      toStatus: e.toStatus,
      createdAt: e.createdAt,
      amountFen: ours ? e.amountFen : null,
      note: ours ? e.note : "",
      actor: actorOf(e, ours),
    };
  });
}

function actorOf(
  e: { actor: string; userName: string | null; userRole: string | null },
  ours: boolean,
): EventActor {
  if (e.userName !== null) {
    // A member's name on its own cooperative's events; a platform admin is "the platform"; an
    // account acting on the whole order is the shopper who placed it.
    if (e.userRole === "admin") return { kind: "platform" };
    return ours ? { kind: "member", name: e.userName } : { kind: "shopper" };
  }
  if (e.actor === "shopper") return { kind: "shopper" };
  if (e.actor === "stripe" || e.actor === "simulated") return { kind: "payment" };
  return { kind: "system" };
}

/** The parcel, if it is one of this cooperative's parcels of this order. */
export async function findOrderParcel({
  orderId,
  cooperativeId,
  shipmentId,
}: {
  orderId: string;
  cooperativeId: string;
  shipmentId: string;
}) {
  const [row] = await db()
    .select({ id: shipments.id, trackingNumber: shipments.trackingNumber })
    .from(shipments)
    .where(
      and(
        eq(shipments.id, shipmentId),
        eq(shipments.orderId, orderId),
        eq(shipments.cooperativeId, cooperativeId),
      ),
    );
  return row ?? null;
}

/** Whether the order has a part for this cooperative (cheaper than the whole detail). */
export async function hasOrderPart({
  orderId,
  cooperativeId,
}: {
  orderId: string;
  cooperativeId: string;
}): Promise<boolean> {
  const [row] = await db()
    .select({ orderId: orderParts.orderId })
    .from(orderParts)
    .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)));
  return Boolean(row);
}

/** The codes of the cooperative's orders among `ids` (another cooperative's are left out). */
export async function cooperativeOrderCodes({
  cooperativeId,
  ids,
}: {
  cooperativeId: string;
  ids: string[];
}): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id.startsWith("ord_")))];
  if (!wanted.length) return new Map();
  const rows = await db()
    .selectDistinct({ id: orders.id, code: orders.code })
    .from(orders)
    .innerJoin(orderParts, eq(orderParts.orderId, orders.id))
    .where(and(inArray(orders.id, wanted), eq(orderParts.cooperativeId, cooperativeId)));
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** Today's calendar day in China time, as YYYY-MM-DD. */
export const chinaDay = (now: Date) =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The order figures on the cooperative's dashboard, aggregated in the database (two grouped
 * queries, whatever the order count): its parts still to ship, by the status its list filters on
 * (paid = 待发货 without labels yet, fulfilling = labels made, 待揽收), and what was paid today
 * (Beijing's day) for its parts: the orders still open, the money the shoppers paid for them (goods
 * and the shipping charged) and how much of that has since been refunded.
 */
export async function cooperativeOrderFigures({
  cooperativeId,
  now = new Date(),
}: {
  cooperativeId: string;
  now?: Date;
}) {
  const day = chinaDay(now);
  // Filtered on indexed columns: orders_status_idx / orders_paid_idx, and the parts by primary key (not measured at scale).
  const waiting = await db()
    .select({ status: partStatus, n: sql<number>`count(*)`.mapWith(Number) })
    .from(orders)
    .innerJoin(orderParts, eq(orderParts.orderId, orders.id))
    .where(
      and(
        inArray(orders.status, ["paid", "fulfilling"]),
        eq(orderParts.cooperativeId, cooperativeId),
        eq(orderParts.status, "open"),
      ),
    )
    .groupBy(partStatus);
  const [today] = await db()
    .select({
      orders: sql<number>`count(*) filter (where "order_parts"."status" = 'open')`.mapWith(Number),
      paidFen:
        sql<number>`coalesce(sum(${orderParts.itemsFen} + ${orderParts.shippingFen}), 0)`.mapWith(
          Number,
        ),
      refundedFen: sql<number>`coalesce(sum(${orderParts.refundedFen}), 0)`.mapWith(Number),
    })
    .from(orders)
    .innerJoin(orderParts, eq(orderParts.orderId, orders.id))
    .where(
      and(
        gte(orders.paidAt, dayStart(day)),
        lt(orders.paidAt, nextDay(day)),
        eq(orderParts.cooperativeId, cooperativeId),
      ),
    );
  const count = (s: OrderStatus) => waiting.find((w) => w.status === s)?.n ?? 0;
  return {
    day,
    toShip: { awaitingLabels: count("paid"), awaitingPickup: count("fulfilling") },
    today: {
      orders: today?.orders ?? 0,
      paidFen: today?.paidFen ?? 0,
      refundedFen: today?.refundedFen ?? 0,
      netFen: (today?.paidFen ?? 0) - (today?.refundedFen ?? 0),
    },
  };
}
