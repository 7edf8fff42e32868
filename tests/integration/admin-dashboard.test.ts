import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderParts, orders } from "../../db/orders-schema";
import { db } from "~/lib/db.server";
import { cooperativeOrderFigures } from "~/orders/admin-orders.server";
import { cancelOrderPart, refundOrderPart } from "~/orders/cancel-refund.server";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { recordPaymentSucceeded } from "~/orders/payment-flow.server";
import { loader } from "~/routes/admin._index";
import { handOverToCarrier } from "~/shipping/cooperative-events.server";
import { findOrderShipments } from "~/shipping/shipments.server";
import { createOrangesAndGrapes, submittedOrder } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type World = Awaited<ReturnType<typeof createOrangesAndGrapes>>;

/** A real checkout of these lines, paid with the simulated card; returns the order's id. */
async function paidOrder(lines: Array<{ variantId: string; quantity: number }>) {
  const o = await submittedOrder({ lines });
  const paid = await recordPaymentSucceeded({
    provider: "simulated",
    providerRef: o.payment.providerRef!,
    amountFen: o.payment.amountFen,
    actor: "simulated",
  });
  expect(paid).toMatchObject({ outcome: "paid" });
  return o.orderId;
}

const partOf = async (orderId: string, cooperativeId: string) =>
  (
    await db()
      .select()
      .from(orderParts)
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)))
  )[0]!;

/** Orders of A in every state the "to ship" figure must tell apart, and one mixed with B. */
async function orders5(w: World) {
  const oranges = (quantity: number) => ({ variantId: w.oranges.variant.id, quantity });
  const noLabels = await paidOrder([oranges(1)]);
  const labelled = await paidOrder([oranges(2)]);
  await createOrderShipments({ orderId: labelled });
  const handedOver = await paidOrder([oranges(1)]);
  await createOrderShipments({ orderId: handedOver });
  for (const p of await findOrderShipments({ orderId: handedOver, cooperativeId: w.coopA.id }))
    expect(await handOverToCarrier({ shipmentId: p.id, cooperativeIds: null })).toMatchObject({
      ok: true,
    });
  const cancelled = await paidOrder([oranges(1)]);
  expect(
    await cancelOrderPart({
      orderId: cancelled,
      cooperativeId: w.coopA.id,
      actor: "test",
      reason: "out of stock",
    }),
  ).toMatchObject({ ok: true });
  const unpaid = (await submittedOrder({ lines: [oranges(1)] })).orderId;
  // Mixed: A's part waits for labels; B's grapes are B's business only.
  const mixed = await paidOrder([oranges(1), { variantId: w.grapes.variant.id, quantity: 1 }]);
  return { noLabels, labelled, handedOver, cancelled, unpaid, mixed };
}

describe("the cooperative dashboard's order figures", () => {
  it("counts its own parts still to ship, by whether labels exist, and nothing of another cooperative", async () => {
    const w = await createOrangesAndGrapes();
    const o = await orders5(w);
    const a = await cooperativeOrderFigures({ cooperativeId: w.coopA.id });
    // noLabels and mixed have no parcels yet; labelled waits for pickup; handed over, cancelled and unpaid do not count.
    expect(a.toShip).toEqual({ awaitingLabels: 2, awaitingPickup: 1 });
    const b = await cooperativeOrderFigures({ cooperativeId: w.coopB.id });
    expect(b.toShip).toEqual({ awaitingLabels: 1, awaitingPickup: 0 });
    // Once B's grapes of the mixed order get their labels, only B's figure moves.
    await createOrderShipments({ orderId: o.mixed });
    expect((await cooperativeOrderFigures({ cooperativeId: w.coopB.id })).toShip).toEqual({
      awaitingLabels: 0,
      awaitingPickup: 1,
    });
    expect((await cooperativeOrderFigures({ cooperativeId: w.coopA.id })).toShip).toEqual({
      awaitingLabels: 1,
      awaitingPickup: 2,
    });
  });

  it("sums today's paid parts net of their refunds, on Beijing's day, and only its own", async () => {
    const w = await createOrangesAndGrapes();
    const o = await orders5(w);
    // A refunds ¥5 of the labelled order (a bruised orange), through the real refund path.
    expect(
      await refundOrderPart({
        orderId: o.labelled,
        cooperativeId: w.coopA.id,
        amountFen: 500,
        actor: "test",
        reason: "bruised",
      }),
    ).toMatchObject({ ok: true });
    const parts = await Promise.all(
      [o.noLabels, o.labelled, o.handedOver, o.cancelled, o.mixed].map((id) =>
        partOf(id, w.coopA.id),
      ),
    );
    const paidFen = parts.reduce((s, p) => s + p.itemsFen + p.shippingFen, 0);
    const refundedFen = parts.reduce((s, p) => s + p.refundedFen, 0);
    // The cancelled part was refunded in full, plus the ¥5.
    expect(refundedFen).toBe(parts[3]!.itemsFen + parts[3]!.shippingFen + 500);
    const a = await cooperativeOrderFigures({ cooperativeId: w.coopA.id });
    // Four open orders paid today (the cancelled one is not an order any more; the unpaid one never was).
    expect(a.today).toEqual({ orders: 4, paidFen, refundedFen, netFen: paidFen - refundedFen });
    const grapes = await partOf(o.mixed, w.coopB.id);
    expect((await cooperativeOrderFigures({ cooperativeId: w.coopB.id })).today).toEqual({
      orders: 1,
      paidFen: grapes.itemsFen + grapes.shippingFen,
      refundedFen: 0,
      netFen: grapes.itemsFen + grapes.shippingFen,
    });
  });

  it("draws the day at Beijing's midnight, not the server's", async () => {
    const w = await createOrangesAndGrapes();
    const first = await paidOrder([{ variantId: w.oranges.variant.id, quantity: 1 }]);
    const second = await paidOrder([{ variantId: w.oranges.variant.id, quantity: 2 }]);
    // 23:59:59 on 7 Dec and 00:00:00 on 8 Dec in Beijing.
    await db()
      .update(orders)
      .set({ paidAt: new Date("2026-12-07T15:59:59Z") })
      .where(eq(orders.id, first));
    await db()
      .update(orders)
      .set({ paidAt: new Date("2026-12-07T16:00:00Z") })
      .where(eq(orders.id, second));
    const morning = await cooperativeOrderFigures({
      cooperativeId: w.coopA.id,
      now: new Date("2026-12-08T01:00:00Z"),
    });
    expect(morning.day).toBe("2026-12-08");
    const secondPart = await partOf(second, w.coopA.id);
    expect(morning.today.orders).toBe(1);
    expect(morning.today.paidFen).toBe(secondPart.itemsFen + secondPart.shippingFen);
    const evening = await cooperativeOrderFigures({
      cooperativeId: w.coopA.id,
      now: new Date("2026-12-07T15:30:00Z"),
    });
    expect(evening.day).toBe("2026-12-07");
    expect(evening.today.orders).toBe(1);
  });

  it("shows the signed-in owner their cooperative's figures on /admin", async () => {
    const w = await createOrangesAndGrapes();
    await orders5(w);
    const ownerB = await signedInUser({ memberOf: [{ cooperativeId: w.coopB.id, role: "owner" }] });
    type Page = { orders: { toShip: unknown; today: { orders: number } } };
    const page = await callRoute<Page>(loader, {
      url: "http://localhost/admin",
      cookie: ownerB.cookie,
    });
    expect(page.status).toBe(200);
    expect(page.data.orders.toShip).toEqual({ awaitingLabels: 1, awaitingPickup: 0 });
    expect(page.data.orders.today.orders).toBe(1);
  });
});
