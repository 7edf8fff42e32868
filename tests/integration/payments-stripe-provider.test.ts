import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "../setup/fake-stripe";
import type { CreatePaymentInput } from "~/payments/provider.server";
import {
  checkoutSessionParams,
  createStripeProvider,
  stripeClient,
} from "~/payments/stripe.server";

// The real stripe SDK over HTTP against tests/setup/fake-stripe.ts; no database involved.
let fake: FakeStripe;
beforeEach(async () => {
  fake = await startFakeStripe();
});
afterEach(async () => {
  await fake.close();
});

const provider = (extra: Partial<Parameters<typeof createStripeProvider>[0]> = {}) =>
  createStripeProvider({
    secretKey: fake.secretKey,
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
    ...extra,
  });

function input(overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  return {
    paymentId: "pay_one",
    orderId: "ord_one",
    orderCode: "HX7K2M9P",
    amountFen: 2 * 3980 + 5990 + 1800,
    lines: [
      { name: "赣南脐橙 5kg", quantity: 2, unitFen: 3980 },
      { name: "阳光玫瑰葡萄 2kg", quantity: 1, unitFen: 5990 },
    ],
    shippingFen: 1800,
    email: "shopper@example.com",
    successUrl: "http://store.test/orders/ord_one?paid=1",
    cancelUrl: "http://store.test/orders/ord_one",
    expiresAt: new Date(Date.now() + 15 * 60_000),
    idempotencyKey: "create-payment:pay_one",
    ...overrides,
  };
}

describe("Stripe provider: Checkout Session", () => {
  it("creates a CNY session in fen with lines, shipping, metadata, email, urls and the idempotency key", async () => {
    const result = await provider().createPayment(input());
    const session = fake.sessions.get(result.providerRef)!;
    expect(result.redirectUrl).toBe(session.url);
    expect(session.currency).toBe("cny");
    expect(session.amount_total).toBe(15750);
    expect(session.line_items).toEqual([
      {
        quantity: "2",
        price_data: {
          currency: "cny",
          unit_amount: "3980",
          product_data: { name: "赣南脐橙 5kg" },
        },
      },
      {
        quantity: "1",
        price_data: {
          currency: "cny",
          unit_amount: "5990",
          product_data: { name: "阳光玫瑰葡萄 2kg" },
        },
      },
      {
        quantity: "1",
        price_data: {
          currency: "cny",
          unit_amount: "1800",
          product_data: { name: "运费 Shipping" },
        },
      },
    ]);
    expect(session.client_reference_id).toBe("ord_one");
    expect(session.metadata).toEqual({
      orderId: "ord_one",
      paymentId: "pay_one",
      orderCode: "HX7K2M9P",
    });
    expect(session.customer_email).toBe("shopper@example.com");
    expect(session.success_url).toBe("http://store.test/orders/ord_one?paid=1");
    // No method list configured: left to the dashboard.
    expect(session.allowed_payment_method_types).toBeNull();
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/checkout/sessions",
      idempotencyKey: "create-payment:pay_one",
    });
  });

  it("asks for at least 30 minutes even when our hold is 15 (the fake refuses less, as Stripe does)", async () => {
    const hold = new Date(Date.now() + 15 * 60_000);
    const { providerRef } = await provider().createPayment(input({ expiresAt: hold }));
    expect(fake.sessions.get(providerRef)!.expires_at).toBe(
      Math.floor(hold.getTime() / 1000) + 31 * 60,
    );
  });

  it("the pay button pressed again minutes later (same payment, same key) gets the same session, not a 400", async () => {
    const hold = new Date(Date.now() + 15 * 60_000);
    const first = await provider().createPayment(input({ expiresAt: hold }));
    const minutesLater = await provider({
      now: () => new Date(Date.now() + 9 * 60_000),
    }).createPayment(input({ expiresAt: hold }));
    expect(minutesLater.providerRef).toBe(first.providerRef);
    expect(fake.sessions.size).toBe(1);
  });

  it("a create retried with the same key returns the same session and Stripe holds one", async () => {
    const p = provider();
    // One hold for both: two input() calls a second apart would ask for different expiries.
    const hold = new Date(Date.now() + 15 * 60_000);
    const first = await p.createPayment(input({ expiresAt: hold }));
    const again = await p.createPayment(input({ expiresAt: hold }));
    expect(again.providerRef).toBe(first.providerRef);
    expect(fake.sessions.size).toBe(1);
    expect(fake.requests.map((r) => r.replayed)).toEqual([false, true]);
  });

  it("a lost response is retried by the SDK with the same key: one session, the shopper gets its url", async () => {
    fake.dropResponses(1);
    const result = await provider().createPayment(input());
    expect(fake.sessions.size).toBe(1);
    expect(fake.sessions.has(result.providerRef)).toBe(true);
    expect(fake.requests).toHaveLength(2);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(
      new Set(["create-payment:pay_one"]),
    );
    expect(fake.requests[1]!.replayed).toBe(true);
  });

  it("the same key with a different amount is refused (400), never a second session", async () => {
    const p = provider();
    await p.createPayment(input());
    const changed = input({ amountFen: 15750 + 100, shippingFen: 1900 });
    await expect(p.createPayment(changed)).rejects.toThrow(/same parameters/);
    expect(fake.sessions.size).toBe(1);
  });

  it("refuses lines that do not add up to the amount before calling Stripe", async () => {
    await expect(provider().createPayment(input({ amountFen: 100 }))).rejects.toThrow(/add up/);
    expect(fake.requests).toHaveLength(0);
  });

  it("sends the configured methods, with WeChat Pay's web client option", async () => {
    const { providerRef } = await provider({
      paymentMethods: ["card", "alipay", "wechat_pay"],
    }).createPayment(input());
    const session = fake.sessions.get(providerRef)!;
    expect(session.allowed_payment_method_types).toEqual(["wechat_pay", "alipay", "card"]);
    expect(session.payment_method_options).toEqual({ wechat_pay: { client: "web" } });
  });

  it("a wrong secret key is an error, not a session", async () => {
    await expect(
      createStripeProvider({
        secretKey: "sk_test_wrong",
        host: fake.host,
        port: fake.port,
        protocol: "http",
      }).createPayment(input()),
    ).rejects.toThrow(/API Key/);
  });
});

