import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { notifications, payments } from "../../db/orders-schema";
import {
  orderStatus,
  paymentsOf,
  preorder,
  presaleRow,
  presaleWorld,
} from "../factories/presale-world";
import {
  signedStripeEvent,
  startFakeStripe,
  type FakeMethodKind,
  type FakeStripe,
} from "../setup/fake-stripe";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { startPayment } from "~/orders/payment-flow.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { createStripeProvider } from "~/payments/stripe.server";
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

const kindsFor = async (orderId: string) =>
  (await db().select().from(notifications).where(eq(notifications.orderId, orderId))).map(
    (n) => n.kind,
  );

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
});
