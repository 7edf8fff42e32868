import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  jobs,
  orderEvents,
  orderParts,
  payments,
  refunds,
  webhookEvents,
} from "../../db/orders-schema";
import {
  startFakeStripe,
  signedStripeEvent,
  type FakeMethodKind,
  type FakeStripe,
} from "../setup/fake-stripe";
import { withTestDatabase } from "../setup/test-db";
import { orderAwaitingPayment, orderRow, paymentRow } from "./payments-world";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import { refundOrderPart, refundPayment } from "~/orders/cancel-refund.server";
import { recordPaymentFailed, startPayment } from "~/orders/payment-flow.server";
import { paymentProvider, setPaymentProviderForTests } from "~/payments/provider.server";
import { createStripeProvider } from "~/payments/stripe.server";
import { action, loader } from "~/routes/webhooks.stripe";

withTestDatabase();

const SECRET = "whsec_test_0123456789abcdef";
let fake: FakeStripe;
beforeEach(async () => {
  fake = await startFakeStripe();
  setPaymentProviderForTests(
    createStripeProvider({
      secretKey: fake.secretKey,
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
    }),
  );
  // env is parsed once at import; the webhook reads the secret from it on each request.
  env.STRIPE_WEBHOOK_SECRET = SECRET;
});
afterEach(async () => {
  setPaymentProviderForTests(undefined);
  env.STRIPE_WEBHOOK_SECRET = undefined;
  await fake.close();
});

async function deliver({ body, signature }: { body: string; signature: string | null }) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (signature !== null) headers.set("Stripe-Signature", signature);
  const res = await action({
    request: new Request("http://localhost/webhooks/stripe", { method: "POST", headers, body }),
    params: {},
    context: {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const send = (
  type: string,
  object: unknown,
  extra: { id?: string; timestamp?: number; secret?: string } = {},
) =>
  deliver(
    signedStripeEvent({
      secret: extra.secret ?? SECRET,
      type,
      object,
      id: extra.id,
      timestamp: extra.timestamp,
    }),
  );

/** A Stripe order whose shopper paid at (fake) Stripe: the session as Stripe would send it. */
async function paidAtStripe() {
  const o = await orderAwaitingPayment();
  const session = fake.completeSession(o.payment.providerRef!);
  return { ...o, session };
}

const storedEvents = async () => db().select().from(webhookEvents);
const eventsOf = async (orderId: string, event: string) =>
  db()
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, event)));
const shipmentJobs = async (orderId: string) =>
  (await db().select().from(jobs).where(eq(jobs.kind, "create_shipments"))).filter(
    (j) => (j.payload as { orderId?: string }).orderId === orderId,
  );

