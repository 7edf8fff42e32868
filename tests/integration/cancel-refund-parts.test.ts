import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { orderEvents, orderParts, orders, payments, refunds } from "../../db/orders-schema";
import { inventoryLevels } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { cancelOrderPart, refundOrderPart, refundPayment } from "~/orders/cancel-refund.server";
import {
  expireOrder,
  recordPaymentFailed,
  recordPaymentSucceeded,
  startPayment,
} from "~/orders/payment-flow.server";
import { cancelReason } from "~/orders/order-messages";
import { getShopperOrder } from "~/orders/shopper-orders.server";
import { createSimulatedProvider } from "~/payments/simulated.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { handOverToCarrier } from "~/shipping/cooperative-events.server";
import { createShipments } from "~/shipping/shipments.server";
import { createProduct } from "../factories/catalog";
import { createOrangesAndGrapes, submittedOrder } from "../factories/orders";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();
afterEach(() => setPaymentProviderForTests(undefined));

const level = async (variantId: string) =>
  (await db().select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId)))[0]!;
const order = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const part = async (orderId: string, cooperativeId: string) =>
  (
    await db()
      .select()
      .from(orderParts)
      .where(and(eq(orderParts.orderId, orderId), eq(orderParts.cooperativeId, cooperativeId)))
  )[0]!;
const events = async (id: string) =>
  (await db().select().from(orderEvents).where(eq(orderEvents.orderId, id))).map((e) => e.event);

/** Oranges (Jiangxi) and grapes (Yunnan) in one order, paid with the simulated provider. */
async function paidTwoCoopOrder() {
  const w = await createOrangesAndGrapes();
  const o = await submittedOrder({
    lines: [
      { variantId: w.oranges.variant.id, quantity: 2 },
      { variantId: w.grapes.variant.id, quantity: 1 },
    ],
  });
  const paid = await recordPaymentSucceeded({
    provider: "simulated",
    providerRef: o.payment.providerRef!,
    amountFen: o.payment.amountFen,
    actor: "simulated",
  });
  expect(paid).toMatchObject({ outcome: "paid" });
  return { ...w, ...o };
}

describe("cancelOrderPart", () => {
  it("restocks the part, refunds its items and shipping, keeps the order while another part is open, cancels it with the last", async () => {
    const o = await paidTwoCoopOrder();
    const a = await part(o.orderId, o.coopA.id);
    const r = await cancelOrderPart({
      orderId: o.orderId,
      cooperativeId: o.coopA.id,
      actor: "usr_owner",
      reason: "hail damaged the harvest",
    });
    expect(r).toEqual({ ok: true, refundedFen: a.itemsFen + a.shippingFen });
    expect(await level(o.oranges.variant.id)).toMatchObject({ available: 100, sold: 0 });
    expect(await level(o.grapes.variant.id)).toMatchObject({ available: 99, sold: 1 });
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({
      status: "cancelled",
      refundedFen: a.itemsFen + a.shippingFen,
    });
    expect(await order(o.orderId)).toMatchObject({
      status: "paid",
      refundedFen: a.itemsFen + a.shippingFen,
    });
    const [refund] = await db().select().from(refunds).where(eq(refunds.orderId, o.orderId));
    expect(refund).toMatchObject({
      cooperativeId: o.coopA.id,
      amountFen: a.itemsFen + a.shippingFen,
      status: "succeeded",
      provider: "simulated",
      actor: "usr_owner",
    });
    expect(refund!.providerRef).toBeTruthy();

    // Twice: nothing more.
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        actor: "usr_owner",
        reason: "again",
      }),
    ).toMatchObject({ ok: false, error: "not_cancellable" });

    const b = await part(o.orderId, o.coopB.id);
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopB.id,
        actor: "usr_b",
        reason: "no cold chain truck",
      }),
    ).toEqual({ ok: true, refundedFen: b.itemsFen + b.shippingFen });
    const after = await order(o.orderId);
    expect(after).toMatchObject({ status: "cancelled", refundedFen: after.totalFen });
    expect(await level(o.grapes.variant.id)).toMatchObject({ available: 100, sold: 0 });
    const evs = await db().select().from(orderEvents).where(eq(orderEvents.orderId, o.orderId));
    expect(evs.find((e) => e.event === "part_cancelled")).toMatchObject({
      cooperativeId: o.coopA.id,
      amountFen: a.itemsFen + a.shippingFen,
      actor: "usr_owner",
    });
    expect(evs.find((e) => e.event === "cancelled")).toMatchObject({
      cooperativeId: o.coopB.id,
      toStatus: "cancelled",
    });
  });

  it("refuses once a parcel of the part is with the carrier, and for unknown parts and unpaid orders", async () => {
    const o = await paidTwoCoopOrder();
    const made = await createShipments({
      orderId: o.orderId,
      cooperativeId: o.coopA.id,
      origin: "36",
      destination: "11",
      sender: SENDER,
      recipient: RECIPIENT,
      items: [
        {
          weightG: 5500,
          lengthMm: 400,
          widthMm: 300,
          heightMm: 200,
          storage: "ambient",
          quantity: 2,
        },
      ],
    });
    expect(made.ok).toBe(true);
    // A parcel still `created` (packed, not handed over) does not stop a cancellation; one accepted does.
    await db()
      .update(shipments)
      .set({ status: "accepted" })
      .where(eq(shipments.orderId, o.orderId));
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "already_shipped" });
    expect(await level(o.oranges.variant.id)).toMatchObject({ sold: 2 });
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: "coop_nope",
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "not_found" });

    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const pending = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    const [p] = await db().select().from(orderParts).where(eq(orderParts.orderId, pending.orderId));
    expect(
      await cancelOrderPart({
        orderId: pending.orderId,
        cooperativeId: p!.cooperativeId,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "not_cancellable" });
  });
});

