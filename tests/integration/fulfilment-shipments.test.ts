import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, orderEvents, orderParts, orders } from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import { claimJobs, enqueueJob, runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { isValidS10 } from "~/shipping/s10";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function paidOrangesAndGrapes(ambientService: "express" | "economy" = "express") {
  const world = await createOrangesAndGrapes();
  const order = await createOrder({
    lines: [
      { ...world.oranges, quantity: 3 },
      { ...world.grapes, quantity: 2 },
    ],
    ambientService,
  });
  await enqueueJob({
    kind: "create_shipments",
    payload: { orderId: order.id },
    dedupeKey: `create_shipments:${order.id}`,
  });
  return { ...world, order };
}
const parcelsOf = (orderId: string) =>
  db()
    .select()
    .from(shipments)
    .where(eq(shipments.orderId, orderId))
    .orderBy(asc(shipments.cooperativeId), asc(shipments.parcelIndex));
const eventsOf = (orderId: string) =>
  db()
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.id));
const statusOf = async (orderId: string) =>
  (await db().select().from(orders).where(eq(orders.id, orderId)))[0]!.status;
const later = (ms: number) => new Date(Date.now() + ms);

describe("create_shipments job", () => {
  it("ships oranges (ambient, Jiangxi) and grapes (chilled, Yunnan) as two parcel sets, one cold chain, as checkout priced them", async () => {
    const { order, coopA, coopB } = await paidOrangesAndGrapes();
    expect(await runDueJobs({ workerId: "w" })).toEqual({ ran: 1, failed: 0 });
    const parcels = await parcelsOf(order.id);
    const byCoop = (id: string) => parcels.filter((p) => p.cooperativeId === id);
    expect(
      byCoop(coopA.id).map((p) => [
        p.service,
        p.storage,
        p.originProvince,
        p.destinationProvince,
        p.parcelIndex,
        p.parcelCount,
      ]),
    ).toEqual([["express", "ambient", "36", "11", 1, 1]]);
    expect(
      byCoop(coopB.id).map((p) => [
        p.service,
        p.storage,
        p.originProvince,
        p.parcelIndex,
        p.parcelCount,
      ]),
    ).toEqual([["cold_chain", "chilled", "53", 1, 1]]);
    for (const p of parcels) expect(isValidS10(p.trackingNumber)).toBe(true);
    expect(byCoop(coopB.id)[0]!.trackingNumber).toMatch(/^EF/);
    expect(byCoop(coopA.id)[0]!.units).toEqual([
      { item: 0, quantity: 3, name: "赣南脐橙 1 号规格", sku: expect.stringMatching(/^SKU-/) },
    ]);
    expect(byCoop(coopA.id)[0]!.sender).toMatchObject({
      name: "信丰脐橙合作社",
      province: "36",
      phone: "13907971234",
    });
    expect(byCoop(coopA.id)[0]!.recipient).toMatchObject({
      name: "王小明",
      phone: "13812345678",
      province: "11",
      address: "朝阳区建国路 88 号 3 单元 1202 室",
    });
    // What ships is what the shopper paid for: the same parcels and the same shipping price.
    const parts = await db().select().from(orderParts).where(eq(orderParts.orderId, order.id));
    for (const part of parts) {
      const mine = byCoop(part.cooperativeId);
      expect(mine).toHaveLength(part.plannedParcels);
      expect(mine.reduce((s, p) => s + p.priceFen, 0)).toBe(part.shippingFen);
    }
    expect(await statusOf(order.id)).toBe("fulfilling");
    expect(
      (await eventsOf(order.id)).map((e) => [e.fromStatus, e.toStatus, e.event, e.actor, e.note]),
    ).toEqual([["paid", "fulfilling", "shipments_created", "job:create_shipments", "2 parcels"]]);
  });

  it("ships one cooperative's economy oranges and chilled grapes in one set, numbered across both", async () => {
    const world = await createOrangesAndGrapes();
    const { createProduct } = await import("../factories/catalog");
    const grapesA = await createProduct({
      cooperativeId: world.coopA.id,
      storageClass: "chilled",
      shelfLifeDays: 7,
      variants: [{ netWeightG: 2000 }],
    });
    const order = await createOrder({
      lines: [
        { ...world.oranges, quantity: 7 },
        { product: grapesA.product, variant: grapesA.variants[0]!, quantity: 1 },
      ],
      ambientService: "economy",
    });
    expect(await createOrderShipments({ orderId: order.id })).toEqual({ created: 3 });
    const parcels = await parcelsOf(order.id);
    expect(parcels.map((p) => [p.service, p.parcelIndex, p.parcelCount])).toEqual([
      ["economy", 1, 3],
      ["economy", 2, 3],
      ["cold_chain", 3, 3],
    ]);
    expect(parcels.reduce((s, p) => s + p.priceFen, 0)).toBe(order.shippingFen);
  });

  it("creates the shipments once when two workers run the job at the same time, or the job is enqueued twice", async () => {
    const { order } = await paidOrangesAndGrapes();
    await enqueueJob({
      kind: "create_shipments",
      payload: { orderId: order.id },
      dedupeKey: `create_shipments:${order.id}`,
    });
    const results = await Promise.all([
      runDueJobs({ workerId: "w1" }),
      runDueJobs({ workerId: "w2" }),
    ]);
    expect(results.reduce((s, r) => s + r.ran, 0)).toBe(1);
    // The handler itself is idempotent too: called again (and concurrently) it creates nothing.
    expect(
      await Promise.all([
        createOrderShipments({ orderId: order.id }),
        createOrderShipments({ orderId: order.id }),
      ]),
    ).toEqual([{ created: 0 }, { created: 0 }]);
    expect(await parcelsOf(order.id)).toHaveLength(2);
    expect((await eventsOf(order.id)).filter((e) => e.event === "shipments_created")).toHaveLength(
      1,
    );
  });

  it("runs concurrently from scratch (no claim) and still makes one set", async () => {
    const { order } = await paidOrangesAndGrapes();
    const results = await Promise.all(
      [1, 2, 3].map(() => createOrderShipments({ orderId: order.id })),
    );
    expect(results.map((r) => r.created).sort()).toEqual([0, 0, 2]);
    expect(await parcelsOf(order.id)).toHaveLength(2);
    expect((await eventsOf(order.id)).filter((e) => e.event === "shipments_created")).toHaveLength(
      1,
    );
  });

  it("takes over the job of a worker that died after claiming it, once its lease lapses", async () => {
    const { order } = await paidOrangesAndGrapes();
    const [claimed] = await claimJobs({ workerId: "dead", leaseMs: 60_000 });
    expect(claimed!.kind).toBe("create_shipments");
    expect(await runDueJobs({ workerId: "w2" })).toEqual({ ran: 0, failed: 0 });
    expect(await parcelsOf(order.id)).toHaveLength(0);
    expect(await runDueJobs({ workerId: "w2", now: later(61_000) })).toEqual({ ran: 1, failed: 0 });
    expect(await parcelsOf(order.id)).toHaveLength(2);
    const [job] = await db().select().from(jobs).where(eq(jobs.kind, "create_shipments"));
    expect(job).toMatchObject({ lockedBy: "w2", attempts: 2 });
    expect(job!.doneAt).toBeInstanceOf(Date);
  });

  it("creates nothing twice when the worker died after the shipments and before marking the job done", async () => {
    const { order } = await paidOrangesAndGrapes();
    await claimJobs({ workerId: "dead", leaseMs: 60_000 });
    // The dead worker's effect committed; it never reached completeJob.
    await createOrderShipments({ orderId: order.id });
    const before = (await parcelsOf(order.id)).map((p) => p.trackingNumber);
    expect(await runDueJobs({ workerId: "w2", now: later(61_000) })).toEqual({ ran: 1, failed: 0 });
    expect((await parcelsOf(order.id)).map((p) => p.trackingNumber)).toEqual(before);
    expect((await eventsOf(order.id)).filter((e) => e.event === "shipments_created")).toHaveLength(
      1,
    );
  });

  it("ships only the open parts, and nothing for an order that is no longer paid", async () => {
    const { order, coopA, coopB } = await paidOrangesAndGrapes();
    await db()
      .update(orderParts)
      .set({ status: "cancelled" })
      .where(eq(orderParts.cooperativeId, coopB.id));
    await runDueJobs({ workerId: "w" });
    expect((await parcelsOf(order.id)).map((p) => p.cooperativeId)).toEqual([coopA.id]);

    const world = await createOrangesAndGrapes();
    const cancelled = await createOrder({
      lines: [{ ...world.oranges, quantity: 1 }],
      status: "cancelled",
    });
    const unpaid = await createOrder({
      lines: [{ ...world.oranges, quantity: 1 }],
      status: "pending_payment",
    });
    expect(await createOrderShipments({ orderId: cancelled.id })).toEqual({ created: 0 });
    expect(await createOrderShipments({ orderId: unpaid.id })).toEqual({ created: 0 });
    expect(await parcelsOf(cancelled.id)).toEqual([]);
    expect(await statusOf(unpaid.id)).toBe("pending_payment");
  });

  it("fails the job with the shipping engine's reason when the parcels cannot be made, and makes none", async () => {
    const { order, coopB } = await paidOrangesAndGrapes();
    // The cooperative's phone became unusable for a label after the order was placed.
    const { cooperatives } = await import("../../db/schema");
    await db()
      .update(cooperatives)
      .set({ contactPhone: "12" })
      .where(eq(cooperatives.id, coopB.id));
    expect(await runDueJobs({ workerId: "w" })).toEqual({ ran: 1, failed: 1 });
    const [job] = await db().select().from(jobs).where(eq(jobs.kind, "create_shipments"));
    expect(job!.lastError).toMatch(
      /^create_shipments: order HL\d+, cooperative coop-[^:]+: sender\.phone: /,
    );
    expect(job!.failedAt).toBeNull();
    // All or nothing: the other cooperative's parcels were rolled back with it.
    expect(await parcelsOf(order.id)).toEqual([]);
    expect(await statusOf(order.id)).toBe("paid");
  });
});
