import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { cooperativeSender } from "../catalog/cooperative-address";
import { orderLines, orderParts, orders } from "../../db/orders-schema";
import { cooperatives } from "../../db/schema";
import { db } from "../lib/db.server";
import { COLLECTED_EVENT_TYPES } from "../shipping/cooperative-events";
import { createShipments, type CreateShipmentsInput } from "../shipping/shipments.server";
import { queueNotification } from "./notifications.server";
import { transitionOrder } from "./transitions.server";

/** Raised when the shipping engine refuses a paid order's part: retrying later may help (tariff fixed). */
export class ShipmentCreationError extends Error {}

/**
 * The `create_shipments` job: one set of parcels per open part of a paid order, planned exactly as
 * checkout priced it (app/shipping/shipping-plan.ts), then the order moves paid → fulfilling.
 *
 * Everything happens in one transaction holding the order's row lock, so a cancellation of a
 * part (which takes the same lock) is either seen here or sees the shipments, a crash leaves
 * nothing half-made, and a second run of the job (redelivery, a lapsed lease) waits, then finds
 * the parcels already there and creates nothing.
 */
export async function createOrderShipments({
  orderId,
}: {
  orderId: string;
}): Promise<{ created: number }> {
  return db().transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) throw new ShipmentCreationError(`create_shipments: no order ${orderId}`);
    // Unpaid, cancelled or refunded orders ship nothing; a later status means it already did.
    if (order.status !== "paid" && order.status !== "fulfilling") return { created: 0 };
    // Collected at a pickup point: it travels in the point's consolidated shipment, which its
    // channel creates (app/groupbuy/settle.server.ts).
    if (order.delivery === "pickup") return { created: 0 };

    const parts = await tx
      .select({ cooperativeId: orderParts.cooperativeId })
      .from(orderParts)
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.status, "open")))
      .orderBy(asc(orderParts.cooperativeId));
    if (parts.length === 0) return { created: 0 };
    const coopIds = parts.map((p) => p.cooperativeId);
    const [coops, lines] = await Promise.all([
      tx.select().from(cooperatives).where(inArray(cooperatives.id, coopIds)),
      tx
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, orderId))
        .orderBy(asc(orderLines.lineNo)),
    ]);

    const r = order.recipient;
    const recipient: CreateShipmentsInput["recipient"] = {
      name: r.name,
      phone: r.mobile,
      province: r.province,
      city: r.city,
      address: `${r.district}${r.detail}`,
      ...(r.postcode ? { postcode: r.postcode } : {}),
    };
    let created = 0;
    for (const { cooperativeId } of parts) {
      const coop = coops.find((c) => c.id === cooperativeId)!;
      const mine = lines.filter((l) => l.cooperativeId === cooperativeId);
      const result = await createShipments(
        {
          orderId,
          cooperativeId,
          origin: coop.provinceCode,
          destination: r.province,
          sender: cooperativeSender(coop),
          recipient,
          items: mine.map((l) => ({
            weightG: l.shippingWeightG,
            lengthMm: l.lengthMm,
            widthMm: l.widthMm,
            heightMm: l.heightMm,
            storage: l.storage,
            quantity: l.quantity,
            shelfLifeDays: l.shelfLifeDays,
            name: `${l.productNameZh} ${l.variantLabelZh}`.slice(0, 120),
            sku: l.sku.slice(0, 64),
          })),
          ambientService: order.ambientService,
        },
        { tx },
      );
      if (!result.ok) {
        throw new ShipmentCreationError(
          `create_shipments: order ${order.code}, cooperative ${coop.slug}: ${result.message}`,
        );
      }
      if (result.created) created += result.shipments.length;
    }
    if (order.status === "paid") {
      await transitionOrder({
        tx,
        orderId,
        to: "fulfilling",
        event: "shipments_created",
        actor: "job:create_shipments",
        note: `${created} parcels`,
      });
    }
    return { created };
  });
}

/**
 * Follows the parcels: once the carrier has every parcel of every open part, the order is
 * shipped (and the shopper gets the tracking numbers); once every one is delivered, delivered.
 * Idempotent and safe to call after any tracking event; it never moves an order backwards.
 */
export async function syncOrderFromShipments({
  orderId,
  actor,
}: {
  orderId: string;
  actor: string;
}): Promise<void> {
  await db().transaction(async (tx) => {
    const [order] = await tx
      .select({ status: orders.status })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!order || (order.status !== "fulfilling" && order.status !== "shipped")) return;
    const parts = await tx
      .select({
        cooperativeId: orderParts.cooperativeId,
        // Spelled out: drizzle leaves the columns of a one-table select unqualified, and a bare
        // "order_id" inside these subqueries would be the shipment's.
        parcels: sql<number>`(select count(*) from shipments s
          where s.order_id = "order_parts"."order_id" and s.cooperative_id = "order_parts"."cooperative_id")`.mapWith(
          Number,
        ),
        // Parcels the carrier has or had, by anyone's report (a later problem report does not undo it).
        collected: sql<number>`(select count(*) from shipments s
          where s.order_id = "order_parts"."order_id" and s.cooperative_id = "order_parts"."cooperative_id"
          and exists (select 1 from tracking_events te where te.shipment_id = s.id
            and te.type in (${sql.join(
              COLLECTED_EVENT_TYPES.map((t) => sql`${t}`),
              sql`, `,
            )})))`.mapWith(Number),
        delivered: sql<number>`(select count(*) from shipments s
          where s.order_id = "order_parts"."order_id" and s.cooperative_id = "order_parts"."cooperative_id"
          and s.status = 'delivered')`.mapWith(Number),
      })
      .from(orderParts)
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.status, "open")));
    if (parts.length === 0 || parts.some((p) => p.parcels === 0)) return;

    let status = order.status;
    if (status === "fulfilling" && parts.every((p) => p.collected === p.parcels)) {
      const moved = await transitionOrder({ tx, orderId, to: "shipped", event: "shipped", actor });
      if (moved.ok) {
        status = "shipped";
        await queueNotification({ tx, orderId, kind: "order_shipped" });
      }
    }
    if (status === "shipped" && parts.every((p) => p.delivered === p.parcels)) {
      await transitionOrder({ tx, orderId, to: "delivered", event: "delivered", actor });
    }
  });
}

/** For paths that must not fail because of it (tracking events): logs instead of throwing. */
export async function syncOrdersQuietly({
  orderIds,
  actor,
}: {
  orderIds: Iterable<string | null>;
  actor: string;
}): Promise<void> {
  for (const orderId of new Set(orderIds)) {
    if (!orderId) continue;
    try {
      await syncOrderFromShipments({ orderId, actor });
    } catch (error) {
      console.error(
        `order ${orderId}: could not follow its parcels:`,
        error instanceof Error ? error.message : error,
      );
    }
  }
}