describe("cancelOrderPart when the provider refuses the refund", () => {
  it("keeps the part cancelled and its stock back on sale, records the failed refund, and lets it be refunded later", async () => {
    const o = await paidTwoCoopOrder();
    const a = await part(o.orderId, o.coopA.id);
    const simulated = createSimulatedProvider();
    setPaymentProviderForTests({
      ...simulated,
      refund: async () => ({ ok: false, message: "provider down" }),
    });
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        actor: "u",
        reason: "r",
      }),
    ).toEqual({ ok: false, error: "provider", message: "provider down" });
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({
      status: "cancelled",
      refundedFen: 0,
    });
    expect(await level(o.oranges.variant.id)).toMatchObject({ available: 100, sold: 0 });
    expect(await order(o.orderId)).toMatchObject({ status: "paid", refundedFen: 0 });
    setPaymentProviderForTests(undefined);
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        amountFen: a.itemsFen + a.shippingFen,
        actor: "u",
        reason: "retry",
      }),
    ).toMatchObject({ ok: true });
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({
      refundedFen: a.itemsFen + a.shippingFen,
    });
    expect((await db().select().from(refunds)).map((x) => x.status).sort()).toEqual([
      "failed",
      "succeeded",
    ]);
  });
});

describe("refundOrderPart", () => {
  it("refunds part of a part, then the rest; refuses more than is left; the whole order refunded becomes refunded", async () => {
    const o = await paidTwoCoopOrder();
    const a = await part(o.orderId, o.coopA.id);
    const b = await part(o.orderId, o.coopB.id);
    const first = await refundOrderPart({
      orderId: o.orderId,
      cooperativeId: o.coopA.id,
      amountFen: 1000,
      actor: "u",
      reason: "one bruised box",
    });
    expect(first).toMatchObject({ ok: true, refundId: expect.stringMatching(/^rfd_/) });
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({ refundedFen: 1000, status: "open" });
    expect(await order(o.orderId)).toMatchObject({ status: "paid", refundedFen: 1000 });
    expect(await events(o.orderId)).toContain("partial_refund");

    const left = a.itemsFen + a.shippingFen - 1000;
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        amountFen: left + 1,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "too_much" });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        amountFen: 0,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "invalid" });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        amountFen: 1.5,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "invalid" });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        amountFen: left,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: true });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopB.id,
        amountFen: b.itemsFen + b.shippingFen,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: true });
    const after = await order(o.orderId);
    expect(after).toMatchObject({ status: "refunded", refundedFen: after.totalFen });
    const evs = await db().select().from(orderEvents).where(eq(orderEvents.orderId, o.orderId));
    expect(evs.at(-1)).toMatchObject({
      event: "refund",
      toStatus: "refunded",
      cooperativeId: o.coopB.id,
    });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopB.id,
        amountFen: 1,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "not_refundable" });
  });

  it("ten refunds at once never add up to more than the part", async () => {
    const o = await paidTwoCoopOrder();
    const a = await part(o.orderId, o.coopA.id);
    const total = a.itemsFen + a.shippingFen;
    const each = Math.floor(total / 3);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        refundOrderPart({
          orderId: o.orderId,
          cooperativeId: o.coopA.id,
          amountFen: each,
          actor: "u",
          reason: "r",
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error === "too_much")).toHaveLength(7);
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({ refundedFen: 3 * each });
    expect(await order(o.orderId)).toMatchObject({ refundedFen: 3 * each });
    expect(await db().select().from(refunds).where(eq(refunds.status, "succeeded"))).toHaveLength(
      3,
    );
  });

  it("refunding every part at once, in pieces, ends refunded exactly once", async () => {
    const o = await paidTwoCoopOrder();
    const a = await part(o.orderId, o.coopA.id);
    const b = await part(o.orderId, o.coopB.id);
    const pieces = [
      { cooperativeId: o.coopA.id, amountFen: 1000 },
      { cooperativeId: o.coopA.id, amountFen: a.itemsFen + a.shippingFen - 1000 },
      { cooperativeId: o.coopB.id, amountFen: 500 },
      { cooperativeId: o.coopB.id, amountFen: b.itemsFen + b.shippingFen - 500 },
    ];
    const results = await Promise.all(
      pieces.map((p) => refundOrderPart({ orderId: o.orderId, ...p, actor: "u", reason: "r" })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const after = await order(o.orderId);
    expect(after).toMatchObject({ status: "refunded", refundedFen: after.totalFen });
    const evs = await db().select().from(orderEvents).where(eq(orderEvents.orderId, o.orderId));
    expect(
      evs.filter((e) => e.toStatus === "refunded" && e.fromStatus !== "refunded"),
    ).toHaveLength(1);
  });

  it("a refund the provider refuses is recorded as failed and gives the amount back", async () => {
    const o = await paidTwoCoopOrder();
    const simulated = createSimulatedProvider();
    setPaymentProviderForTests({
      ...simulated,
      refund: async () => ({ ok: false, message: "charge already disputed" }),
    });
    const r = await refundOrderPart({
      orderId: o.orderId,
      cooperativeId: o.coopA.id,
      amountFen: 500,
      actor: "u",
      reason: "r",
    });
    expect(r).toEqual({ ok: false, error: "provider", message: "charge already disputed" });
    expect(await part(o.orderId, o.coopA.id)).toMatchObject({ refundedFen: 0 });
    expect(await order(o.orderId)).toMatchObject({ status: "paid", refundedFen: 0 });
    expect((await db().select().from(refunds)).map((x) => x.status)).toEqual(["failed"]);
    expect(await events(o.orderId)).toContain("refund_failed");
  });

  it("refuses an unpaid order", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const pending = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    const [p] = await db().select().from(orderParts).where(eq(orderParts.orderId, pending.orderId));
    expect(
      await refundOrderPart({
        orderId: pending.orderId,
        cooperativeId: p!.cooperativeId,
        amountFen: 100,
        actor: "u",
        reason: "r",
      }),
    ).toMatchObject({ ok: false, error: "not_refundable" });
  });
});

