import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { payments, refunds } from "../../db/orders-schema";
import {
  drainJobs,
  eventCount,
  groupbuyOrder,
  holdingChannel,
  holdsOf,
  levelsOf,
  orderOf,
  paymentsOf,
  removeHoldingChannel,
  type Heard,
} from "../factories/held-orders";
import {
  signedStripeEvent,
  startFakeStripe,
  type FakeMethodKind,
  type FakeStripe,
} from "../setup/fake-stripe";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { captureHeldPayment, voidHeldPayment } from "~/orders/held-payments.server";
import { startPayment } from "~/orders/payment-flow.server";
import { setPaymentProviderForTests, type PaymentProvider } from "~/payments/provider.server";
import { createStripeProvider } from "~/payments/stripe.server";
import { action } from "~/routes/webhooks.stripe";

/*
 * Held payments on Stripe: the real stripe SDK over HTTP to the local fake (tests/setup/fake-stripe.ts).
 * A join's Checkout Session holds a card (payment_method_options.card.capture_method = manual) and
 * charges Alipay / WeChat Pay at once; capture (paymentIntents.capture with amount_to_capture) and
 * void (paymentIntents.cancel) go through the orders functions a group-buy settlement will call.
 */

withTestDatabase();

const SECRET = "whsec_test_holds_0123456789";
let fake: FakeStripe;
let provider: PaymentProvider;
let heard: Heard[];
// The webhook asks Stripe about a completed session's PaymentIntent with the environment's account.
const before = {
  key: env.STRIPE_SECRET_KEY,
  host: env.STRIPE_API_HOST,
  port: env.STRIPE_API_PORT,
  protocol: env.STRIPE_API_PROTOCOL,
  webhook: env.STRIPE_WEBHOOK_SECRET,
};
beforeEach(async () => {
  fake = await startFakeStripe();
  provider = createStripeProvider({
    secretKey: fake.secretKey,
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
    paymentMethods: ["card", "alipay", "wechat_pay"],
  });
  setPaymentProviderForTests(provider);
  heard = holdingChannel();
  env.STRIPE_WEBHOOK_SECRET = SECRET;
  env.STRIPE_SECRET_KEY = fake.secretKey;
  env.STRIPE_API_HOST = fake.host;
  env.STRIPE_API_PORT = fake.port;
  env.STRIPE_API_PROTOCOL = fake.protocol;
});
afterEach(async () => {
  removeHoldingChannel();
  setPaymentProviderForTests(undefined);
  env.STRIPE_WEBHOOK_SECRET = before.webhook;
  env.STRIPE_SECRET_KEY = before.key;
  env.STRIPE_API_HOST = before.host;
  env.STRIPE_API_PORT = before.port;
  env.STRIPE_API_PROTOCOL = before.protocol;
  await fake.close();
});