describe("POST /webhooks/stripe", () => {
  it("checkout goes to a real Stripe session (fake server) and its completed event pays the order once, even delivered 3 times", async () => {
    const o = await paidAtStripe();
    expect(o.redirectUrl).toBe(fake.sessions.get(o.session.id)!.url);
    expect(o.session.amount_total).toBe(o.payment.amountFen);
    const delivery = signedStripeEvent({
      secret: SECRET,
      type: "checkout.session.completed",
      object: o.session,
    });
    const answers = [await deliver(delivery), await deliver(delivery), await deliver(delivery)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.body).toMatchObject({ received: true, outcome: "paid", changed: true });
    expect(answers[1]!.body).toEqual({ received: true, duplicate: true });
    expect(await storedEvents()).toHaveLength(1);
    expect((await orderRow(o.orderId)).status).toBe("paid");
    const payment = await paymentRow(o.payment.id);
    expect(payment).toMatchObject({
      status: "succeeded",
      providerPaymentRef: o.session.payment_intent,
    });
    expect(await eventsOf(o.orderId, "paid")).toHaveLength(1);
    expect(await shipmentJobs(o.orderId)).toHaveLength(1);
  });

  it("the same payment told by two different events (completed, then a redelivery under a new id) is paid once", async () => {
    const o = await paidAtStripe();
    await send("checkout.session.completed", o.session);
    const second = await send("checkout.session.completed", o.session);
    expect(second.body).toMatchObject({ outcome: "already_paid", changed: false });
    expect(await eventsOf(o.orderId, "paid")).toHaveLength(1);
    expect(await shipmentJobs(o.orderId)).toHaveLength(1);
  });

  it("a bad signature is 400 and nothing is stored", async () => {
    const o = await paidAtStripe();
    const good = signedStripeEvent({
      secret: SECRET,
      type: "checkout.session.completed",
      object: o.session,
    });
    const forged = signedStripeEvent({
      secret: "whsec_someone_else_entirely",
      type: "checkout.session.completed",
      object: o.session,
    });
    const tampered = {
      body: good.body.replace(`"amount_total": ${o.session.amount_total}`, `"amount_total": 1`),
      signature: good.signature,
    };
    for (const attempt of [
      forged,
      tampered,
      { body: good.body, signature: null },
      { body: good.body, signature: "t=1,v1=abc" },
    ]) {
      const answer = await deliver(attempt);
      expect(answer).toMatchObject({ status: 400, body: { error: "bad_signature" } });
    }
    expect(await storedEvents()).toHaveLength(0);
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
  });

  it("a signature older than the 5-minute tolerance is 400 (a replayed capture); a 4-minute one is fine", async () => {
    const o = await paidAtStripe();
    const now = Math.floor(Date.now() / 1000);
    const stale = await send("checkout.session.completed", o.session, { timestamp: now - 6 * 60 });
    expect(stale).toMatchObject({ status: 400, body: { error: "bad_signature" } });
    expect(await storedEvents()).toHaveLength(0);
    const recent = await send("checkout.session.completed", o.session, { timestamp: now - 4 * 60 });
    expect(recent.status).toBe(200);
  });

  it("expired after completed (out of order) leaves the order paid and the payment succeeded", async () => {
    const o = await paidAtStripe();
    await send("checkout.session.completed", o.session);
    const late = await send("checkout.session.expired", {
      ...o.session,
      status: "expired",
      payment_status: "unpaid",
    });
    expect(late.status).toBe(200);
    expect((await orderRow(o.orderId)).status).toBe("paid");
    expect((await paymentRow(o.payment.id)).status).toBe("succeeded");
    expect(await eventsOf(o.orderId, "payment_failed")).toHaveLength(0);
    expect(await storedEvents()).toHaveLength(2);
  });

  it("expired for an unpaid session marks the attempt failed; the order stays payable until its hold lapses", async () => {
    const o = await orderAwaitingPayment();
    const session = fake.sessions.get(o.payment.providerRef!)!;
    const answer = await send("checkout.session.expired", { ...session, status: "expired" });
    expect(answer.status).toBe(200);
    expect((await paymentRow(o.payment.id)).status).toBe("failed");
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
  });

  it("a completed-but-unpaid session (Alipay, WeChat Pay) waits; async success pays; async failure would not", async () => {
    const o = await orderAwaitingPayment();
    const session = fake.sessions.get(o.payment.providerRef!)!;
    const waiting = await send("checkout.session.completed", {
      ...session,
      status: "complete",
      payment_status: "unpaid",
    });
    expect(waiting.body).toEqual({ received: true, waiting: true });
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
    const paid = fake.completeSession(session.id);
    const succeeded = await send("checkout.session.async_payment_succeeded", paid);
    expect(succeeded.body).toMatchObject({ outcome: "paid" });
    expect((await orderRow(o.orderId)).status).toBe("paid");
    const failedLate = await send("checkout.session.async_payment_failed", paid);
    expect(failedLate.status).toBe(200);
    expect((await paymentRow(o.payment.id)).status).toBe("succeeded");
  });

  it("async failure marks the payment failed with its code and keeps the order pending", async () => {
    const o = await orderAwaitingPayment();
    const session = fake.sessions.get(o.payment.providerRef!)!;
    await send("checkout.session.async_payment_failed", {
      ...session,
      status: "complete",
      payment_status: "unpaid",
    });
    expect(await paymentRow(o.payment.id)).toMatchObject({
      status: "failed",
      failureCode: "async_payment_failed",
    });
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
  });

  it("an event type we do not handle is acknowledged (200) so Stripe stops sending it", async () => {
    const answer = await send("customer.created", { id: "cus_1", object: "customer" });
    expect(answer).toEqual({ status: 200, body: { received: true, ignored: "customer.created" } });
  });

  it("a session of ours that we cannot find is 404 and stores nothing, so Stripe retries; a foreign session is acknowledged", async () => {
    const o = await paidAtStripe();
    const ours = await send("checkout.session.completed", {
      ...o.session,
      id: "cs_test_unknown",
      metadata: { paymentId: "pay_gone", orderId: "ord_gone" },
    });
    expect(ours).toMatchObject({ status: 404, body: { error: "unknown_payment" } });
    expect(await storedEvents()).toHaveLength(0);
    const foreign = await send("checkout.session.completed", {
      ...o.session,
      id: "cs_test_other_app",
      metadata: {},
    });
    expect(foreign).toMatchObject({ status: 200, body: { ignored: "foreign_session" } });
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
  });

  it("a paid amount that differs from the payment is 422, the order stays unpaid and the event is not stored", async () => {
    const o = await paidAtStripe();
    const answer = await send("checkout.session.completed", {
      ...o.session,
      amount_total: o.session.amount_total - 1,
    });
    expect(answer).toMatchObject({ status: 422, body: { error: "amount_mismatch" } });
    const wrongCurrency = await send("checkout.session.completed", {
      ...o.session,
      currency: "usd",
    });
    expect(wrongCurrency.status).toBe(422);
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
    expect(await storedEvents()).toHaveLength(0);
  });

  it("a session object that is not one is 400", async () => {
    const answer = await send("checkout.session.completed", { id: 42 });
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_payload" } });
  });

  it("a correctly signed body that is no event (null, no data.object) or has a NUL in an id is 400 and stores nothing", async () => {
    const signedRaw = (body: string) =>
      deliver({
        body,
        signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }),
      });
    const bodies = [
      "null",
      JSON.stringify({ id: "evt_no_data", type: "checkout.session.completed" }),
      JSON.stringify({ id: "evt_null_data", type: "charge.refunded", data: null }),
      JSON.stringify({ id: "evt_refund_no_data", type: "refund.updated" }),
      JSON.stringify({
        id: "evt_\u0000",
        type: "checkout.session.completed",
        data: { object: {} },
      }),
    ];
    for (const body of bodies)
      expect(await signedRaw(body), body).toMatchObject({
        status: 400,
        body: { error: "invalid_payload" },
      });
    const nulSession = await send("checkout.session.expired", {
      id: "cs_\u0000",
      payment_status: "unpaid",
      amount_total: 100,
      currency: "cny",
    });
    expect(nulSession).toMatchObject({ status: 400, body: { error: "invalid_payload" } });
    const nulRefund = await send("refund.updated", {
      id: "re_\u0000",
      object: "refund",
      status: "succeeded",
    });
    expect(nulRefund).toEqual({ status: 200, body: { received: true, refundsUpdated: 0 } });
    expect(await storedEvents()).toHaveLength(1);
  });

  it("refund events settle our refund row by its Stripe id, never back to pending", async () => {
    const o = await paidAtStripe();
    await send("checkout.session.completed", o.session);
    const refundId = newId("rf");
    await db().insert(refunds).values({
      id: refundId,
      orderId: o.orderId,
      amountFen: 500,
      provider: "stripe",
      providerRef: "re_test_1",
      status: "pending",
      actor: "test",
    });
    const settled = await send("refund.updated", {
      id: "re_test_1",
      object: "refund",
      status: "succeeded",
    });
    expect(settled.body).toEqual({ received: true, refundsUpdated: 1 });
    await send("refund.updated", { id: "re_test_1", object: "refund", status: "pending" });
    expect((await db().select().from(refunds).where(eq(refunds.id, refundId)))[0]!.status).toBe(
      "succeeded",
    );
    await send("charge.refunded", {
      id: "ch_1",
      object: "charge",
      refunds: { object: "list", data: [{ id: "re_test_1", status: "failed" }] },
    });
    expect((await db().select().from(refunds).where(eq(refunds.id, refundId)))[0]!.status).toBe(
      "failed",
    );
    const unknown = await send("refund.updated", {
      id: "re_dashboard",
      object: "refund",
      status: "succeeded",
    });
    expect(unknown).toEqual({ status: 200, body: { received: true, refundsUpdated: 0 } });
  });

  it("a refund Stripe later reports failed gives its amount back to the part and the order (refundable again), once", async () => {
    const o = await paidAtStripe();
    await send("checkout.session.completed", o.session);
    const coopId = o.world.coopA.id;
    const refunded = await refundOrderPart({
      orderId: o.orderId,
      cooperativeId: coopId,
      amountFen: 300,
      actor: "owner",
      reason: "bruised",
    });
    expect(refunded).toMatchObject({ ok: true });
    const [row] = await db().select().from(refunds).where(eq(refunds.orderId, o.orderId));
    expect(row).toMatchObject({ status: "succeeded", amountFen: 300 });
    expect((await orderRow(o.orderId)).refundedFen).toBe(300);
    const failed = { id: row!.providerRef, object: "refund", status: "failed" };
    await send("refund.failed", failed);
    await send("refund.failed", failed);
    await send("refund.updated", { ...failed, status: "succeeded" });
    expect((await db().select().from(refunds).where(eq(refunds.id, row!.id)))[0]!.status).toBe(
      "failed",
    );
    expect((await orderRow(o.orderId)).refundedFen).toBe(0);
    const [part] = await db()
      .select()
      .from(orderParts)
      .where(and(eq(orderParts.orderId, o.orderId), eq(orderParts.cooperativeId, coopId)));
    expect(part!.refundedFen).toBe(0);
    expect(await eventsOf(o.orderId, "refund_failed")).toHaveLength(1);
  });

  it("after a second attempt also paid (refunded by the job), an owner's refund draws on the payment that paid the order", async () => {
    const o = await orderAwaitingPayment();
    // The first attempt is declined; the shopper starts another, then both go through.
    await recordPaymentFailed({
      provider: "stripe",
      providerRef: o.payment.providerRef!,
      code: "card_declined",
      actor: "stripe",
    });
    expect(await startPayment({ orderId: o.orderId, origin: "http://store.test" })).toMatchObject({
      ok: true,
    });
    const second = (await db().select().from(payments).where(eq(payments.orderId, o.orderId))).find(
      (p) => p.id !== o.payment.id,
    )!;
    const s1 = fake.completeSession(o.payment.providerRef!);
    const s2 = fake.completeSession(second.providerRef!);
    expect(await send("checkout.session.completed", s1)).toMatchObject({
      body: { outcome: "paid" },
    });
    expect(await send("checkout.session.completed", s2)).toMatchObject({
      body: { outcome: "refunding" },
    });
    expect(
      await refundOrderPart({
        orderId: o.orderId,
        cooperativeId: o.world.coopA.id,
        amountFen: 300,
        actor: "owner",
        reason: "bruised",
      }),
    ).toMatchObject({ ok: true });
    // The job gives the whole second payment back: possible only if the owner's refund did not take from it.
    expect(await refundPayment({ paymentId: second.id })).toEqual({ refunded: true });
    const byIntent = (pi: unknown) =>
      [...fake.refunds.values()].filter((r) => r.payment_intent === pi).map((r) => r.amount);
    expect(byIntent(s1.payment_intent)).toEqual([300]);
    expect(byIntent(s2.payment_intent)).toEqual([second.amountFen]);
  });

  it("GET is 405; without STRIPE_WEBHOOK_SECRET a delivery is 503 and stores nothing", async () => {
    const get = await loader();
    expect(get.status).toBe(405);
    const put = await action({
      request: new Request("http://localhost/webhooks/stripe", { method: "PUT", body: "{}" }),
      params: {},
      context: {},
    });
    expect(put.status).toBe(405);
    const o = await paidAtStripe();
    env.STRIPE_WEBHOOK_SECRET = undefined;
    const answer = await send("checkout.session.completed", o.session);
    expect(answer.status).toBe(503);
    expect(await storedEvents()).toHaveLength(0);
  });
});

