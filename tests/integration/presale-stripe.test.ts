import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifications, payments } from "../../db/orders-schema";
import { shipments } from "../../db/shipping-schema";
import {
  orderStatus,
  paymentsOf,
  preorder,
  presaleRow,
  presaleWorld,
  type PresaleWorld,
} from "../factories/presale-world";
import {
  signedStripeEvent,
  startFakeStripe,
  type FakeMethodKind,
  type FakeStripe,
} from "../setup/fake-stripe";
import { withTestDatabase } from "../setup/test-db";
import { enqueueJob, runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { startPayment } from "~/orders/payment-flow.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { createStripeProvider, STRIPE_NETWORK_RETRIES } from "~/payments/stripe.server";
import { chargeBalance } from "~/presale/balance.server";
import { releaseHarvest } from "~/presale/release.server";
import { action } from "~/routes/webhooks.stripe";

/*
 * The presale path on Stripe: the real stripe SDK talks HTTP to the local fake (tests/setup/fake-stripe.ts),
 * the shopper's payments are Checkout Sessions completed at the fake, and their signed
 * checkout.session.completed events go through POST /webhooks/stripe.
 */

withTestDatabase();

const SECRET = "whsec_test_presale_0123456789";
let fake: FakeStripe;
// The webhook looks up the method a deposit saved with the account the environment configures.
const before = {
  key: env.STRIPE_SECRET_KEY,
  host: env.STRIPE_API_HOST,
  port: env.STRIPE_API_PORT,
  protocol: env.STRIPE_API_PROTOCOL,
  webhook: env.STRIPE_WEBHOOK_SECRET,
};
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
  env.STRIPE_WEBHOOK_SECRET = SECRET;
  env.STRIPE_SECRET_KEY = fake.secretKey;
  env.STRIPE_API_HOST = fake.host;
  env.STRIPE_API_PORT = fake.port;
  env.STRIPE_API_PROTOCOL = fake.protocol;
});
afterEach(async () => {
  setPaymentProviderForTests(undefined);
  env.STRIPE_WEBHOOK_SECRET = before.webhook;
  env.STRIPE_SECRET_KEY = before.key;
  env.STRIPE_API_HOST = before.host;
  env.STRIPE_API_PORT = before.port;
  env.STRIPE_API_PROTOCOL = before.protocol;
  await fake.close();
});

/** Runs every due job (allocation, balance charges, shipments, notifications) until none is left. */
async function drain(now?: Date) {
  for (let i = 0; i < 200; i++) {
    const r = await runDueJobs({ workerId: "test", limit: 50, now });
    if (r.ran === 0) return;
  }
  throw new Error("jobs never drained");
}

const release = (w: PresaleWorld, packs: number) =>
  releaseHarvest({
    cooperativeId: w.cooperativeId,
    offerId: w.offerId,
    harvestBatchId: w.batchId,
    packs,
    harvestedKg: packs * 5,
    actor: "owner@test",
  });

/** The shopper presses pay: the order's payment now, as a Checkout Session at the fake. */
async function startAtStripe(orderId: string) {
  const sessionsBefore = fake.requests.filter(isSessionCreate).length;
  const started = await startPayment({ orderId, origin: "http://store.test" });
  if (!started.ok) throw new Error(`startPayment refused: ${started.error} ${started.message}`);
  const creates = fake.requests.filter(isSessionCreate);
  expect(creates).toHaveLength(sessionsBefore + 1);
  const request = creates.at(-1)!;
  expect(request.status).toBe(200);
  const session = [...fake.sessions.values()].find((s) => s.url === started.redirectUrl)!;
  expect(session).toBeDefined();
  const [payment] = await db().select().from(payments).where(eq(payments.providerRef, session.id));
  return { session, request, payment: payment! };
}

const isSessionCreate = (r: FakeStripe["requests"][number]) =>
  r.method === "POST" && r.path === "/v1/checkout/sessions";
const intentCreates = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");

/** The shopper pays the session at Stripe with `method`; Stripe tells us with a signed event. */
async function payAtStripe(sessionId: string, method: FakeMethodKind) {
  const session = fake.completeSession(sessionId, method);
  const { body, signature } = signedStripeEvent({
    secret: SECRET,
    type: "checkout.session.completed",
    object: session,
  });
  const res = await action({
    request: new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
      body,
    }),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
  return { session, answer: (await res.json()) as Record<string, unknown> };
}