async function deliver(type: string, object: unknown, id?: string) {
  const { body, signature } = signedStripeEvent({ secret: SECRET, type, object, id });
  const res = await action({
    request: new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
      body,
    }),
    params: {},
    context: {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const sessionCreates = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
const intentCalls = (what: "capture" | "cancel") =>
  fake.requests.filter((r) => r.method === "POST" && r.path.endsWith(`/${what}`));
const refundCreates = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds");

/** A join paid at Stripe with `method`, its checkout.session.completed delivered. */
async function joinAtStripe(method: FakeMethodKind = "pm_card_visa", quantity = 2) {
  const o = await groupbuyOrder({ quantity });
  const started = await startPayment({ orderId: o.orderId, origin: "http://store.test" });
  if (!started.ok) throw new Error(`startPayment refused: ${started.message}`);
  const request = sessionCreates().at(-1)!;
  const session = [...fake.sessions.values()].find((s) => s.url === started.redirectUrl)!;
  const completed = fake.completeSession(session.id, method);
  const answer = await deliver("checkout.session.completed", completed);
  const [payment] = await paymentsOf(o.orderId);
  const intent = fake.paymentIntents.get(completed.payment_intent!)!;
  const totalFen = (await orderOf(o.orderId)).totalFen;
  return { ...o, request, session: completed, answer, payment: payment!, intent, totalFen };
}

describe("held payments on Stripe (real SDK, local fake)", () => {
  it("the join's session holds the card only (Alipay and WeChat Pay still offered); paid by card, the intent awaits capture and the order is payment_held; redelivery changes nothing", async () => {
    const j = await joinAtStripe("pm_card_visa");
    expect(j.request.status).toBe(200);
    expect(j.request.body).toMatchObject({
      mode: "payment",
      allowed_payment_method_types: ["wechat_pay", "alipay", "card"],
      payment_method_options: { card: { capture_method: "manual" }, wechat_pay: { client: "web" } },
      metadata: { orderId: j.orderId, purpose: "authorization", capture: "manual" },
    });
    // A session-wide manual capture would refuse (or hide) the methods that cannot be held.
    expect(j.request.body.payment_intent_data).not.toHaveProperty("capture_method");
    expect(j.session.payment_status).toBe("unpaid");
    expect(j.intent).toMatchObject({
      status: "requires_capture",
      amount_capturable: j.totalFen,
      amount_received: 0,
    });

    expect(j.answer).toEqual({
      status: 200,
      body: {
        received: true,
        orderId: j.orderId,
        outcome: "held",
        changed: true,
        held: true,
      },
    });
    expect(await orderOf(j.orderId)).toMatchObject({ status: "payment_held", reservedUntil: null });
    expect(j.payment).toMatchObject({
      purpose: "authorization",
      status: "authorized",
      providerRef: j.session.id,
      providerPaymentRef: j.intent.id,
      capturedFen: null,
    });
    expect(await holdsOf(j.orderId)).toEqual([{ status: "held", quantity: 2, expiresAt: null }]);
    expect(heard).toEqual([
      { hook: "paymentHeld", orderId: j.orderId, paymentId: j.payment.id, held: true },
    ]);

    // The same event again is a duplicate; a fresh event for the same session changes nothing.
    const { id } = signedStripeEvent({ secret: SECRET, type: "x", object: {} });
    expect((await deliver("checkout.session.completed", j.session, id)).body).toMatchObject({
      changed: false,
    });
    expect((await deliver("checkout.session.completed", j.session, id)).body).toEqual({
      received: true,
      duplicate: true,
    });
    expect(await eventCount(j.orderId, "payment_held")).toBe(1);
    expect(heard).toHaveLength(1);
    expect(intentCalls("capture")).toHaveLength(0);
  });

  it("capture at less, twice at once and again: one paymentIntents.capture (amount_to_capture, key capture:<orderId>); the rest released; the order paid with captured_fen", async () => {
    const j = await joinAtStripe("pm_card_visa", 3);
    const amountFen = j.totalFen - 1_000;
    const both = await Promise.all([
      captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" }),
      captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" }),
    ]);
    expect(both).toContainEqual({
      status: "captured",
      paymentId: j.payment.id,
      capturedFen: amountFen,
      changed: true,
    });
    expect(await captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" })).toEqual({
      status: "captured",
      paymentId: j.payment.id,
      capturedFen: amountFen,
      changed: false,
    });
    const calls = intentCalls("capture");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      path: `/v1/payment_intents/${j.intent.id}/capture`,
      idempotencyKey: `capture:${j.orderId}`,
      body: { amount_to_capture: String(amountFen) },
      status: 200,
      replayed: false,
    });
    expect(fake.paymentIntents.get(j.intent.id)).toMatchObject({
      status: "succeeded",
      amount_received: amountFen,
      amount_capturable: 0,
    });
    expect(await orderOf(j.orderId)).toMatchObject({ status: "paid", refundedFen: 0 });
    expect(await paymentsOf(j.orderId)).toMatchObject([
      { status: "succeeded", capturedFen: amountFen, amountFen: j.totalFen },
    ]);
    expect(await levelsOf(j.variantId)).toMatchObject({ reserved: 0, sold: 3 });
    expect(refundCreates()).toHaveLength(0);
  });

  it("the provider through the SDK: the same capture key answers the same (replayed, one effect); another key finds it captured; a void of a captured hold fails", async () => {
    const j = await joinAtStripe("pm_card_visa");
    const hold = {
      providerRef: j.session.id,
      providerPaymentRef: j.intent.id,
      idempotencyKey: "capture:test",
    };
    expect(await provider.capture({ ...hold, amountFen: 500 })).toEqual({
      status: "captured",
      capturedFen: 500,
    });
    expect(await provider.capture({ ...hold, amountFen: 500 })).toEqual({
      status: "captured",
      capturedFen: 500,
    });
    expect(intentCalls("capture").map((r) => r.replayed)).toEqual([false, true]);
    expect(await provider.capture({ ...hold, amountFen: 600, idempotencyKey: "other" })).toEqual({
      status: "already",
      capturedFen: 500,
    });
    expect(await provider.voidHold({ ...hold, idempotencyKey: "void:test" })).toMatchObject({
      status: "failed",
      message: expect.stringMatching(/status of succeeded/),
    });
    expect(fake.paymentIntents.get(j.intent.id)).toMatchObject({
      status: "succeeded",
      amount_received: 500,
    });
    // More than the hold is Stripe's refusal, an answer rather than a fault.
    const k = await joinAtStripe("pm_card_visa");
    expect(
      await provider.capture({
        providerRef: k.session.id,
        providerPaymentRef: k.intent.id,
        amountFen: k.totalFen + 1,
        idempotencyKey: "too-much",
      }),
    ).toMatchObject({ status: "failed" });
    expect(fake.paymentIntents.get(k.intent.id)!.status).toBe("requires_capture");
  });

  it("void, twice at once and again: one paymentIntents.cancel under void:<orderId>; order cancelled, stock back; Stripe's payment_intent.canceled afterwards changes nothing", async () => {
    const j = await joinAtStripe("pm_card_visa", 2);
    const stock = await levelsOf(j.variantId);
    const both = await Promise.all([
      voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
      voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
    ]);
    expect(both).toContainEqual({
      status: "voided",
      paymentId: j.payment.id,
      changed: true,
      refunded: false,
    });
    expect(await voidHeldPayment({ orderId: j.orderId, actor: "test", note: "again" })).toEqual({
      status: "voided",
      paymentId: j.payment.id,
      changed: false,
      refunded: false,
    });
    const calls = intentCalls("cancel");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      path: `/v1/payment_intents/${j.intent.id}/cancel`,
      idempotencyKey: `void:${j.orderId}`,
      status: 200,
    });
    const intent = fake.paymentIntents.get(j.intent.id)!;
    expect(intent.status).toBe("canceled");
    expect(await orderOf(j.orderId)).toMatchObject({ status: "cancelled" });
    expect(await paymentsOf(j.orderId)).toMatchObject([{ status: "voided" }]);
    expect(await levelsOf(j.variantId)).toEqual({
      available: stock.available + 2,
      reserved: stock.reserved - 2,
      sold: 0,
    });

    expect((await deliver("payment_intent.canceled", intent)).body).toEqual({
      received: true,
      changed: false,
    });
    expect(await eventCount(j.orderId, "cancelled")).toBe(1);
    expect(heard.filter((h) => h.hook === "holdLapsed")).toHaveLength(0);
    expect(refundCreates()).toHaveLength(0);
  });

  it("a hold that lapses at Stripe (payment_intent.canceled): order cancelled, stock back, the channel told; capture afterwards asks Stripe nothing", async () => {
    const j = await joinAtStripe("pm_card_visa", 2);
    const lapsed = fake.lapseHold(j.intent.id);
    expect((await deliver("payment_intent.canceled", lapsed)).body).toEqual({
      received: true,
      changed: true,
    });
    expect(await orderOf(j.orderId)).toMatchObject({ status: "cancelled" });
    expect(await paymentsOf(j.orderId)).toMatchObject([{ status: "voided" }]);
    expect(await holdsOf(j.orderId)).toMatchObject([{ status: "released", quantity: 2 }]);
    expect(heard.at(-1)).toEqual({
      hook: "holdLapsed",
      orderId: j.orderId,
      paymentId: j.payment.id,
    });
    expect(
      await captureHeldPayment({ orderId: j.orderId, amountFen: j.totalFen, actor: "test" }),
    ).toEqual({ status: "not_held", orderStatus: "cancelled" });
    expect(intentCalls("capture")).toHaveLength(0);
    // An intent that is none of ours is acknowledged and ignored.
    expect(
      (await deliver("payment_intent.canceled", { id: "pi_foreign", status: "canceled" })).body,
    ).toEqual({ received: true, changed: false, ignored: "unknown_intent" });
  });

  it("Alipay cannot be held: taken at once (held: false, captured_fen = all); capturing less refunds the difference through the refund path, never calls capture", async () => {
    const j = await joinAtStripe("alipay", 2);
    expect(j.session.payment_status).toBe("paid");
    expect(j.intent).toMatchObject({ status: "succeeded", amount_received: j.totalFen });
    expect(j.answer.body).toMatchObject({ outcome: "held", held: false, changed: true });
    expect(await orderOf(j.orderId)).toMatchObject({ status: "payment_held" });
    expect(j.payment).toMatchObject({ status: "succeeded", capturedFen: j.totalFen });
    expect(heard).toEqual([
      { hook: "paymentHeld", orderId: j.orderId, paymentId: j.payment.id, held: false },
    ]);

    const amountFen = j.totalFen - 1_200;
    expect(await captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" })).toEqual({
      status: "captured",
      paymentId: j.payment.id,
      capturedFen: amountFen,
      changed: true,
    });
    expect(
      await captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" }),
    ).toMatchObject({ changed: false });
    await drainJobs();
    await drainJobs();
    expect(intentCalls("capture")).toHaveLength(0);
    const calls = refundCreates();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      idempotencyKey: `rfd_${j.payment.id.replace(/^pay_/, "")}_over`,
      body: { payment_intent: j.intent.id, amount: "1200" },
      status: 200,
    });
    expect(await orderOf(j.orderId)).toMatchObject({
      status: expect.stringMatching(/paid|fulfilling/),
      refundedFen: 0,
    });
    expect(await paymentsOf(j.orderId)).toMatchObject([
      { status: "succeeded", capturedFen: amountFen },
    ]);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, j.orderId))).toMatchObject([
      { amountFen: 1_200, status: "succeeded" },
    ]);
    expect(await levelsOf(j.variantId)).toMatchObject({ reserved: 0, sold: 2 });
  });

  it("WeChat Pay taken at once, then voided: the order cancelled, stock back, the whole payment refunded once", async () => {
    const j = await joinAtStripe("wechat_pay", 1);
    expect(j.answer.body).toMatchObject({ held: false });
    expect(
      await voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
    ).toEqual({ status: "voided", paymentId: j.payment.id, changed: true, refunded: true });
    expect(
      await voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
    ).toMatchObject({ status: "voided", changed: false });
    await drainJobs();
    await drainJobs();
    expect(intentCalls("cancel")).toHaveLength(0);
    expect(refundCreates()).toMatchObject([
      { body: { payment_intent: j.intent.id, amount: String(j.totalFen) }, status: 200 },
    ]);
    expect(await orderOf(j.orderId)).toMatchObject({
      status: "cancelled",
      refundedFen: j.totalFen,
    });
    expect(await holdsOf(j.orderId)).toMatchObject([{ status: "released", quantity: 1 }]);
  });

  it("Stripe down during the capture: the call throws (the job retries), the retry captures once under the same key", async () => {
    const j = await joinAtStripe("pm_card_visa");
    fake.failRequests(3); // the first try and the SDK's two retries
    await expect(
      captureHeldPayment({ orderId: j.orderId, amountFen: j.totalFen, actor: "test" }),
    ).rejects.toThrow();
    expect(await orderOf(j.orderId)).toMatchObject({ status: "payment_held" });
    expect(await eventCount(j.orderId, "hold_call_failed")).toBe(1);
    expect(
      await captureHeldPayment({ orderId: j.orderId, amountFen: j.totalFen, actor: "test" }),
    ).toMatchObject({ status: "captured", changed: true });
    const calls = intentCalls("capture");
    expect(calls.map((c) => c.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(new Set([`capture:${j.orderId}`]));
    expect(
      (await db().select().from(payments).where(eq(payments.id, j.payment.id)))[0],
    ).toMatchObject({ status: "succeeded", capturedFen: j.totalFen });
  });
});

