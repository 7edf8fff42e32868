import { and, asc, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import {
  orderEvents,
  orderLines,
  orderParts,
  orders,
  payments,
  type OrderStatus,
} from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { shipments, trackingEvents } from "../../db/shipping-schema";
import { db } from "../lib/db.server";
import { pick, type Locale } from "../lib/i18n";
import { HOLD_CALL_EVENTS } from "./held-payments.server";

/** Who an order belongs to: enough for the access check, before anything else is read. */
export async function orderOwner({
  orderId,
}: {
  orderId: string;
}): Promise<{ id: string; userId: string | null } | null> {
  const [row] = await db()
    .select({ id: orders.id, userId: orders.userId })
    .from(orders)
    .where(eq(orders.id, orderId));
  return row ?? null;
}

/**
 * Everything the shopper's order page shows: lines grouped by cooperative, each cooperative's
 * parcels with their timelines, totals and the status history. Dates are ISO strings.
 */
export async function getShopperOrder({ orderId, locale }: { orderId: string; locale: Locale }) {
  const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const [parts, lines, events, parcels, failed, taken] = await Promise.all([
    db()
      .select({
        cooperativeId: orderParts.cooperativeId,
        status: orderParts.status,
        itemsFen: orderParts.itemsFen,
        shippingFen: orderParts.shippingFen,
        refundedFen: orderParts.refundedFen,
        plannedParcels: orderParts.plannedParcels,
        slug: cooperatives.slug,
        nameZh: cooperatives.nameZh,
        nameEn: cooperatives.nameEn,
        provinceCode: cooperatives.provinceCode,
        cityZh: cooperatives.cityZh,
        cityEn: cooperatives.cityEn,
        handlingDays: cooperatives.handlingDays,
      })
      .from(orderParts)
      .innerJoin(cooperatives, eq(cooperatives.id, orderParts.cooperativeId))
      .where(eq(orderParts.orderId, orderId))
      .orderBy(asc(cooperatives.nameEn)),
    db()
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.lineNo)),
    db()
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.id)),
    db()
      .select()
      .from(shipments)
      .where(eq(shipments.orderId, orderId))
      .orderBy(asc(shipments.cooperativeId), asc(shipments.parcelIndex)),
    db()
      .select({ id: payments.id })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "failed")))
      .limit(1),
    // What the shopper has paid so far (a hold counts what it captured): a pre-order's deposit
    // before its balance, so the totals can say what is paid and what is still to come.
    db()
      .select({
        fen: sql<number>`coalesce(sum(coalesce(${payments.capturedFen}, ${payments.amountFen})), 0)`.mapWith(
          Number,
        ),
      })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "succeeded"))),
  ]);
  const trackRows = parcels.length
    ? await db()
        .select()
        .from(trackingEvents)
        .where(
          inArray(
            trackingEvents.shipmentId,
            parcels.map((p) => p.id),
          ),
        )
        .orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.id))
    : [];
  const pending = order.status === "pending_payment";
  return {
    id: order.id,
    code: order.code,
    userId: order.userId,
    status: order.status,
    channel: order.channel,
    delivery: order.delivery,
    email: order.email,
    mobile: order.mobile,
    recipient: order.recipient,
    ambientService: order.ambientService,
    itemsFen: order.itemsFen,
    shippingFen: order.shippingFen,
    totalFen: order.totalFen,
    refundedFen: order.refundedFen,
    paidFen: taken[0]?.fen ?? 0,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    reservedUntil: order.reservedUntil?.toISOString() ?? null,
    // Only worth saying while the shopper can still do something about it.
    paymentFailed: pending && failed.length > 0,
    parts: parts.map((p) => ({
      cooperative: {
        id: p.cooperativeId,
        slug: p.slug,
        name: pick(p, "name", locale),
        provinceCode: p.provinceCode,
        city: pick(p, "city", locale),
        handlingDays: p.handlingDays,
      },
      status: p.status,
      itemsFen: p.itemsFen,
      shippingFen: p.shippingFen,
      refundedFen: p.refundedFen,
      plannedParcels: p.plannedParcels,
      lines: lines
        .filter((l) => l.cooperativeId === p.cooperativeId)
        .map((l) => ({
          lineNo: l.lineNo,
          productName: pick({ nameZh: l.productNameZh, nameEn: l.productNameEn }, "name", locale),
          variantLabel: pick(
            { labelZh: l.variantLabelZh, labelEn: l.variantLabelEn },
            "label",
            locale,
          ),
          storage: l.storage,
          priceFen: l.priceFen,
          quantity: l.quantity,
          lineFen: l.lineFen,
        })),
      parcels: parcels
        .filter((s) => s.cooperativeId === p.cooperativeId)
        .map((s) => ({
          trackingNumber: s.trackingNumber,
          service: s.service,
          storage: s.storage,
          status: s.status,
          parcelIndex: s.parcelIndex,
          parcelCount: s.parcelCount,
          transitDays: s.transitDays,
          events: trackRows
            .filter((e) => e.shipmentId === s.id)
            .map((e) => ({
              type: e.type,
              occurredAt: e.occurredAt.toISOString(),
              place: e.place,
              note: e.note,
            })),
        })),
    })),
    events: events
      .filter((e) => !HOLD_CALL_EVENTS.has(e.event))
      .map((e) => ({
        id: e.id,
        event: e.event,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        cooperativeId: e.cooperativeId,
        amountFen: e.amountFen,
        // Only what a cooperative wrote to explain a cancel or refund reaches the shopper; system
        // notes (variant ids, provider errors) are for the admin history.
        note: e.cooperativeId && SHOPPER_NOTE_EVENTS.has(e.event) ? e.note : "",
        createdAt: e.createdAt.toISOString(),
      })),
  };
}