describe("refundPayment (the refund_payment job)", () => {
  it("returns a late payment once, however often the job runs", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    await expireOrder({ orderId: o.orderId, now: new Date(Date.now() + 16 * 60_000) });
    await recordPaymentSucceeded({
      provider: "simulated",
      providerRef: o.payment.providerRef!,
      amountFen: o.payment.amountFen,
      actor: "simulated",
    });
    expect(await refundPayment({ paymentId: o.payment.id })).toEqual({ refunded: true });
    expect(await refundPayment({ paymentId: o.payment.id })).toEqual({ refunded: false });
    const rows = await db().select().from(refunds);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ amountFen: o.payment.amountFen, status: "succeeded" });
    expect(await order(o.orderId)).toMatchObject({
      status: "cancelled",
      refundedFen: o.payment.amountFen,
    });
    expect(await refundPayment({ paymentId: "pay_nope" })).toEqual({ refunded: false });
  });

  it("a provider refusal throws so the job retries, and the retry refunds once", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 5 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    await expireOrder({ orderId: o.orderId, now: new Date(Date.now() + 16 * 60_000) });
    await recordPaymentSucceeded({
      provider: "simulated",
      providerRef: o.payment.providerRef!,
      amountFen: o.payment.amountFen,
      actor: "simulated",
    });
    const keys: string[] = [];
    const simulated = createSimulatedProvider();
    setPaymentProviderForTests({
      ...simulated,
      refund: async (i) => (keys.push(i.idempotencyKey), { ok: false, message: "provider down" }),
    });
    await expect(refundPayment({ paymentId: o.payment.id })).rejects.toThrow(/provider down/);
    setPaymentProviderForTests({
      ...simulated,
      refund: async (i) => (keys.push(i.idempotencyKey), simulated.refund(i)),
    });
    expect(await refundPayment({ paymentId: o.payment.id })).toEqual({ refunded: true });
    expect(new Set(keys).size).toBe(1);
    expect(await db().select().from(refunds)).toHaveLength(1);
  });
});

