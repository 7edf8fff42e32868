import type { PaymentProviderName, PaymentPurpose } from "../../db/orders-schema";
import { env } from "../lib/env.server";
import { shopperOrder, STRIPE_METHODS, type StripeMethod } from "./methods";
import { createSimulatedProvider } from "./simulated.server";
import { createStripeProvider, type StripeApiOptions } from "./stripe.server";

export { STRIPE_METHODS, type StripeMethod } from "./methods";

export interface CreatePaymentInput {
  paymentId: string;
  orderId: string;
  orderCode: string;
  amountFen: number;
  lines: { name: string; quantity: number; unitFen: number }[];
  shippingFen: number;
  email?: string;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  idempotencyKey: string;
  purpose?: PaymentPurpose;
  /**
   * Save the method for a later off-session charge (a presale deposit, whose balance is charged at
   * harvest). A method that cannot be saved (Alipay, WeChat Pay) still pays; the succeeded outcome
   * then carries no `saved`.
   */
  saveMethod?: boolean;
  /** Hold the money or take it at once, settled later by the caller: see CaptureMode. */
  capture?: CaptureMode;
}

/**
 * A payment the caller settles later (a group-buy join), announced through the `authorized`
 * outcome. "manual": hold the amount now and capture it later; a method that cannot be held
 * (Alipay, WeChat Pay) is charged at once instead, and the outcome says `held: false`. "charge":
 * take it at once on every method (a deal longer than a card hold lasts), always `held: false`.
 * Money taken at once is settled by refunding what the caller does not keep.
 */
export type CaptureMode = "manual" | "charge";

/** Capture (part of) a held payment, or release it. Same key, same answer, one effect. */
export interface HoldInput {
  providerRef: string;
  /** The provider's id for the money (a Stripe PaymentIntent), as the authorized outcome reported it. */
  providerPaymentRef: string | null;
  idempotencyKey: string;
}

/**
 * What a capture did. `already`: the hold had been captured before (by an earlier call, perhaps
 * with another key); `failed`: nothing can be captured (the hold was voided or lapsed), with the
 * provider's words. Network faults and outages throw (the caller's job retries with the same key).
 */
export type CaptureResult =
  { status: "captured" | "already"; capturedFen: number } | { status: "failed"; message: string };

/** What releasing a hold did; like CaptureResult (`failed`: e.g. it had been captured). */
export type VoidResult = { status: "voided" | "already" } | { status: "failed"; message: string };

export interface ChargeSavedInput {
  paymentId: string;
  orderId: string;
  /** What a succeeded outcome's `saved` reported for an earlier payment. */
  customerRef: string;
  methodRef: string;
  amountFen: number;
  /** Same key, same answer: a retried charge never charges twice. */
  idempotencyKey: string;
  description: string;
}

/**
 * What an off-session charge did. Network faults and provider outages throw instead (the caller's
 * job retries with the same key). `providerRef` is the provider's id for the attempt, if it made one.
 */
export type ChargeSavedResult =
  | { status: "succeeded"; providerRef: string; providerPaymentRef: string }
  | { status: "authentication_required"; providerRef: string | null; message: string }
  | { status: "declined"; providerRef: string | null; code: string; message: string };

export type RefundResult =
  | { ok: true; providerRef: string; status: "succeeded" | "pending" }
  | { ok: false; message: string };

export interface PaymentProvider {
  name: PaymentProviderName;
  /**
   * The methods the shopper will find on the provider's page, in the order the store lists them
   * (shopperOrder). Absent or empty: the page alone decides (the simulated card page; Stripe with
   * no STRIPE_PAYMENT_METHODS, where the dashboard's settings apply).
   */
  methods?: readonly StripeMethod[];
  createPayment(i: CreatePaymentInput): Promise<{ providerRef: string; redirectUrl: string }>;
  /** Best effort: a payment that already completed or lapsed is not an error. */
  cancelPayment(i: { providerRef: string }): Promise<void>;
  refund(i: {
    providerRef: string;
    providerPaymentRef: string | null;
    amountFen: number;
    idempotencyKey: string;
    reason?: string;
  }): Promise<RefundResult>;
  /** Charges a saved method with nobody present (a presale balance). */
  chargeSaved(i: ChargeSavedInput): Promise<ChargeSavedResult>;
  /** Takes `amountFen` (at most what was authorized) of a held payment; the rest is released. */
  capture(i: HoldInput & { amountFen: number }): Promise<CaptureResult>;
  /** Releases a held payment whole (nothing is taken). */
  voidHold(i: HoldInput): Promise<VoidResult>;
}

/** Which provider this process uses: PAYMENT_PROVIDER, else Stripe iff a secret key is set. */
export function activeProviderName(): PaymentProviderName {
  return env.PAYMENT_PROVIDER ?? (env.STRIPE_SECRET_KEY ? "stripe" : "simulated");
}

let override: PaymentProvider | undefined;
let cached: PaymentProvider | undefined;

export function paymentProvider(): PaymentProvider {
  if (override) return override;
  cached ??= buildFromEnv();
  return cached;
}

function buildFromEnv(): PaymentProvider {
  if (activeProviderName() === "simulated") return createSimulatedProvider();
  const api = stripeApiFromEnv();
  if (!api) throw new Error("PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY");
  return createStripeProvider({
    ...api,
    paymentMethods: parsePaymentMethods(env.STRIPE_PAYMENT_METHODS),
  });
}

/** The Stripe account this process talks to, or undefined when no secret key is configured. */
export function stripeApiFromEnv(): StripeApiOptions | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  };
}

/** What the checkout page lists under "payment": the active provider's methods, or none to list. */
export function paymentMethodsOffered(): readonly StripeMethod[] {
  return paymentProvider().methods ?? [];
}

/**
 * Tests point the app at a provider they built (e.g. Stripe against the local fake server);
 * `undefined` restores the one the environment picks.
 */
export function setPaymentProviderForTests(provider: PaymentProvider | undefined): void {
  override = provider;
}

/** "card, alipay" → ["alipay", "card"] (shopper order); unknown names are a configuration error, not ignored. */
export function parsePaymentMethods(value: string | undefined): StripeMethod[] | undefined {
  if (!value?.trim()) return undefined;
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(STRIPE_METHODS as readonly string[]).includes(n));
  if (bad.length)
    throw new Error(
      `STRIPE_PAYMENT_METHODS: unknown method(s) ${bad.join(", ")}; use ${STRIPE_METHODS.join(",")}`,
    );
  return shopperOrder(names as StripeMethod[]);
}