describe('capture "charge" on Stripe (a deal longer than a card hold)', () => {
  beforeEach(() => {
    heard = holdingChannel({ capture: "charge" });
  });

  it("the session holds no method (no card capture_method) and says capture charge; the card is charged at once and the completed session leaves the order payment_held, held: false; redelivery changes nothing", async () => {
    const j = await joinAtStripe("pm_card_visa", 2);
    expect(j.request.status).toBe(200);
    expect(j.request.body).toMatchObject({
      mode: "payment",
      allowed_payment_method_types: ["wechat_pay", "alipay", "card"],
      payment_method_options: { wechat_pay: { client: "web" } },
      metadata: { orderId: j.orderId, purpose: "authorization", capture: "charge" },
      payment_intent_data: { metadata: { capture: "charge" } },
    });
    expect(j.request.body.payment_method_options).not.toHaveProperty("card");
    expect(j.request.body.payment_intent_data).not.toHaveProperty("capture_method");
    expect(j.session.payment_status).toBe("paid");
    expect(j.intent).toMatchObject({
      status: "succeeded",
      capture_method: "automatic",
      amount_received: j.totalFen,
    });

    expect(j.answer).toEqual({
      status: 200,
      body: { received: true, orderId: j.orderId, outcome: "held", changed: true, held: false },
    });
    expect(await orderOf(j.orderId)).toMatchObject({ status: "payment_held", reservedUntil: null });
    expect(j.payment).toMatchObject({
      purpose: "authorization",
      status: "succeeded",
      providerRef: j.session.id,
      providerPaymentRef: j.intent.id,
      capturedFen: j.totalFen,
    });
    expect(await holdsOf(j.orderId)).toEqual([{ status: "held", quantity: 2, expiresAt: null }]);
    expect(heard).toEqual([
      { hook: "paymentHeld", orderId: j.orderId, paymentId: j.payment.id, held: false },
    ]);

    const { id } = signedStripeEvent({ secret: SECRET, type: "x", object: {} });
    expect((await deliver("checkout.session.completed", j.session, id)).body).toMatchObject({
      changed: false,
    });
    expect((await deliver("checkout.session.completed", j.session, id)).body).toEqual({
      received: true,
      duplicate: true,
    });
    expect(await eventCount(j.orderId, "payment_held")).toBe(1);
    expect(await eventCount(j.orderId, "paid")).toBe(0);
    expect(heard).toHaveLength(1);
  });

  it("capture at less: the order paid and the difference refunded once through the SDK (refunds.create, amount and key rfd_<payment>_over); paymentIntents.capture never called", async () => {
    const j = await joinAtStripe("pm_card_visa", 3);
    const amountFen = j.totalFen - 1_500;
    expect(await captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" })).toEqual({
      status: "captured",
      paymentId: j.payment.id,
      capturedFen: amountFen,
      changed: true,
    });
    expect(
      await captureHeldPayment({ orderId: j.orderId, amountFen, actor: "test" }),
    ).toMatchObject({ status: "captured", changed: false });
    await drainJobs();
    await drainJobs();

    expect(intentCalls("capture")).toHaveLength(0);
    const refundId = `rfd_${j.payment.id.replace(/^pay_/, "")}_over`;
    expect(refundCreates()).toMatchObject([
      {
        idempotencyKey: refundId,
        body: { payment_intent: j.intent.id, amount: "1500" },
        status: 200,
      },
    ]);
    expect(fake.paymentIntents.get(j.intent.id)).toMatchObject({
      status: "succeeded",
      amount_received: j.totalFen,
    });
    expect(await db().select().from(refunds).where(eq(refunds.orderId, j.orderId))).toMatchObject([
      { id: refundId, amountFen: 1_500, status: "succeeded" },
    ]);
    expect(await orderOf(j.orderId)).toMatchObject({
      status: expect.stringMatching(/^(paid|fulfilling)$/),
      refundedFen: 0,
    });
    expect(await paymentsOf(j.orderId)).toMatchObject([
      { status: "succeeded", capturedFen: amountFen, amountFen: j.totalFen },
    ]);
    expect(await levelsOf(j.variantId)).toMatchObject({ reserved: 0, sold: 3 });
  });

  it("void: the order cancelled, stock back, the whole charge refunded once; paymentIntents.cancel never called", async () => {
    const j = await joinAtStripe("pm_card_visa", 1);
    const both = await Promise.all([
      voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
      voidHeldPayment({ orderId: j.orderId, actor: "test", note: "group failed" }),
    ]);
    expect(both).toContainEqual({
      status: "voided",
      paymentId: j.payment.id,
      changed: true,
      refunded: true,
    });
    await drainJobs();
    await drainJobs();
    expect(intentCalls("cancel")).toHaveLength(0);
    expect(refundCreates()).toMatchObject([
      { body: { payment_intent: j.intent.id, amount: String(j.totalFen) }, status: 200 },
    ]);
    expect(await orderOf(j.orderId)).toMatchObject({
      status: "cancelled",
      refundedFen: j.totalFen,
    });
    expect(await holdsOf(j.orderId)).toMatchObject([{ status: "released", quantity: 1 }]);
  });
});
