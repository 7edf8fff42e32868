import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifications, refunds } from "../../db/orders-schema";
import { countingProvider, type HoldCall, type RefundCall } from "../factories/counting-provider";
import {
  drainJobs,
  eventCount,
  groupbuyOrder,
  holdingChannel,
  holdsOf,
  jobsKeyed,
  levelsOf,
  orderOf,
  paymentsOf,
  removeHoldingChannel,
  type Heard,
} from "../factories/held-orders";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { setChannelPaymentsForTests } from "~/orders/channel-payments.server";
import { captureHeldPayment, voidHeldPayment } from "~/orders/held-payments.server";
import { getShopperOrder } from "~/orders/shopper-orders.server";
import { expireOrder, startPayment } from "~/orders/payment-flow.server";
import { announcePaymentOutcome } from "~/payments/outcomes.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { action, loader } from "~/routes/_store.pay.$paymentId";

/*
 * A held payment on the simulated provider (what a group-buy join pays with): the shopper pays on
 * /pay/:id, the order is payment_held with its stock still held; the channel then captures (less,
 * at the settled price) or voids, exactly once however often or however many at once it asks.
 */

withTestDatabase();

let heard: Heard[];
let holdCalls: HoldCall[];
let refundCalls: RefundCall[];
beforeEach(() => {
  heard = holdingChannel();
  const counting = countingProvider();
  holdCalls = counting.holdCalls;
  refundCalls = counting.refundCalls;
  setPaymentProviderForTests(counting.provider);
});
afterEach(() => {
  removeHoldingChannel();
  setPaymentProviderForTests(undefined);
});

const CARD = { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "王小明" };
const pay = (paymentId: string, form: Partial<typeof CARD> = {}) =>
  callRoute<Record<string, unknown>>(action, {
    method: "POST",
    url: `http://localhost/pay/${paymentId}`,
    params: { paymentId },
    form: { ...CARD, ...form },
  });
const payPage = (paymentId: string) =>
  callRoute<{ view: { state: string; purpose: string; amountFen: number } }>(loader, {
    url: `http://localhost/pay/${paymentId}`,
    params: { paymentId },
  });

const refundsOf = (orderId: string) =>
  db()
    .select({ id: refunds.id, amountFen: refunds.amountFen, status: refunds.status })
    .from(refunds)
    .where(eq(refunds.orderId, orderId));

