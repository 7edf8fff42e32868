import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, notifications, orderEvents, orders } from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import { runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { createOrderShipments, syncOrderFromShipments } from "~/orders/fulfilment.server";
import { deliverNotification, notificationsLogPath } from "~/orders/notifications.server";
import { handOverToCarrier } from "~/shipping/cooperative-events.server";
import { recordTrackingEvents } from "~/shipping/tracking.server";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

// The development transport writes to DATA_DIR; keep it out of the developer's ./data.
let dataDir = "";
const originalDataDir = env.DATA_DIR;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "hl-notify-"));
  env.DATA_DIR = dataDir;
});
afterAll(() => {
  env.DATA_DIR = originalDataDir;
  rmSync(dataDir, { recursive: true, force: true });
});

async function fulfillingOrder() {
  const world = await createOrangesAndGrapes();
  const order = await createOrder({
    lines: [
      { ...world.oranges, quantity: 7 },
      { ...world.grapes, quantity: 1 },
    ],
    mobile: "13912345678",
  });
  await createOrderShipments({ orderId: order.id });
  const parcels = await db()
    .select()
    .from(shipments)
    .where(eq(shipments.orderId, order.id))
    .orderBy(asc(shipments.trackingNumber));
  return { ...world, order, parcels };
}
const statusOf = async (orderId: string) =>
  (await db().select().from(orders).where(eq(orders.id, orderId)))[0]!.status;
const eventsOf = async (orderId: string) =>
  (
    await db()
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.id))
  ).map((e) => [e.toStatus, e.event, e.actor]);
const carrier = (
  trackingNumber: string,
  type: "accepted" | "delivered" | "departed",
  id = `${type}-${trackingNumber}`,
) => ({
  eventId: id,
  trackingNumber,
  type,
  occurredAt: new Date(),
  place: "",
  note: "",
});

describe("syncOrderFromShipments", () => {
  it("ships the order once the carrier has every parcel, tells the shopper the numbers, then delivers it", async () => {
    const { order, parcels } = await fulfillingOrder();
    expect(parcels).toHaveLength(3);
    // The cooperative hands over its two orange parcels; the grapes are not collected yet.
    const orangeParcels = parcels.filter((p) => p.storage === "ambient");
    for (const p of orangeParcels) {
      expect(await handOverToCarrier({ shipmentId: p.id, cooperativeIds: null })).toMatchObject({
        ok: true,
        stored: true,
      });
    }
    expect(await statusOf(order.id)).toBe("fulfilling");

    // The carrier's webhook reports the grapes in transit: now every parcel is with the carrier.
    const grapes = parcels.find((p) => p.storage === "chilled")!;
    await recordTrackingEvents({
      source: "carrier",
      events: [carrier(grapes.trackingNumber, "departed")],
    });
    expect(await statusOf(order.id)).toBe("shipped");
    const sent = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.kind, "order_shipped"))
      .orderBy(asc(notifications.id));
    expect(sent.map((n) => n.channel)).toEqual(["email", "sms"]);
    for (const p of parcels) expect(sent[0]!.body).toContain(p.trackingNumber);

    // Delivered only once every parcel is.
    await recordTrackingEvents({
      source: "carrier",
      events: parcels.slice(0, 2).map((p) => carrier(p.trackingNumber, "delivered")),
    });
    expect(await statusOf(order.id)).toBe("shipped");
    await recordTrackingEvents({
      source: "carrier",
      events: [carrier(parcels[2]!.trackingNumber, "delivered")],
    });
    expect(await statusOf(order.id)).toBe("delivered");

    // Repeats change nothing.
    await recordTrackingEvents({
      source: "carrier",
      events: [carrier(parcels[2]!.trackingNumber, "delivered", "again")],
    });
    await syncOrderFromShipments({ orderId: order.id, actor: "system" });
    expect(await eventsOf(order.id)).toEqual([
      ["fulfilling", "shipments_created", "job:create_shipments"],
      ["shipped", "shipped", "carrier"],
      ["delivered", "delivered", "carrier"],
    ]);
    expect(
      await db().select().from(notifications).where(eq(notifications.kind, "order_shipped")),
    ).toHaveLength(2);
  });

  it("counts a parcel whose last event is a problem report as collected if the carrier had it", async () => {
    const { order, parcels } = await fulfillingOrder();
    const [first, ...rest] = parcels;
    const problem = {
      ...carrier(first!.trackingNumber, "accepted", "p1"),
      type: "exception" as const,
      occurredAt: new Date(Date.now() + 60_000),
    };
    await recordTrackingEvents({
      source: "carrier",
      events: [carrier(first!.trackingNumber, "accepted"), problem],
    });
    expect(
      (await db().select().from(shipments).where(eq(shipments.id, first!.id)))[0]!.status,
    ).toBe("exception");
    await recordTrackingEvents({
      source: "carrier",
      events: rest.map((p) => carrier(p.trackingNumber, "accepted")),
    });
    expect(await statusOf(order.id)).toBe("shipped");
  });

  it("does not ship an order whose parcels only have problem reports, nor one still paid", async () => {
    const { order, parcels } = await fulfillingOrder();
    await recordTrackingEvents({
      source: "carrier",
      events: parcels.map((p) => ({
        ...carrier(p.trackingNumber, "accepted", `x-${p.id}`),
        type: "exception" as const,
      })),
    });
    expect(await statusOf(order.id)).toBe("fulfilling");
    const world = await createOrangesAndGrapes();
    const paid = await createOrder({ lines: [{ ...world.oranges, quantity: 1 }] });
    await syncOrderFromShipments({ orderId: paid.id, actor: "system" });
    expect(await statusOf(paid.id)).toBe("paid");
  });
});

describe("notification delivery (development transport)", () => {
  it("sends each queued message once, appends it to DATA_DIR/notifications.log and marks it sent", async () => {
    const { order, parcels } = await fulfillingOrder();
    await recordTrackingEvents({
      source: "carrier",
      events: parcels.map((p) => carrier(p.trackingNumber, "accepted")),
    });
    expect(notificationsLogPath()).toBe(path.resolve(dataDir, "notifications.log"));
    const queued = await db().select().from(jobs).where(eq(jobs.kind, "deliver_notification"));
    expect(queued).toHaveLength(2);
    expect(await runDueJobs({ workerId: "w" })).toEqual({ ran: 2, failed: 0 });
    const rows = await db().select().from(notifications).orderBy(asc(notifications.id));
    expect(rows.every((n) => n.sentAt instanceof Date)).toBe(true);
    // Delivering again (a retried job) sends nothing more.
    expect(await deliverNotification({ notificationId: rows[0]!.id })).toEqual({ sent: false });
    const log = readFileSync(notificationsLogPath(), "utf8");
    expect(log.match(/^── #/gm)).toHaveLength(2);
    expect(log).toContain(
      `Subject: 丰收直播：订单 ${order.code} 已发货 / Order ${order.code} has shipped`,
    );
    expect(log).toContain("To:      13912345678");
    expect(log).toContain(`/orders/${order.id}`);
  });
});