describe("a cancelled part's parcels", () => {
  it("cannot be handed to the carrier: the stock is back on sale and the money refunded", async () => {
    const o = await paidTwoCoopOrder();
    expect(await createOrderShipments({ orderId: o.orderId })).toMatchObject({ created: 2 });
    const [parcelA] = await db()
      .select()
      .from(shipments)
      .where(and(eq(shipments.orderId, o.orderId), eq(shipments.cooperativeId, o.coopA.id)));
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: o.coopA.id,
        actor: "usr_owner",
        reason: "hail",
      }),
    ).toMatchObject({ ok: true });
    expect(
      await handOverToCarrier({ shipmentId: parcelA!.id, cooperativeIds: [o.coopA.id] }),
    ).toEqual({ ok: false, error: "not_found" });
    expect(
      (await db().select().from(shipments).where(eq(shipments.id, parcelA!.id)))[0]!.status,
    ).toBe("created");
    // The open part's parcel still can.
    const [parcelB] = await db()
      .select()
      .from(shipments)
      .where(and(eq(shipments.orderId, o.orderId), eq(shipments.cooperativeId, o.coopB.id)));
    expect(
      await handOverToCarrier({ shipmentId: parcelB!.id, cooperativeIds: [o.coopB.id] }),
    ).toMatchObject({ ok: true, stored: true });
  });
});

describe("cancel racing the handover of the same parcel", () => {
  it("one of them wins: never a cancelled (restocked, refunded) part whose parcel the carrier has", async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const o = await paidTwoCoopOrder();
      await createOrderShipments({ orderId: o.orderId });
      const [parcelA] = await db()
        .select()
        .from(shipments)
        .where(and(eq(shipments.orderId, o.orderId), eq(shipments.cooperativeId, o.coopA.id)));
      const [cancel, handover] = await Promise.all([
        cancelOrderPart({
          orderId: o.orderId,
          cooperativeId: o.coopA.id,
          actor: "usr_owner",
          reason: "race",
        }),
        handOverToCarrier({ shipmentId: parcelA!.id, cooperativeIds: [o.coopA.id] }),
      ]);
      const cancelled = (await part(o.orderId, o.coopA.id)).status === "cancelled";
      const left =
        (await db().select().from(shipments).where(eq(shipments.id, parcelA!.id)))[0]!.status !==
        "created";
      outcomes.add(
        `${cancel.ok ? "cancel" : cancel.error}/${handover.ok ? "handover" : handover.error}`,
      );
      expect(cancelled && left, `round ${i}: ${JSON.stringify({ cancel, handover })}`).toBe(false);
      expect(cancelled).toBe(cancel.ok);
      expect(left).toBe(handover.ok);
    }
    expect(
      [...outcomes].every((o) => o === "cancel/not_found" || o === "already_shipped/handover"),
    ).toBe(true);
  });
});

describe("the shopper's cancellation reason", () => {
  it("is the cooperative's reason, not the note of a late payment returned afterwards", async () => {
    const w = await createOrangesAndGrapes();
    const o = await submittedOrder({ lines: [{ variantId: w.oranges.variant.id, quantity: 1 }] });
    // A declined first attempt, a second one started, then both go through.
    await recordPaymentFailed({
      provider: "simulated",
      providerRef: o.payment.providerRef!,
      code: "card_declined",
      actor: "simulated",
    });
    expect(await startPayment({ orderId: o.orderId, origin: "http://shop.test" })).toMatchObject({
      ok: true,
    });
    const second = (await db().select().from(payments).where(eq(payments.orderId, o.orderId))).find(
      (p) => p.id !== o.payment.id,
    )!;
    expect(
      await recordPaymentSucceeded({
        provider: "simulated",
        providerRef: o.payment.providerRef!,
        amountFen: o.payment.amountFen,
        actor: "simulated",
      }),
    ).toMatchObject({ outcome: "paid" });
    expect(
      await cancelOrderPart({
        orderId: o.orderId,
        cooperativeId: w.coopA.id,
        actor: "usr_owner",
        reason: "hail damaged the harvest",
      }),
    ).toMatchObject({ ok: true });
    expect(
      await recordPaymentSucceeded({
        provider: "simulated",
        providerRef: second.providerRef!,
        amountFen: second.amountFen,
        actor: "simulated",
      }),
    ).toMatchObject({ outcome: "refunding" });
    expect(await refundPayment({ paymentId: second.id })).toEqual({ refunded: true });
    const shown = await getShopperOrder({ orderId: o.orderId, locale: "zh" });
    expect(shown!.status).toBe("cancelled");
    expect(cancelReason(shown!.events)).toBe("hail damaged the harvest");
  });
});