describe("POST /webhooks/stripe: a deposit session that saved the card", () => {
  // The webhook looks the saved method up at Stripe with the account the environment configures.
  const saved = {
    key: env.STRIPE_SECRET_KEY,
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  };
  beforeEach(() => {
    env.STRIPE_SECRET_KEY = fake.secretKey;
    env.STRIPE_API_HOST = fake.host;
    env.STRIPE_API_PORT = fake.port;
    env.STRIPE_API_PROTOCOL = fake.protocol;
  });
  afterEach(() => {
    env.STRIPE_SECRET_KEY = saved.key;
    env.STRIPE_API_HOST = saved.host;
    env.STRIPE_API_PORT = saved.port;
    env.STRIPE_API_PROTOCOL = saved.protocol;
  });

  /**
   * A payment whose session saves the method, paid at (fake) Stripe with `method`. The orders side
   * does not start deposit payments yet, so the test asks the provider itself, as it will.
   */
  async function depositPaidAtStripe(method: FakeMethodKind = "pm_card_visa") {
    const o = await orderAwaitingPayment();
    const created = await paymentProvider().createPayment({
      paymentId: o.payment.id,
      orderId: o.orderId,
      orderCode: o.code,
      amountFen: o.payment.amountFen,
      lines: [{ name: "定金 Deposit", quantity: 1, unitFen: o.payment.amountFen }],
      shippingFen: 0,
      successUrl: "http://store.test/ok",
      cancelUrl: "http://store.test/no",
      expiresAt: new Date(Date.now() + 15 * 60_000),
      idempotencyKey: `deposit:${o.payment.id}`,
      purpose: "deposit",
      saveMethod: true,
    });
    await db()
      .update(payments)
      .set({ providerRef: created.providerRef, purpose: "deposit" })
      .where(eq(payments.id, o.payment.id));
    const session = fake.completeSession(created.providerRef, method);
    return { ...o, session };
  }
  const lookups = () => fake.requests.filter((r) => r.path.startsWith("/v1/payment_intents/"));

  it("checkout.session.completed reports the saved customer and card (looked up on the PaymentIntent) and pays", async () => {
    const o = await depositPaidAtStripe();
    const intent = fake.paymentIntents.get(o.session.payment_intent!)!;
    const answer = await send("checkout.session.completed", o.session);
    expect(answer).toEqual({
      status: 200,
      body: {
        received: true,
        orderId: o.orderId,
        outcome: "paid",
        changed: true,
        saved: { customerRef: o.session.customer, methodRef: intent.payment_method },
      },
    });
    expect(o.session.customer).toMatch(/^cus_/);
    expect(lookups().map((r) => [r.method, r.body.expand])).toEqual([["GET", ["payment_method"]]]);
    expect(await paymentRow(o.payment.id)).toMatchObject({
      status: "succeeded",
      customerRef: o.session.customer,
      methodRef: intent.payment_method,
    });
    // What it saved can be charged later, off-session.
    const later = await paymentProvider().chargeSaved({
      paymentId: "pay_balance",
      orderId: o.orderId,
      customerRef: o.session.customer!,
      methodRef: intent.payment_method!,
      amountFen: 500,
      idempotencyKey: "balance:1",
      description: "balance",
    });
    expect(later.status).toBe("succeeded");
  });

  it("a deposit paid with Alipay saves nothing and still pays", async () => {
    const o = await depositPaidAtStripe("alipay");
    const answer = await send("checkout.session.completed", o.session);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: "paid", changed: true });
    expect(answer.body).not.toHaveProperty("saved");
    expect((await orderRow(o.orderId)).status).toBe("deposit_paid");
    expect(await paymentRow(o.payment.id)).toMatchObject({ customerRef: null, methodRef: null });
  });

  it("a session that did not ask to save makes no lookup", async () => {
    const o = await paidAtStripe();
    const answer = await send("checkout.session.completed", o.session);
    expect(answer.body).toMatchObject({ outcome: "paid" });
    expect(answer.body).not.toHaveProperty("saved");
    expect(lookups()).toHaveLength(0);
  });

  it("Stripe down during the lookup: 503, nothing recorded, and the redelivery pays with the saved card", async () => {
    const o = await depositPaidAtStripe();
    const delivery = signedStripeEvent({
      secret: SECRET,
      type: "checkout.session.completed",
      object: o.session,
    });
    fake.failRequests(3);
    const first = await deliver(delivery);
    expect(first).toMatchObject({ status: 503, body: { error: "stripe_unavailable" } });
    expect(await storedEvents()).toHaveLength(0);
    expect((await orderRow(o.orderId)).status).toBe("pending_payment");
    const again = await deliver(delivery);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      outcome: "paid",
      saved: { customerRef: o.session.customer },
    });
    expect(await storedEvents()).toHaveLength(1);
  });
});