/** A pre-order of `quantity` packs whose deposit is paid at Stripe with `method`. */
async function depositAtStripe(w: PresaleWorld, method: FakeMethodKind, quantity = 1) {
  const orderId = await preorder(w, { quantity, card: null });
  const started = await startAtStripe(orderId);
  const paid = await payAtStripe(started.session.id, method);
  return { orderId, ...started, session: paid.session, answer: paid.answer };
}

const kindsFor = async (orderId: string) =>
  (await db().select().from(notifications).where(eq(notifications.orderId, orderId))).map(
    (n) => n.kind,
  );
const parcelsOf = (orderId: string) =>
  db().select().from(shipments).where(eq(shipments.orderId, orderId));

describe("presale on Stripe (real SDK, local fake)", () => {
  it("the deposit session saves the card for off-session use and asks only the deposit; its webhook stores the saved method", async () => {
    const w = await presaleWorld({ depositKind: "percent", depositValue: 20 });
    const orderId = await preorder(w, { quantity: 2, card: null });
    const p = await presaleRow(orderId);
    expect(p.depositFen).toBe(2 * 1_200);
    expect(p.balanceFen).toBeGreaterThan(0);

    const { session, request, payment } = await startAtStripe(orderId);
    expect(request.body).toMatchObject({
      mode: "payment",
      currency: "cny",
      customer_creation: "always",
      payment_method_options: { card: { setup_future_usage: "off_session" } },
      metadata: { orderId, purpose: "deposit", saveMethod: "off_session" },
    });
    // Saving is asked of the card alone, never of the whole intent (that would refuse Alipay).
    expect(request.body.payment_intent_data).not.toHaveProperty("setup_future_usage");
    expect(session.amount_total).toBe(p.depositFen);
    // One line for the deposit (the order's items and shipping would add up to the whole order).
    expect(request.body.line_items).toMatchObject([
      {
        quantity: "1",
        price_data: {
          currency: "cny",
          unit_amount: String(p.depositFen),
          product_data: { name: expect.stringMatching(/^定金 Deposit · .+ ×2$/) },
        },
      },
    ]);
    expect(payment).toMatchObject({
      purpose: "deposit",
      amountFen: p.depositFen,
      status: "pending",
      offSession: false,
    });

    const paid = await payAtStripe(session.id, "pm_card_visa");
    expect(paid.answer).toMatchObject({ outcome: "paid", changed: true });
    expect(await orderStatus(orderId)).toBe("deposit_paid");
    expect((await presaleRow(orderId)).state).toBe("waiting");
    const intent = fake.paymentIntents.get(paid.session.payment_intent!)!;
    expect(paid.session.customer).toMatch(/^cus_/);
    expect(await paymentsOf(orderId)).toMatchObject([
      {
        id: payment.id,
        purpose: "deposit",
        status: "succeeded",
        amountFen: p.depositFen,
        customerRef: paid.session.customer,
        methodRef: intent.payment_method,
        providerPaymentRef: intent.id,
      },
    ]);
    expect(intent.payment_method).toMatch(/^pm_/);
    expect(fake.paymentMethods.get(intent.payment_method!)!.customer).toBe(paid.session.customer);
    expect(await kindsFor(orderId)).toContain("presale_deposit");
  });

  it("at release the balance is one off-session PaymentIntent under the key balance:<orderId>; the order is paid and ships, and charging again makes none", async () => {
    const w = await presaleWorld({ depositKind: "percent", depositValue: 20 });
    const d = await depositAtStripe(w, "pm_card_visa", 2);
    const p = await presaleRow(d.orderId);
    const deposit = (await paymentsOf(d.orderId))[0]!;
    expect(intentCreates()).toHaveLength(0);

    expect(await release(w, 2)).toMatchObject({ ok: true });
    await drain();

    const calls = intentCreates();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      idempotencyKey: `balance:${d.orderId}`,
      status: 200,
      replayed: false,
      body: {
        amount: String(p.balanceFen),
        currency: "cny",
        customer: deposit.customerRef,
        payment_method: deposit.methodRef,
        off_session: "true",
        confirm: "true",
      },
    });
    const balances = [...fake.paymentIntents.values()].filter(
      (i) => i.metadata.orderId === d.orderId && i.id !== d.session.payment_intent,
    );
    expect(balances).toMatchObject([{ amount: p.balanceFen, status: "succeeded" }]);
    expect(p.depositFen + p.balanceFen).toBe(d.session.amount_total + balances[0]!.amount);

    expect(await orderStatus(d.orderId)).toMatch(/fulfilling|paid/);
    expect((await presaleRow(d.orderId)).state).toBe("paid");
    const pays = await paymentsOf(d.orderId);
    expect(pays.filter((x) => x.purpose === "balance")).toMatchObject([
      {
        status: "succeeded",
        offSession: true,
        amountFen: p.balanceFen,
        providerRef: balances[0]!.id,
        providerPaymentRef: balances[0]!.id,
      },
    ]);
    expect((await parcelsOf(d.orderId)).length).toBeGreaterThan(0);

    // The charge job once more (a second worker, a replayed queue): no second PaymentIntent.
    expect(await chargeBalance(d.orderId)).toBe("skipped");
    await enqueueJob({ kind: "presale_charge_balance", payload: { orderId: d.orderId } });
    await drain();
    expect(intentCreates()).toHaveLength(1);
    expect((await paymentsOf(d.orderId)).filter((x) => x.purpose === "balance")).toHaveLength(1);
  });

  it("a lost answer to the off-session charge: the retry under the same key is replayed, one PaymentIntent, paid once", async () => {
    const w = await presaleWorld();
    const d = await depositAtStripe(w, "pm_card_visa");
    const p = await presaleRow(d.orderId);
    // Stripe charges, then every answer to it (the SDK's own retries included) is lost on the way back.
    fake.dropResponses(3);
    expect(await release(w, 1)).toMatchObject({ ok: true });
    await drain();
    // The first try and the SDK's retries, all under one key: Stripe charged once.
    expect(intentCreates()).toHaveLength(1 + STRIPE_NETWORK_RETRIES);
    expect(intentCreates().filter((r) => !r.replayed)).toHaveLength(1);
    expect(await orderStatus(d.orderId)).toBe("deposit_paid");
    expect((await presaleRow(d.orderId)).state).toBe("allocated");

    // The job runs again later (a worker after the crash): same key, Stripe's first answer.
    expect(await chargeBalance(d.orderId)).toBe("paid");
    const calls = intentCreates();
    expect(calls.every((r) => r.idempotencyKey === `balance:${d.orderId}`)).toBe(true);
    expect(calls.filter((r) => !r.replayed)).toHaveLength(1);
    expect(calls.at(-1)).toMatchObject({ replayed: true, status: 200 });
    const balances = [...fake.paymentIntents.values()].filter(
      (i) => i.metadata.orderId === d.orderId && i.id !== d.session.payment_intent,
    );
    expect(balances).toMatchObject([{ amount: p.balanceFen, status: "succeeded" }]);
    expect(await orderStatus(d.orderId)).toMatch(/fulfilling|paid/);
    expect((await paymentsOf(d.orderId)).filter((x) => x.purpose === "balance")).toMatchObject([
      { status: "succeeded", providerRef: balances[0]!.id },
    ]);
    // The failed job's own retry, when it comes due, finds the order paid and calls nobody.
    await drain(new Date(Date.now() + 3_600_000));
    expect(intentCreates()).toHaveLength(2 + STRIPE_NETWORK_RETRIES);
    expect((await paymentsOf(d.orderId)).filter((x) => x.purpose === "balance")).toHaveLength(1);
  });

  it("a card that needs authentication: action needed with a pay link; the link opens an on-session session for the balance, and paying it ships", async () => {
    const w = await presaleWorld();
    const d = await depositAtStripe(w, "pm_card_authenticationRequired");
    const p = await presaleRow(d.orderId);
    expect(await release(w, 1)).toMatchObject({ ok: true });
    await drain();

    expect(intentCreates()).toMatchObject([
      { idempotencyKey: `balance:${d.orderId}`, status: 402, body: { off_session: "true" } },
    ]);
    expect(await orderStatus(d.orderId)).toBe("deposit_paid");
    const after = await presaleRow(d.orderId);
    expect(after.state).toBe("action_needed");
    expect(after.deadlineAt!.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    expect(await kindsFor(d.orderId)).toContain("presale_action_needed");
    const [link] = await db()
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.orderId, d.orderId), eq(notifications.kind, "presale_action_needed")),
      );
    expect(link!.body).toContain(`/orders/${d.orderId}`);
    expect((await paymentsOf(d.orderId)).find((x) => x.purpose === "balance")).toMatchObject({
      status: "failed",
      offSession: true,
      failureCode: "authentication_required",
    });

    // The shopper follows the link and pays with the shopper present.
    const { session, request, payment } = await startAtStripe(d.orderId);
    expect(session.amount_total).toBe(p.balanceFen);
    expect(request.body).toMatchObject({
      metadata: { orderId: d.orderId, purpose: "balance" },
      line_items: [
        {
          quantity: "1",
          price_data: {
            unit_amount: String(p.balanceFen),
            product_data: { name: expect.stringMatching(/^尾款 Balance · /) },
          },
        },
      ],
    });
    expect(request.body.line_items).toHaveLength(1);
    expect(request.body).not.toHaveProperty("customer_creation");
    expect(request.body).not.toHaveProperty("metadata.saveMethod");
    expect(request.body).not.toHaveProperty("payment_method_options.card.setup_future_usage");
    expect(payment).toMatchObject({
      purpose: "balance",
      offSession: false,
      amountFen: p.balanceFen,
    });
    // Still just the one off-session attempt.
    expect(intentCreates()).toHaveLength(1);

    const paid = await payAtStripe(session.id, "pm_card_visa");
    expect(paid.answer).toMatchObject({ outcome: "paid", changed: true });
    await drain();
    expect(await orderStatus(d.orderId)).toMatch(/fulfilling|paid/);
    expect((await presaleRow(d.orderId)).state).toBe("paid");
    expect((await paymentsOf(d.orderId)).find((x) => x.id === payment.id)).toMatchObject({
      status: "succeeded",
      providerPaymentRef: paid.session.payment_intent,
    });
    expect((await parcelsOf(d.orderId)).length).toBeGreaterThan(0);
    expect(intentCreates()).toHaveLength(1);
  });

  it("a deposit paid with Alipay saves nothing: the release sends a pay link and charges nothing off-session", async () => {
    const w = await presaleWorld();
    const d = await depositAtStripe(w, "alipay");
    const p = await presaleRow(d.orderId);
    expect(d.answer).not.toHaveProperty("saved");
    expect(await orderStatus(d.orderId)).toBe("deposit_paid");
    expect(await paymentsOf(d.orderId)).toMatchObject([
      { purpose: "deposit", status: "succeeded", customerRef: null, methodRef: null },
    ]);

    expect(await release(w, 1)).toMatchObject({ ok: true });
    await drain();
    expect(intentCreates()).toHaveLength(0);
    expect((await presaleRow(d.orderId)).state).toBe("action_needed");
    expect(await kindsFor(d.orderId)).toContain("presale_action_needed");
    expect((await paymentsOf(d.orderId)).filter((x) => x.purpose === "balance")).toHaveLength(0);

    // The pay link: the balance, paid with Alipay again.
    const { session } = await startAtStripe(d.orderId);
    expect(session.amount_total).toBe(p.balanceFen);
    await payAtStripe(session.id, "alipay");
    await drain();
    expect((await presaleRow(d.orderId)).state).toBe("paid");
    expect(await orderStatus(d.orderId)).toMatch(/fulfilling|paid/);
    expect(intentCreates()).toHaveLength(0);
  });

  it("a card that declines later: the release records the decline and sends a pay link", async () => {
    const w = await presaleWorld();
    const d = await depositAtStripe(w, "pm_card_chargeCustomerFail");
    expect(await release(w, 1)).toMatchObject({ ok: true });
    await drain();
    expect(intentCreates()).toMatchObject([
      { idempotencyKey: `balance:${d.orderId}`, status: 402 },
    ]);
    expect((await presaleRow(d.orderId)).state).toBe("action_needed");
    expect(await kindsFor(d.orderId)).toContain("presale_action_needed");
    expect((await paymentsOf(d.orderId)).find((x) => x.purpose === "balance")).toMatchObject({
      status: "failed",
      failureCode: "card_declined",
    });
    // The job again: the recorded answer stands, Stripe is not asked a second time.
    expect(await chargeBalance(d.orderId)).toBe("skipped");
    expect(intentCreates()).toHaveLength(1);
  });

  it("full price up front: the session is the whole order (items and shipping) and saves nothing; the release charges nothing", async () => {
    const w = await presaleWorld({ depositKind: "full" });
    const orderId = await preorder(w, { quantity: 2, card: null });
    const p = await presaleRow(orderId);
    expect(p.balanceFen).toBe(0);
    const { session, request } = await startAtStripe(orderId);
    expect(session.amount_total).toBe(p.depositFen);
    expect(request.body.line_items).toMatchObject([
      { quantity: "2", price_data: { unit_amount: "6000" } },
      { quantity: "1", price_data: { product_data: { name: "运费 Shipping" } } },
    ]);
    expect(request.body).not.toHaveProperty("customer_creation");
    expect(request.body).not.toHaveProperty("payment_method_options.card");
    await payAtStripe(session.id, "pm_card_visa");
    expect(await orderStatus(orderId)).toBe("deposit_paid");
    expect(await release(w, 2)).toMatchObject({ ok: true });
    await drain();
    expect((await presaleRow(orderId)).state).toBe("paid");
    expect(await orderStatus(orderId)).toMatch(/fulfilling|paid/);
    expect(intentCreates()).toHaveLength(0);
  });

  it("the pay link pressed again a moment later gets the same session; a day later, a new one that still pays", async () => {
    const w = await presaleWorld();
    const d = await depositAtStripe(w, "pm_card_authenticationRequired");
    const p = await presaleRow(d.orderId);
    await release(w, 1);
    await drain();
    expect((await presaleRow(d.orderId)).state).toBe("action_needed");
    // The provider's clock and the shopper's clicks, moved together.
    let clock = new Date();
    setPaymentProviderForTests(
      createStripeProvider({
        secretKey: fake.secretKey,
        host: fake.host,
        port: fake.port,
        protocol: fake.protocol,
        now: () => clock,
      }),
    );
    const click = async () => {
      const started = await startPayment({
        orderId: d.orderId,
        origin: "http://store.test",
        now: clock,
      });
      if (!started.ok) throw new Error(`pay link refused: ${started.error}`);
      return started.redirectUrl;
    };
    const first = await click();
    clock = new Date(clock.getTime() + 5_000);
    expect(await click()).toBe(first);
    const creates = fake.requests.filter(isSessionCreate).slice(1); // after the deposit's
    expect(creates.map((r) => [r.status, r.replayed])).toEqual([
      [200, false],
      [200, true],
    ]);
    const firstSession = [...fake.sessions.values()].find((s) => s.url === first)!;
    // Stripe keeps a session at most a day; the deadline is 48 hours.
    expect(firstSession.expires_at * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);

    clock = new Date(clock.getTime() + 25 * 3_600_000);
    const second = await click();
    expect(second).not.toBe(first);
    const secondSession = [...fake.sessions.values()].find((s) => s.url === second)!;
    expect(secondSession.amount_total).toBe(p.balanceFen);
    expect(firstSession.status).toBe("expired"); // the lapsing attempt is closed at Stripe
    expect(secondSession.expires_at * 1000).toBeGreaterThan(clock.getTime() + 30 * 60_000);
    const attempts = (await paymentsOf(d.orderId)).filter(
      (x) => x.purpose === "balance" && !x.offSession,
    );
    expect(attempts.map((a) => [a.providerRef, a.status]).sort()).toEqual(
      [
        [firstSession.id, "cancelled"],
        [secondSession.id, "pending"],
      ].sort(),
    );
    await payAtStripe(secondSession.id, "pm_card_visa");
    await drain();
    expect((await presaleRow(d.orderId)).state).toBe("paid");
    expect(await orderStatus(d.orderId)).toMatch(/fulfilling|paid/);
  });
});