/** A groupbuy order whose hold the shopper placed on the simulated page. */
async function heldOrder({ quantity = 2 }: { quantity?: number } = {}) {
  const o = await groupbuyOrder({ quantity });
  const started = await startPayment({ orderId: o.orderId, origin: "http://store.test" });
  if (!started.ok) throw new Error(`startPayment refused: ${started.message}`);
  const [payment] = await paymentsOf(o.orderId);
  expect(started.redirectUrl).toBe(`/pay/${payment!.id}`);
  const paid = await pay(payment!.id);
  expect(paid.status).toBe(302);
  expect(paid.headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
  const order = await orderOf(o.orderId);
  return { ...o, payment: payment!, totalFen: order.totalFen };
}

const captures = () => holdCalls.filter((c) => c.kind === "capture");
const voids = () => holdCalls.filter((c) => c.kind === "void");

describe("held payments (simulated provider)", () => {
  it("paying on the simulated page holds the payment: order payment_held, stock still held with no deadline, the channel told", async () => {
    const o = await groupbuyOrder({ quantity: 2 });
    const before = await levelsOf(o.variantId);
    const started = await startPayment({ orderId: o.orderId, origin: "http://store.test" });
    expect(started.ok).toBe(true);
    const [payment] = await paymentsOf(o.orderId);
    expect(payment).toMatchObject({ purpose: "authorization", status: "pending" });
    expect((await payPage(payment!.id)).data.view).toMatchObject({
      state: "payable",
      purpose: "authorization",
      amountFen: (await orderOf(o.orderId)).totalFen,
    });
    // A declined card is a failed attempt like any other; the order waits for another try.
    expect((await pay(payment!.id, { number: "4000 0000 0000 0002" })).status).toBe(422);
    expect((await orderOf(o.orderId)).status).toBe("pending_payment");

    expect((await pay(payment!.id)).status).toBe(302);
    const order = await orderOf(o.orderId);
    expect(order).toMatchObject({ status: "payment_held", reservedUntil: null, paidAt: null });
    expect(await paymentsOf(o.orderId)).toMatchObject([
      { id: payment!.id, status: "authorized", capturedFen: null, amountFen: order.totalFen },
    ]);
    expect(await holdsOf(o.orderId)).toEqual([{ status: "held", quantity: 2, expiresAt: null }]);
    expect(await levelsOf(o.variantId)).toEqual(before);
    expect(await eventCount(o.orderId, "payment_held")).toBe(1);
    expect(await eventCount(o.orderId, "paid")).toBe(0);
    expect(heard).toEqual([
      { hook: "paymentHeld", orderId: o.orderId, paymentId: payment!.id, held: true },
    ]);
    expect(await jobsKeyed(`create_shipments:${o.orderId}`)).toHaveLength(0);
    // Nothing more to pay; the expiry job finds nothing to expire.
    expect((await payPage(payment!.id)).data.view.state).toBe("already_paid");
    expect(
      await expireOrder({ orderId: o.orderId, now: new Date(Date.now() + 86_400_000) }),
    ).toEqual({ expired: false });
    expect(holdCalls).toHaveLength(0);
  });

  it("a second submit of the page, and the outcome announced again, change nothing", async () => {
    const o = await heldOrder();
    expect((await pay(o.payment.id)).headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
    const again = await announcePaymentOutcome("authorized", {
      provider: "simulated",
      providerRef: o.payment.providerRef!,
      amountFen: o.totalFen,
      held: true,
      actor: "simulated",
    });
    expect(again).toEqual({
      ok: true,
      orderId: o.orderId,
      changed: false,
      outcome: "already_held",
    });
    expect(await eventCount(o.orderId, "payment_held")).toBe(1);
    expect(heard).toHaveLength(1);
    expect((await paymentsOf(o.orderId))[0]!.status).toBe("authorized");
  });

  it("capture at less than held, run twice at once and again: one provider call under capture:<orderId>; paid with captured_fen, stock sold, shipments queued", async () => {
    const o = await heldOrder({ quantity: 2 });
    const amountFen = o.totalFen - 700;
    const actor = "job:groupbuy_settle";
    const both = await Promise.all([
      captureHeldPayment({ orderId: o.orderId, amountFen, actor }),
      captureHeldPayment({ orderId: o.orderId, amountFen, actor }),
    ]);
    expect(both).toContainEqual({
      status: "captured",
      paymentId: o.payment.id,
      capturedFen: amountFen,
      changed: true,
    });
    // The other waited on the order's lock and found the capture claimed or done.
    const other = both.find((r) => !("changed" in r) || !r.changed)!;
    expect(["in_progress", "captured"]).toContain(other.status);
    expect(await captureHeldPayment({ orderId: o.orderId, amountFen, actor })).toEqual({
      status: "captured",
      paymentId: o.payment.id,
      capturedFen: amountFen,
      changed: false,
    });

    expect(captures()).toEqual([
      {
        kind: "capture",
        providerRef: o.payment.providerRef,
        idempotencyKey: `capture:${o.orderId}`,
        amountFen,
        status: "captured",
      },
    ]);
    expect(voids()).toHaveLength(0);
    expect(await orderOf(o.orderId)).toMatchObject({ status: "paid" });
    expect(await paymentsOf(o.orderId)).toMatchObject([
      { status: "succeeded", capturedFen: amountFen, amountFen: o.totalFen },
    ]);
    expect(await levelsOf(o.variantId)).toMatchObject({ reserved: 0, sold: 2 });
    expect(await holdsOf(o.orderId)).toMatchObject([{ status: "confirmed", quantity: 2 }]);
    expect(await eventCount(o.orderId, "paid")).toBe(1);
    expect(await eventCount(o.orderId, "capture_requested")).toBe(1);
    expect(await jobsKeyed(`create_shipments:${o.orderId}`)).toHaveLength(1);
    // A hold captured is money taken once: nothing refunded, nothing voided.
    expect(await jobsKeyed(`refund_payment:${o.payment.id}:over`)).toHaveLength(0);
    // Voiding after the capture is refused and calls nobody.
    expect(await voidHeldPayment({ orderId: o.orderId, actor, note: "late" })).toEqual({
      status: "not_held",
      orderStatus: "paid",
    });
    expect(holdCalls).toHaveLength(1);
  });

  it("capture with shipments: false pays the order and queues no per-order shipment; a bad amount changes nothing", async () => {
    const o = await heldOrder();
    for (const amountFen of [0, -1, 1.5, o.totalFen + 1])
      expect(
        await captureHeldPayment({ orderId: o.orderId, amountFen, actor: "test" }),
      ).toMatchObject({ status: "invalid" });
    expect(await orderOf(o.orderId)).toMatchObject({ status: "payment_held" });
    expect(holdCalls).toHaveLength(0);
    expect(await eventCount(o.orderId, "capture_requested")).toBe(0);

    expect(
      await captureHeldPayment({
        orderId: o.orderId,
        amountFen: o.totalFen,
        actor: "test",
        shipments: false,
      }),
    ).toMatchObject({ status: "captured", changed: true, capturedFen: o.totalFen });
    expect(await orderOf(o.orderId)).toMatchObject({ status: "paid" });
    expect(await jobsKeyed(`create_shipments:${o.orderId}`)).toHaveLength(0);
    expect(await levelsOf(o.variantId)).toMatchObject({ reserved: 0, sold: 2 });
  });

  it("void, run twice at once and again: one provider call under void:<orderId>; order cancelled, stock back on sale, shopper told; capture afterwards calls nobody", async () => {
    const o = await heldOrder({ quantity: 3 });
    const before = await levelsOf(o.variantId);
    const actor = "job:groupbuy_settle";
    const note = "the group did not reach its minimum";
    const both = await Promise.all([
      voidHeldPayment({ orderId: o.orderId, actor, note }),
      voidHeldPayment({ orderId: o.orderId, actor, note }),
    ]);
    expect(both).toContainEqual({
      status: "voided",
      paymentId: o.payment.id,
      changed: true,
      refunded: false,
    });
    expect(await voidHeldPayment({ orderId: o.orderId, actor, note })).toEqual({
      status: "voided",
      paymentId: o.payment.id,
      changed: false,
      refunded: false,
    });
    expect(voids()).toEqual([
      {
        kind: "void",
        providerRef: o.payment.providerRef,
        idempotencyKey: `void:${o.orderId}`,
        status: "voided",
      },
    ]);
    expect(await orderOf(o.orderId)).toMatchObject({ status: "cancelled" });
    expect(await paymentsOf(o.orderId)).toMatchObject([{ status: "voided", capturedFen: null }]);
    expect(await holdsOf(o.orderId)).toMatchObject([{ status: "released", quantity: 3 }]);
    expect(await levelsOf(o.variantId)).toEqual({
      available: before.available + 3,
      reserved: before.reserved - 3,
      sold: 0,
    });
    expect(await eventCount(o.orderId, "cancelled")).toBe(1);
    const told = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.orderId, o.orderId), eq(notifications.kind, "order_cancelled")));
    expect(told).toHaveLength(1);
    // Nothing was taken, so nothing is refunded.
    expect(await jobsKeyed(`refund_payment:${o.payment.id}`)).toHaveLength(0);

    expect(await captureHeldPayment({ orderId: o.orderId, amountFen: o.totalFen, actor })).toEqual({
      status: "not_held",
      orderStatus: "cancelled",
    });
    expect(holdCalls).toHaveLength(1);
    expect((await payPage(o.payment.id)).data.view.state).toBe("cancelled");
    // The shopper sees the hold and the cancel, not the bookkeeping of the provider call.
    const page = await getShopperOrder({ orderId: o.orderId, locale: "en" });
    expect(page!.events.map((e) => e.event)).toEqual(["submitted", "payment_held", "cancelled"]);
  });

  it("an order not held (still pending, or unknown) is neither captured nor voided, and nobody is called", async () => {
    const o = await groupbuyOrder();
    expect(await captureHeldPayment({ orderId: o.orderId, amountFen: 100, actor: "test" })).toEqual(
      { status: "not_held", orderStatus: "pending_payment" },
    );
    expect(await voidHeldPayment({ orderId: o.orderId, actor: "test", note: "x" })).toEqual({
      status: "not_held",
      orderStatus: "pending_payment",
    });
    expect(
      await captureHeldPayment({ orderId: "ord_missing", amountFen: 100, actor: "test" }),
    ).toEqual({ status: "not_held", orderStatus: null });
    expect(holdCalls).toHaveLength(0);
  });

  it("a hold that arrives after the order expired is released by a void_payment job (key void:<paymentId>), once", async () => {
    const o = await groupbuyOrder();
    expect((await startPayment({ orderId: o.orderId, origin: "http://store.test" })).ok).toBe(true);
    const [payment] = await paymentsOf(o.orderId);
    expect(
      await expireOrder({ orderId: o.orderId, now: new Date(Date.now() + 3_600_000) }),
    ).toEqual({ expired: true });
    const late = {
      provider: "simulated" as const,
      providerRef: payment!.providerRef!,
      amountFen: payment!.amountFen,
      held: true,
      actor: "simulated",
    };
    expect(await announcePaymentOutcome("authorized", late)).toMatchObject({
      ok: true,
      changed: true,
      outcome: "released",
    });
    expect(await announcePaymentOutcome("authorized", late)).toMatchObject({ changed: false });
    expect(await orderOf(o.orderId)).toMatchObject({ status: "cancelled" });
    expect(heard).toHaveLength(0);
    await drainJobs();
    await drainJobs();
    expect(voids()).toEqual([
      {
        kind: "void",
        providerRef: payment!.providerRef,
        idempotencyKey: `void:${payment!.id}`,
        status: "voided",
      },
    ]);
    expect(await paymentsOf(o.orderId)).toMatchObject([{ status: "voided" }]);
    expect(await eventCount(o.orderId, "late_payment")).toBe(1);
    expect(await eventCount(o.orderId, "hold_released")).toBe(1);
  });
});

