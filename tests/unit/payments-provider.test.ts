import { afterEach, describe, expect, it } from "vitest";
import {
  paymentProvider,
  parsePaymentMethods,
  setPaymentProviderForTests,
  type CaptureMode,
  type CreatePaymentInput,
  type PaymentProvider,
  type StripeMethod,
} from "~/payments/provider.server";
import { createSimulatedProvider, simulatedTakesAtOnce } from "~/payments/simulated.server";
import {
  checkoutSessionParams,
  createStripeProvider,
  sessionExpiresAt,
} from "~/payments/stripe.server";

const input: CreatePaymentInput = {
  paymentId: "pay_abc",
  orderId: "ord_abc",
  orderCode: "HX7K2M9P",
  amountFen: 5780,
  lines: [{ name: "脐橙", quantity: 1, unitFen: 3980 }],
  shippingFen: 1800,
  successUrl: "http://s/orders/ord_abc?paid=1",
  cancelUrl: "http://s/orders/ord_abc",
  expiresAt: new Date("2026-11-23T12:15:00Z"),
  idempotencyKey: "k",
};

afterEach(() => setPaymentProviderForTests(undefined));

describe("paymentProvider()", () => {
  it("is the simulated provider with no Stripe key, and tests can swap it", () => {
    expect(paymentProvider().name).toBe("simulated");
    const fake: PaymentProvider = { ...createSimulatedProvider(), name: "stripe" };
    setPaymentProviderForTests(fake);
    expect(paymentProvider()).toBe(fake);
    setPaymentProviderForTests(undefined);
    expect(paymentProvider().name).toBe("simulated");
  });
});

describe("simulated provider", () => {
  it("points at our own page and refunds at once", async () => {
    const p = createSimulatedProvider();
    expect(await p.createPayment(input)).toEqual({
      providerRef: "sim_pay_abc",
      redirectUrl: "/pay/pay_abc",
    });
    const refund = await p.refund({
      providerRef: "sim_pay_abc",
      providerPaymentRef: null,
      amountFen: 100,
      idempotencyKey: "r",
    });
    expect(refund).toMatchObject({
      ok: true,
      status: "succeeded",
      providerRef: expect.stringMatching(/^simrf_/),
    });
  });
});

describe("Stripe session parameters", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("expires 31 minutes after the hold, whenever the payment starts (a retry sends the same parameters)", () => {
    const params = checkoutSessionParams(input, {}, now);
    expect(params.expires_at).toBe(Date.parse("2026-11-23T12:46:00Z") / 1000);
    const later = checkoutSessionParams(input, {}, new Date("2026-11-23T12:14:59Z"));
    expect(later).toEqual(params);
    // Even a payment started in the hold's last second gets Stripe's 30-minute minimum.
    expect(later.expires_at! - Date.parse("2026-11-23T12:14:59Z") / 1000).toBeGreaterThanOrEqual(
      30 * 60,
    );
    expect(params.allowed_payment_method_types).toBeUndefined();
    expect(params.payment_method_options).toBeUndefined();
  });
  it("stays within Stripe's 24-hour ceiling for a very long hold", () => {
    const longHold = new Date(now.getTime() + 24 * 3600_000);
    expect(sessionExpiresAt(longHold, now) - now.getTime() / 1000).toBeLessThan(24 * 3600);
  });
  it("offers WeChat Pay, Alipay, then card, in that order, on the session and on the checkout page", () => {
    const o = {
      secretKey: "sk_test_x",
      paymentMethods: ["card", "alipay", "wechat_pay"] as StripeMethod[],
    };
    expect(checkoutSessionParams(input, o, now).allowed_payment_method_types).toEqual([
      "wechat_pay",
      "alipay",
      "card",
    ]);
    expect(createStripeProvider(o).methods).toEqual(["wechat_pay", "alipay", "card"]);
    expect(createStripeProvider({ ...o, paymentMethods: ["card", "alipay"] }).methods).toEqual([
      "alipay",
      "card",
    ]);
    // Unset, Stripe's dashboard decides: nothing to list, nothing sent.
    expect(createStripeProvider({ secretKey: "sk_test_x" }).methods).toEqual([]);
    // The simulated page takes test cards and lists no methods: unchanged.
    expect(createSimulatedProvider().methods ?? []).toEqual([]);
  });
  it("adds WeChat Pay's client only when WeChat Pay is offered", () => {
    expect(
      checkoutSessionParams(input, { paymentMethods: ["card", "alipay"] }, now)
        .payment_method_options,
    ).toBeUndefined();
    expect(
      checkoutSessionParams(input, { paymentMethods: ["wechat_pay"] }, now).payment_method_options,
    ).toEqual({ wechat_pay: { client: "web" } });
  });
  it("has no shipping line when shipping is free", () => {
    expect(
      checkoutSessionParams({ ...input, shippingFen: 0, amountFen: 3980 }, {}, now).line_items,
    ).toHaveLength(1);
  });
});