const SHOPPER_NOTE_EVENTS = new Set(["cancelled", "part_cancelled", "refund", "partial_refund"]);
export type ShopperOrder = NonNullable<Awaited<ReturnType<typeof getShopperOrder>>>;

export interface OrderSummary {
  id: string;
  code: string;
  status: OrderStatus;
  createdAt: string;
  totalFen: number;
  refundedFen: number;
  itemCount: number;
  parcelCount: number;
}

/** A signed-in shopper's orders, newest first. */
export async function listShopperOrders({
  userId,
  limit = 50,
}: {
  userId: string;
  limit?: number;
}): Promise<OrderSummary[]> {
  const rows = await db()
    .select({
      id: orders.id,
      code: orders.code,
      status: orders.status,
      createdAt: orders.createdAt,
      totalFen: orders.totalFen,
      refundedFen: orders.refundedFen,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [parcelCounts, itemCounts] = await Promise.all([
    db()
      .select({ orderId: shipments.orderId, n: count().mapWith(Number) })
      .from(shipments)
      .where(inArray(shipments.orderId, ids))
      .groupBy(shipments.orderId),
    db()
      .select({ orderId: orderLines.orderId, n: count().mapWith(Number) })
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids))
      .groupBy(orderLines.orderId),
  ]);
  const parcelsOf = new Map(parcelCounts.map((r) => [r.orderId, r.n]));
  const itemsOf = new Map(itemCounts.map((r) => [r.orderId, r.n]));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    itemCount: itemsOf.get(r.id) ?? 0,
    parcelCount: parcelsOf.get(r.id) ?? 0,
  }));
}

/**
 * The order a guest means by its code and the email or mobile given at checkout, or null. One
 * answer for every kind of miss, so the lookup never says which half was wrong.
 */
export async function findOrderByCodeAndContact({
  code,
  email,
  mobile,
}: {
  code: string;
  email?: string;
  mobile?: string;
}): Promise<{ id: string } | null> {
  const contact = [
    email ? eq(orders.email, email) : undefined,
    mobile ? eq(orders.mobile, mobile) : undefined,
  ].filter((c) => c !== undefined);
  if (contact.length === 0) return null;
  // Codes are shown in capitals; people type them in any case.
  const codes = [...new Set([code, code.toUpperCase()])];
  const [row] = await db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(inArray(orders.code, codes), or(...contact)))
    .limit(1);
  return row ?? null;
}