describe("Stripe provider: cancel and refund", () => {
  it("cancel expires an open session and ignores one already expired or paid", async () => {
    const p = provider();
    const { providerRef } = await p.createPayment(input());
    await p.cancelPayment({ providerRef });
    expect(fake.sessions.get(providerRef)!.status).toBe("expired");
    await expect(p.cancelPayment({ providerRef })).resolves.toBeUndefined();
    const paid = await p.createPayment(input({ paymentId: "pay_b", idempotencyKey: "kb" }));
    fake.completeSession(paid.providerRef);
    await expect(p.cancelPayment({ providerRef: paid.providerRef })).resolves.toBeUndefined();
    expect(fake.sessions.get(paid.providerRef)!.status).toBe("complete");
  });

  it("refunds partly then fully on the payment intent, each with its key; a retried key refunds once; too much is refused", async () => {
    const p = provider();
    const { providerRef } = await p.createPayment(input());
    const pi = fake.completeSession(providerRef).payment_intent!;
    const partial = await p.refund({
      providerRef,
      providerPaymentRef: pi,
      amountFen: 5000,
      idempotencyKey: "refund:r1",
    });
    expect(partial).toMatchObject({ ok: true, status: "succeeded" });
    const retried = await p.refund({
      providerRef,
      providerPaymentRef: pi,
      amountFen: 5000,
      idempotencyKey: "refund:r1",
    });
    expect(retried).toEqual(partial);
    expect(fake.refunds.size).toBe(1);
    const rest = await p.refund({
      providerRef,
      providerPaymentRef: pi,
      amountFen: 10750,
      idempotencyKey: "refund:r2",
    });
    expect(rest.ok).toBe(true);
    const tooMuch = await p.refund({
      providerRef,
      providerPaymentRef: pi,
      amountFen: 1,
      idempotencyKey: "refund:r3",
    });
    expect(tooMuch).toMatchObject({
      ok: false,
      message: expect.stringMatching(/greater than unrefunded/),
    });
    const refundRequests = fake.requests.filter((r) => r.path === "/v1/refunds");
    expect(
      refundRequests.map((r) => [r.idempotencyKey, r.body.amount, r.body.payment_intent]),
    ).toEqual([
      ["refund:r1", "5000", pi],
      ["refund:r1", "5000", pi],
      ["refund:r2", "10750", pi],
      ["refund:r3", "1", pi],
    ]);
    expect([...fake.refunds.values()].reduce((s, r) => s + r.amount, 0)).toBe(15750);
  });

  it("a refund without a recorded payment intent is refused without calling Stripe", async () => {
    const result = await provider().refund({
      providerRef: "cs_x",
      providerPaymentRef: null,
      amountFen: 100,
      idempotencyKey: "k",
    });
    expect(result.ok).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("Stripe provider: saving the method (a presale deposit) and charging it off-session", () => {
  const deposit = (overrides: Partial<CreatePaymentInput> = {}) =>
    input({ purpose: "deposit", saveMethod: true, ...overrides });
  const charge = (saved: { customer: string; paymentMethod: string }, key = "charge:bal_1") =>
    provider().chargeSaved({
      paymentId: "pay_bal",
      orderId: "ord_one",
      customerRef: saved.customer,
      methodRef: saved.paymentMethod,
      amountFen: 12000,
      idempotencyKey: key,
      description: "Order HX7K2M9P balance",
    });
  const intentRequests = () =>
    fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");

  it("a deposit session asks Stripe for a customer and to save the card for off-session use", async () => {
    const { providerRef } = await provider().createPayment(deposit());
    const [request] = fake.requests;
    expect(request!.body).toMatchObject({
      customer_creation: "always",
      payment_method_options: { card: { setup_future_usage: "off_session" } },
      metadata: { purpose: "deposit", saveMethod: "off_session" },
    });
    // Never on the intent as a whole: that would refuse Alipay and WeChat Pay.
    expect(request!.body.payment_intent_data).not.toHaveProperty("setup_future_usage");
    const session = fake.completeSession(providerRef);
    expect(session.customer).toMatch(/^cus_/);
    const pm = fake.paymentMethods.get(
      fake.paymentIntents.get(session.payment_intent!)!.payment_method!,
    )!;
    expect(pm.customer).toBe(session.customer);
  });

  it("a session that does not save asks for neither", async () => {
    await provider().createPayment(input({ purpose: "full" }));
    const body = fake.requests[0]!.body;
    expect(body).not.toHaveProperty("customer_creation");
    expect(body).not.toHaveProperty("payment_method_options");
    expect(body.metadata).toEqual({
      orderId: "ord_one",
      paymentId: "pay_one",
      orderCode: "HX7K2M9P",
      purpose: "full",
    });
  });

  it("with Alipay and WeChat Pay offered the saving session is still created (the fake refuses what Stripe refuses), and paying by Alipay saves nothing", async () => {
    const { providerRef } = await provider({
      paymentMethods: ["card", "alipay", "wechat_pay"],
    }).createPayment(deposit());
    const session = fake.sessions.get(providerRef)!;
    expect(session.allowed_payment_method_types).toEqual(["wechat_pay", "alipay", "card"]);
    expect(session.payment_method_options).toEqual({
      wechat_pay: { client: "web" },
      card: { setup_future_usage: "off_session" },
    });
    // Saving on the whole intent instead is what Stripe (and the fake) refuses with these methods.
    const params = checkoutSessionParams(
      deposit({ idempotencyKey: "k2" }),
      { paymentMethods: ["card", "alipay"] },
      new Date(),
    );
    await expect(
      stripeClient(fake).checkout.sessions.create({
        ...params,
        payment_intent_data: { ...params.payment_intent_data, setup_future_usage: "off_session" },
      }),
    ).rejects.toThrow(/alipay.*does not support setup_future_usage/);
    fake.completeSession(providerRef, "alipay");
    const pm = fake.paymentMethods.get(
      fake.paymentIntents.get(session.payment_intent!)!.payment_method!,
    )!;
    expect(pm).toMatchObject({ type: "alipay", customer: null });
  });

  it("charges a saved card off-session; the same key twice makes one PaymentIntent and the same answer", async () => {
    const saved = fake.savedCard("pm_card_visa");
    const first = await charge(saved);
    expect(first).toEqual({
      status: "succeeded",
      providerRef: expect.stringMatching(/^pi_/),
      providerPaymentRef: expect.stringMatching(/^pi_/),
    });
    const again = await charge(saved);
    expect(again).toEqual(first);
    expect(fake.paymentIntents.size).toBe(1);
    expect(intentRequests().map((r) => [r.idempotencyKey, r.replayed])).toEqual([
      ["charge:bal_1", false],
      ["charge:bal_1", true],
    ]);
    expect(intentRequests()[0]!.body).toMatchObject({
      amount: "12000",
      currency: "cny",
      customer: saved.customer,
      payment_method: saved.paymentMethod,
      off_session: "true",
      confirm: "true",
      metadata: { orderId: "ord_one", paymentId: "pay_bal" },
    });
    expect(fake.paymentIntents.get(first.providerRef!)).toMatchObject({
      status: "succeeded",
      amount: 12000,
    });
    // A balance charged off-session is refundable like any payment.
    if (first.status !== "succeeded") throw new Error("unreachable");
    await expect(
      provider().refund({
        providerRef: first.providerRef,
        providerPaymentRef: first.providerPaymentRef,
        amountFen: 12000,
        idempotencyKey: "refund:bal",
      }),
    ).resolves.toMatchObject({ ok: true });
  });

  it("a card that needs authentication answers authentication_required with its PaymentIntent, the same on a retry", async () => {
    const saved = fake.savedCard("pm_card_authenticationRequired");
    const first = await charge(saved);
    expect(first).toEqual({
      status: "authentication_required",
      providerRef: expect.stringMatching(/^pi_/),
      message: expect.stringMatching(/authentication/),
    });
    expect(await charge(saved)).toEqual(first);
    expect(fake.paymentIntents.size).toBe(1);
    expect(fake.paymentIntents.get(first.providerRef!)!.status).toBe("requires_payment_method");
  });

  it("a card that declines answers declined with Stripe's code", async () => {
    const saved = fake.savedCard("pm_card_chargeCustomerFail");
    expect(await charge(saved)).toEqual({
      status: "declined",
      providerRef: expect.stringMatching(/^pi_/),
      code: "card_declined",
      message: "Your card was declined.",
    });
  });

  it("a method that is not the customer's is declined (no retry could charge it)", async () => {
    const mine = fake.savedCard("pm_card_visa");
    const theirs = fake.savedCard("pm_card_visa");
    expect(
      await charge({ customer: mine.customer, paymentMethod: theirs.paymentMethod }),
    ).toMatchObject({ status: "declined", providerRef: null });
    expect(fake.paymentIntents.size).toBe(0);
  });

  it("a method that no longer exists is declined; an amount that is not a positive integer is refused before Stripe sees it", async () => {
    const saved = fake.savedCard("pm_card_visa");
    expect(await charge({ ...saved, paymentMethod: "pm_test_gone" })).toMatchObject({
      status: "declined",
      code: "resource_missing",
      providerRef: null,
    });
    const before = fake.requests.length;
    await expect(
      provider().chargeSaved({
        paymentId: "pay_bal",
        orderId: "ord_one",
        customerRef: saved.customer,
        methodRef: saved.paymentMethod,
        amountFen: 0,
        idempotencyKey: "k0",
        description: "x",
      }),
    ).rejects.toThrow(/cannot charge 0/);
    expect(fake.requests).toHaveLength(before);
  });

  it("a Stripe outage throws (the caller's job retries); the retry with the same key charges once", async () => {
    const saved = fake.savedCard("pm_card_visa");
    // The first try and both of the SDK's own retries meet the outage.
    fake.failRequests(3);
    await expect(charge(saved)).rejects.toThrow(/outage/);
    expect(fake.paymentIntents.size).toBe(0);
    const later = await charge(saved);
    expect(later.status).toBe("succeeded");
    expect(await charge(saved)).toEqual(later);
    expect(fake.paymentIntents.size).toBe(1);
  });

  it("a lost answer is retried by the SDK with the same key: one PaymentIntent", async () => {
    const saved = fake.savedCard("pm_card_visa");
    fake.dropResponses(1);
    expect((await charge(saved)).status).toBe("succeeded");
    expect(fake.paymentIntents.size).toBe(1);
  });
});