describe("STRIPE_PAYMENT_METHODS", () => {
  it("parses a comma list and refuses unknown names", () => {
    expect(parsePaymentMethods(undefined)).toBeUndefined();
    expect(parsePaymentMethods(" ")).toBeUndefined();
    // Listed as a shopper in China looks for them, whatever order the setting gives.
    expect(parsePaymentMethods("card, alipay,wechat_pay,card")).toEqual([
      "wechat_pay",
      "alipay",
      "card",
    ]);
    expect(parsePaymentMethods("card,alipay")).toEqual(["alipay", "card"]);
    expect(() => parsePaymentMethods("card,paypal")).toThrow(/paypal/);
  });
});

describe("payments settled later (capture: manual or charge)", () => {
  it("Stripe: the card alone is held (with a saved card too); Alipay and WeChat Pay stay offered, charged at once", () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const held = checkoutSessionParams(
      { ...input, capture: "manual", purpose: "authorization" },
      { paymentMethods: ["card", "alipay", "wechat_pay"] },
      now,
    );
    expect(held.payment_method_options).toEqual({
      wechat_pay: { client: "web" },
      card: { capture_method: "manual" },
    });
    expect(held.allowed_payment_method_types).toEqual(["wechat_pay", "alipay", "card"]);
    expect(held.payment_intent_data).not.toHaveProperty("capture_method");
    expect(held.metadata).toMatchObject({ capture: "manual", purpose: "authorization" });
    const both = checkoutSessionParams({ ...input, capture: "manual", saveMethod: true }, {}, now);
    expect(both.payment_method_options).toEqual({
      card: { setup_future_usage: "off_session", capture_method: "manual" },
    });
    const charged = checkoutSessionParams(input, {}, now);
    expect(charged.payment_method_options).toBeUndefined();
    expect(charged.metadata).not.toHaveProperty("capture");
  });

  it('capture "charge": Stripe holds no method and marks the session; the simulated ref says the page takes it at once', async () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const charged = checkoutSessionParams(
      { ...input, capture: "charge", purpose: "authorization" },
      { paymentMethods: ["card", "alipay"] },
      now,
    );
    expect(charged.payment_method_options).toBeUndefined();
    expect(charged.payment_intent_data).not.toHaveProperty("capture_method");
    expect(charged.metadata).toMatchObject({ capture: "charge", purpose: "authorization" });
    const saving = checkoutSessionParams(
      { ...input, capture: "charge", saveMethod: true },
      {},
      now,
    );
    expect(saving.payment_method_options).toEqual({ card: { setup_future_usage: "off_session" } });

    const p = createSimulatedProvider();
    const made = (capture?: CaptureMode) =>
      p.createPayment({ ...input, paymentId: "pay_abc", ...(capture ? { capture } : {}) });
    const [plain, manual, charge] = await Promise.all([made(), made("manual"), made("charge")]);
    expect([plain.providerRef, manual.providerRef, charge.providerRef]).toEqual([
      "sim_pay_abc",
      "sim_pay_abc",
      "sim_charge_pay_abc",
    ]);
    expect(charge.redirectUrl).toBe("/pay/pay_abc");
    expect(simulatedTakesAtOnce(charge.providerRef)).toBe(true);
    expect(simulatedTakesAtOnce(manual.providerRef)).toBe(false);
  });

  it("simulated: a key repeated answers the same with one effect; a captured hold cannot be voided, nor a voided one captured", async () => {
    const p = createSimulatedProvider();
    const a = { providerRef: "sim_a", providerPaymentRef: null };
    expect(await p.capture({ ...a, amountFen: 900, idempotencyKey: "capture:a" })).toEqual({
      status: "captured",
      capturedFen: 900,
    });
    expect(await p.capture({ ...a, amountFen: 900, idempotencyKey: "capture:a" })).toEqual({
      status: "captured",
      capturedFen: 900,
    });
    expect(await p.capture({ ...a, amountFen: 500, idempotencyKey: "other" })).toEqual({
      status: "already",
      capturedFen: 900,
    });
    expect(await p.voidHold({ ...a, idempotencyKey: "void:a" })).toMatchObject({
      status: "failed",
    });
    const b = { providerRef: "sim_b", providerPaymentRef: null };
    expect(await p.voidHold({ ...b, idempotencyKey: "void:b" })).toEqual({ status: "voided" });
    expect(await p.voidHold({ ...b, idempotencyKey: "void:b" })).toEqual({ status: "voided" });
    expect(await p.voidHold({ ...b, idempotencyKey: "void:b2" })).toEqual({ status: "already" });
    expect(await p.capture({ ...b, amountFen: 1, idempotencyKey: "capture:b" })).toMatchObject({
      status: "failed",
    });
    await expect(p.capture({ ...b, amountFen: 0, idempotencyKey: "zero" })).rejects.toThrow();
  });
});