describe('capture "charge" (a deal longer than a card hold): taken at once, settled like a hold', () => {
  beforeEach(() => {
    heard = holdingChannel({ capture: "charge" });
  });

  it("paying on the simulated page takes the money (succeeded, captured_fen = all) and the order waits payment_held, the channel told held: false", async () => {
    const o = await groupbuyOrder({ quantity: 2 });
    const before = await levelsOf(o.variantId);
    expect((await startPayment({ orderId: o.orderId, origin: "http://store.test" })).ok).toBe(true);
    const [payment] = await paymentsOf(o.orderId);
    expect(payment).toMatchObject({
      purpose: "authorization",
      status: "pending",
      providerRef: `sim_charge_${payment!.id}`,
    });
    expect((await pay(payment!.id, { number: "4000 0000 0000 0002" })).status).toBe(422);
    expect((await orderOf(o.orderId)).status).toBe("pending_payment");

    const paid = await pay(payment!.id);
    expect(paid.headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
    const order = await orderOf(o.orderId);
    expect(order).toMatchObject({ status: "payment_held", reservedUntil: null, paidAt: null });
    expect(await paymentsOf(o.orderId)).toMatchObject([
      {
        id: payment!.id,
        status: "succeeded",
        amountFen: order.totalFen,
        capturedFen: order.totalFen,
      },
    ]);
    expect(await holdsOf(o.orderId)).toEqual([{ status: "held", quantity: 2, expiresAt: null }]);
    expect(await levelsOf(o.variantId)).toEqual(before);
    expect(heard).toEqual([
      { hook: "paymentHeld", orderId: o.orderId, paymentId: payment!.id, held: false },
    ]);
    expect(await eventCount(o.orderId, "paid")).toBe(0);
    expect(await jobsKeyed(`create_shipments:${o.orderId}`)).toHaveLength(0);
    expect((await payPage(payment!.id)).data.view.state).toBe("already_paid");
    // A second submit pays nothing more.
    expect((await pay(payment!.id)).headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
    expect(await eventCount(o.orderId, "payment_held")).toBe(1);
    expect(holdCalls).toHaveLength(0);
    expect(refundCalls).toHaveLength(0);
  });

  it("capture at less, twice and again: the order paid, the difference refunded once by a refund_payment job; the provider is asked to capture nothing", async () => {
    const o = await heldOrder({ quantity: 2 });
    expect(o.payment.providerRef).toBe(`sim_charge_${o.payment.id}`);
    const amountFen = o.totalFen - 700;
    const actor = "job:groupbuy_settle";
    const both = await Promise.all([
      captureHeldPayment({ orderId: o.orderId, amountFen, actor }),
      captureHeldPayment({ orderId: o.orderId, amountFen, actor }),
    ]);
    expect(both).toContainEqual({
      status: "captured",
      paymentId: o.payment.id,
      capturedFen: amountFen,
      changed: true,
    });
    expect(both).toContainEqual({
      status: "captured",
      paymentId: o.payment.id,
      capturedFen: amountFen,
      changed: false,
    });
    expect(await orderOf(o.orderId)).toMatchObject({ status: "paid" });
    expect(await paymentsOf(o.orderId)).toMatchObject([
      { status: "succeeded", capturedFen: amountFen, amountFen: o.totalFen },
    ]);
    expect(await jobsKeyed(`refund_payment:${o.payment.id}:over`)).toMatchObject([
      { payload: { paymentId: o.payment.id, overpaidFen: 700 } },
    ]);

    await drainJobs();
    expect(await captureHeldPayment({ orderId: o.orderId, amountFen, actor })).toMatchObject({
      status: "captured",
      changed: false,
    });
    await drainJobs();
    expect(refundCalls).toEqual([
      {
        providerRef: o.payment.providerRef,
        idempotencyKey: `rfd_${o.payment.id.replace(/^pay_/, "")}_over`,
        amountFen: 700,
        ok: true,
      },
    ]);
    expect(await refundsOf(o.orderId)).toEqual([
      { id: `rfd_${o.payment.id.replace(/^pay_/, "")}_over`, amountFen: 700, status: "succeeded" },
    ]);
    // What the order kept is its price, not a refund of it.
    expect(await orderOf(o.orderId)).toMatchObject({
      status: expect.stringMatching(/^(paid|fulfilling)$/),
      refundedFen: 0,
    });
    expect(await levelsOf(o.variantId)).toMatchObject({ reserved: 0, sold: 2 });
    expect(await eventCount(o.orderId, "paid")).toBe(1);
    expect(await eventCount(o.orderId, "capture_requested")).toBe(0);
    expect(holdCalls).toHaveLength(0);
  });

  it("capture of all of it refunds nothing", async () => {
    const o = await heldOrder();
    expect(
      await captureHeldPayment({ orderId: o.orderId, amountFen: o.totalFen, actor: "test" }),
    ).toMatchObject({ status: "captured", changed: true, capturedFen: o.totalFen });
    await drainJobs();
    expect(await jobsKeyed(`refund_payment:${o.payment.id}:over`)).toHaveLength(0);
    expect(refundCalls).toHaveLength(0);
    expect(await refundsOf(o.orderId)).toEqual([]);
    // Taken already: nothing is asked of the provider.
    expect(holdCalls).toHaveLength(0);
  });

  it("void, twice at once and again: the order cancelled, stock back, the whole payment refunded exactly once; capture afterwards changes nothing", async () => {
    const o = await heldOrder({ quantity: 3 });
    const before = await levelsOf(o.variantId);
    const actor = "job:groupbuy_settle";
    const note = "the group did not reach its minimum";
    const both = await Promise.all([
      voidHeldPayment({ orderId: o.orderId, actor, note }),
      voidHeldPayment({ orderId: o.orderId, actor, note }),
    ]);
    expect(both).toContainEqual({
      status: "voided",
      paymentId: o.payment.id,
      changed: true,
      refunded: true,
    });
    expect(both).toContainEqual({
      status: "voided",
      paymentId: o.payment.id,
      changed: false,
      refunded: true,
    });
    await drainJobs();
    expect(await voidHeldPayment({ orderId: o.orderId, actor, note })).toEqual({
      status: "voided",
      paymentId: o.payment.id,
      changed: false,
      refunded: true,
    });
    await drainJobs();

    const refundId = `rfd_${o.payment.id.replace(/^pay_/, "")}`;
    expect(refundCalls).toEqual([
      {
        providerRef: o.payment.providerRef,
        idempotencyKey: refundId,
        amountFen: o.totalFen,
        ok: true,
      },
    ]);
    expect(await refundsOf(o.orderId)).toEqual([
      { id: refundId, amountFen: o.totalFen, status: "succeeded" },
    ]);
    expect(await jobsKeyed(`refund_payment:${o.payment.id}`)).toHaveLength(1);
    expect(await orderOf(o.orderId)).toMatchObject({
      status: "cancelled",
      refundedFen: o.totalFen,
    });
    expect(await holdsOf(o.orderId)).toMatchObject([{ status: "released", quantity: 3 }]);
    expect(await levelsOf(o.variantId)).toEqual({
      available: before.available + 3,
      reserved: before.reserved - 3,
      sold: 0,
    });
    expect(await eventCount(o.orderId, "cancelled")).toBe(1);
    expect(await eventCount(o.orderId, "void_requested")).toBe(0);
    expect(holdCalls).toHaveLength(0);
    expect(await captureHeldPayment({ orderId: o.orderId, amountFen: o.totalFen, actor })).toEqual({
      status: "not_held",
      orderStatus: "cancelled",
    });
  });

  it("a channel that asks for a capture mode with another purpose is refused before any payment is recorded", async () => {
    setChannelPaymentsForTests("groupbuy", {
      async due(_tx, order) {
        return { amountFen: order.totalFen, purpose: "full", saveMethod: false, capture: "charge" };
      },
    });
    const o = await groupbuyOrder();
    await expect(startPayment({ orderId: o.orderId, origin: "http://store.test" })).rejects.toThrow(
      /purpose "full", not "authorization"/,
    );
    expect(await paymentsOf(o.orderId)).toEqual([]);
  });
});
