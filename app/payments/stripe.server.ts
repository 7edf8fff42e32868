import Stripe from "stripe";
import { shopperOrder, type StripeMethod } from "./methods";
import type {
  CaptureResult,
  ChargeSavedResult,
  CreatePaymentInput,
  PaymentProvider,
  VoidResult,
} from "./provider.server";

export interface StripeProviderOptions {
  secretKey: string;
  /** Only to point the SDK at a local stand-in (tests); production talks to api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
  /** Unset: omitted from the session, so the dashboard decides which methods the account offers. */
  paymentMethods?: StripeMethod[];
  now?: () => Date;
}

// Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is created, or
// later than 24 hours after.
const SESSION_AFTER_HOLD_MS = 31 * 60 * 1000;
const MAX_SESSION_MS = 24 * 60 * 60 * 1000 - 60 * 1000;

/**
 * The session's `expires_at`, derived from the hold alone and never from the clock: a retry with
 * the same idempotency key must send the same parameters, or Stripe answers 400 instead of the
 * first session. Hold end + 31 min is at least 30 min after any moment a payment can start (the
 * orders module refuses to start one once the hold has lapsed); the order's expiry job expires the
 * session when the hold ends, so the extra half hour only matters if that job is late.
 */
export function sessionExpiresAt(holdEndsAt: Date, now: Date): number {
  const wanted = holdEndsAt.getTime() + SESSION_AFTER_HOLD_MS;
  // Only a hold near Stripe's 24 h ceiling reaches this; such a retry could then differ.
  return Math.floor(Math.min(wanted, now.getTime() + MAX_SESSION_MS) / 1000);
}

/**
 * Every create carries our idempotency key, so a retry can never make a second session or refund:
 * the SDK's own retries (network errors, 409 lock timeouts, 5xx) reuse the key and Stripe answers
 * with the first result. So retries are on (2), not off.
 */
export const STRIPE_NETWORK_RETRIES = 2;

/** Which Stripe account (and, in tests, which server) to talk to. */
export type StripeApiOptions = Pick<
  StripeProviderOptions,
  "secretKey" | "host" | "port" | "protocol"
>;

export function stripeClient(o: StripeApiOptions): Stripe {
  return new Stripe(o.secretKey, {
    maxNetworkRetries: STRIPE_NETWORK_RETRIES,
    telemetry: false,
    timeout: 20_000,
    ...(o.host ? { host: o.host } : {}),
    ...(o.port ? { port: o.port } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
  });
}

export function checkoutSessionParams(
  i: CreatePaymentInput,
  o: Pick<StripeProviderOptions, "paymentMethods">,
  now: Date,
): Stripe.Checkout.SessionCreateParams {
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = i.lines.map((l) => ({
    quantity: l.quantity,
    // CNY's minor unit at Stripe is the fen, so our integers go through unchanged.
    price_data: { currency: "cny", unit_amount: l.unitFen, product_data: { name: l.name } },
  }));
  if (i.shippingFen > 0) {
    lineItems.push({
      quantity: 1,
      price_data: {
        currency: "cny",
        unit_amount: i.shippingFen,
        product_data: { name: "运费 Shipping" },
      },
    });
  }
  const metadata: Record<string, string> = {
    orderId: i.orderId,
    paymentId: i.paymentId,
    orderCode: i.orderCode,
    ...(i.purpose ? { purpose: i.purpose } : {}),
    // The webhook looks up the saved method only for sessions that asked to save one.
    ...(i.saveMethod ? { saveMethod: "off_session" } : {}),
    // A payment settled later ("manual" or "charge"): the webhook asks the PaymentIntent whether a
    // completed session holds or took the money, and announces it as authorized.
    ...(i.capture ? { capture: i.capture } : {}),
  };
  // Listed WeChat Pay, Alipay, card, as the checkout page lists them.
  const methods = o.paymentMethods && shopperOrder(o.paymentMethods);
  const methodOptions: Stripe.Checkout.SessionCreateParams.PaymentMethodOptions = {
    // WeChat Pay in Checkout needs to know it renders a QR code for a web page.
    ...(methods?.includes("wechat_pay") ? { wechat_pay: { client: "web" } } : {}),
    // Only a card is saved: Alipay and WeChat Pay cannot be charged off-session, so saving is asked
    // of the card alone (never payment_intent_data.setup_future_usage, which would refuse them) and
    // a shopper paying with them pays as usual, saving nothing.
    // A hold is asked of the card alone, for the same reason: Alipay and WeChat Pay cannot be held,
    // so a shopper paying with them is charged at once (the session stays open to them, which a
    // session-wide payment_intent_data.capture_method would not), and the webhook reports that
    // payment as taken, not held. "charge" asks no method to hold: every one is taken at once.
    ...(i.saveMethod || i.capture === "manual"
      ? {
          card: {
            ...(i.saveMethod ? { setup_future_usage: "off_session" as const } : {}),
            ...(i.capture === "manual" ? { capture_method: "manual" as const } : {}),
          },
        }
      : {}),
  };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    currency: "cny",
    line_items: lineItems,
    client_reference_id: i.orderId,
    metadata,
    payment_intent_data: { metadata, description: `Order ${i.orderCode}` },
    ...(i.email ? { customer_email: i.email } : {}),
    // A saved method belongs to a customer: Checkout creates one when the session completes.
    ...(i.saveMethod ? { customer_creation: "always" as const } : {}),
    success_url: i.successUrl,
    cancel_url: i.cancelUrl,
    expires_at: sessionExpiresAt(i.expiresAt, now),
    // stripe 23 (API 2026-09-30) removed `payment_method_types` from sessions; the allow-list
    // filters what the dashboard makes eligible, so a method the account lacks is simply not shown.
    ...(methods ? { allowed_payment_method_types: methods } : {}),
    ...(Object.keys(methodOptions).length ? { payment_method_options: methodOptions } : {}),
  };
  return params;
}

export function createStripeProvider(o: StripeProviderOptions): PaymentProvider {
  const stripe = stripeClient(o);
  const now = o.now ?? (() => new Date());
  return {
    name: "stripe",
    methods: shopperOrder(o.paymentMethods ?? []),
    async createPayment(i) {
      const lineSum = i.lines.reduce((s, l) => s + l.unitFen * l.quantity, 0) + i.shippingFen;
      // A mismatch would charge a different amount than the order says; refuse before Stripe sees it.
      if (lineSum !== i.amountFen)
        throw new Error(
          `payment ${i.paymentId}: lines add up to ${lineSum}, amount is ${i.amountFen}`,
        );
      const session = await stripe.checkout.sessions.create(checkoutSessionParams(i, o, now()), {
        idempotencyKey: i.idempotencyKey,
      });
      if (!session.url)
        throw new Error(`Stripe returned checkout session ${session.id} without a url`);
      return { providerRef: session.id, redirectUrl: session.url };
    },
    async cancelPayment({ providerRef }) {
      try {
        await stripe.checkout.sessions.expire(providerRef);
      } catch (error) {
        // Already expired or completed: there is nothing left to cancel.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw error;
      }
    },
    async refund({ providerPaymentRef, amountFen, idempotencyKey, reason }) {
      if (!providerPaymentRef)
        return { ok: false, message: "No Stripe payment intent recorded for this payment" };
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: providerPaymentRef,
            amount: amountFen,
            ...(reason ? { metadata: { reason: reason.slice(0, 500) } } : {}),
          },
          { idempotencyKey },
        );
        if (refund.status === "failed" || refund.status === "canceled") {
          return { ok: false, message: `Stripe refund ${refund.id} ${refund.status}` };
        }
        return {
          ok: true,
          providerRef: refund.id,
          status: refund.status === "succeeded" ? "succeeded" : "pending",
        };
      } catch (error) {
        // A refusal (over-refund, charge disputed, …) is an answer to show; a network fault is thrown
        // so the caller's job retries it with the same idempotency key.
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError ||
          error instanceof Stripe.errors.StripeCardError
        ) {
          return { ok: false, message: error.message };
        }
        throw error;
      }
    },
    async chargeSaved(i): Promise<ChargeSavedResult> {
      if (!Number.isInteger(i.amountFen) || i.amountFen < 1)
        throw new Error(`payment ${i.paymentId}: cannot charge ${i.amountFen} fen`);
      const metadata = { orderId: i.orderId, paymentId: i.paymentId };
      let intent: Stripe.PaymentIntent;
      try {
        intent = await stripe.paymentIntents.create(
          {
            amount: i.amountFen,
            currency: "cny",
            customer: i.customerRef,
            payment_method: i.methodRef,
            off_session: true,
            confirm: true,
            description: i.description,
            metadata,
          },
          { idempotencyKey: i.idempotencyKey },
        );
      } catch (error) {
        // Stripe stores a refusal under the idempotency key, so a retry gets this same answer.
        if (error instanceof Stripe.errors.StripeCardError) {
          const providerRef = error.payment_intent?.id ?? null;
          if (error.code === "authentication_required")
            return { status: "authentication_required", providerRef, message: error.message };
          return {
            status: "declined",
            providerRef,
            code: error.code ?? "card_declined",
            message: error.message,
          };
        }
        // The saved method or customer is gone (detached, deleted, not the customer's): no retry
        // can charge it. Any other refusal of our parameters is a bug and is thrown.
        if (
          error instanceof Stripe.errors.StripeInvalidRequestError &&
          (error.code === "resource_missing" ||
            error.param === "payment_method" ||
            error.param === "customer")
        )
          return {
            status: "declined",
            providerRef: error.payment_intent?.id ?? null,
            code: error.code ?? "invalid_request",
            message: error.message,
          };
        // Network, 5xx, rate limit, an idempotency key reused with other parameters: the caller's
        // job retries (the same key never makes a second charge).
        throw error;
      }
      switch (intent.status) {
        case "succeeded":
          return { status: "succeeded", providerRef: intent.id, providerPaymentRef: intent.id };
        case "requires_action":
          return {
            status: "authentication_required",
            providerRef: intent.id,
            message: `PaymentIntent ${intent.id} requires the customer to authenticate`,
          };
        case "requires_payment_method":
          return {
            status: "declined",
            providerRef: intent.id,
            code: intent.last_payment_error?.code ?? "card_declined",
            message: intent.last_payment_error?.message ?? `PaymentIntent ${intent.id} failed`,
          };
        default:
          // A card charge confirmed off-session ends in one of the above; anything else is not an
          // answer we can act on, so it is raised rather than guessed.
          throw new Error(
            `PaymentIntent ${intent.id} is ${intent.status} after an off-session charge`,
          );
      }
    },
    async capture({ providerPaymentRef, amountFen, idempotencyKey }): Promise<CaptureResult> {
      if (!Number.isInteger(amountFen) || amountFen < 1)
        throw new Error(`PaymentIntent ${providerPaymentRef}: cannot capture ${amountFen} fen`);
      if (!providerPaymentRef)
        return { status: "failed", message: "No Stripe payment intent recorded for this hold" };
      try {
        const intent = await stripe.paymentIntents.capture(
          providerPaymentRef,
          { amount_to_capture: amountFen },
          { idempotencyKey },
        );
        return { status: "captured", capturedFen: intent.amount_received };
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
        // Not capturable any more: captured before (another key), cancelled, or the hold lapsed.
        const intent = await stripe.paymentIntents.retrieve(providerPaymentRef);
        if (intent.status === "succeeded")
          return { status: "already", capturedFen: intent.amount_received };
        return { status: "failed", message: error.message };
      }
    },
    async voidHold({ providerPaymentRef, idempotencyKey }): Promise<VoidResult> {
      if (!providerPaymentRef)
        return { status: "failed", message: "No Stripe payment intent recorded for this hold" };
      try {
        await stripe.paymentIntents.cancel(providerPaymentRef, {}, { idempotencyKey });
        return { status: "voided" };
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
        const intent = await stripe.paymentIntents.retrieve(providerPaymentRef);
        if (intent.status === "canceled") return { status: "already" };
        return { status: "failed", message: error.message };
      }
    },
  };
}

/**
 * Where the money of a completed session settled later is: `held` (a card, authorized), `taken`
 * (charged at once: capture "charge", or a method that cannot be held), or `waiting` (not settled
 * yet).
 */
export async function holdOf(
  api: StripeApiOptions,
  paymentIntentId: string,
): Promise<
  | { state: "held"; amountFen: number }
  | { state: "taken"; amountFen: number }
  | { state: "waiting"; status: string }
> {
  const intent = await stripeClient(api).paymentIntents.retrieve(paymentIntentId);
  if (intent.status === "requires_capture")
    return { state: "held", amountFen: intent.amount_capturable };
  if (intent.status === "succeeded") return { state: "taken", amountFen: intent.amount_received };
  return { state: "waiting", status: intent.status };
}

/**
 * The method a paid Checkout Session saved: the PaymentIntent's method, if Stripe attached it to a
 * customer (a card paid in a session with setup_future_usage); undefined for Alipay, WeChat Pay or
 * anything else that was not saved.
 */
export async function savedMethodOf(
  api: StripeApiOptions,
  paymentIntentId: string,
): Promise<{ customerRef: string; methodRef: string } | undefined> {
  const intent = await stripeClient(api).paymentIntents.retrieve(paymentIntentId, {
    expand: ["payment_method"],
  });
  const method = intent.payment_method;
  if (!method || typeof method === "string" || !method.customer) return undefined;
  const customer = typeof method.customer === "string" ? method.customer : method.customer.id;
  return { customerRef: customer, methodRef: method.id };
}

export function isStripeError(
  error: unknown,
): error is InstanceType<typeof Stripe.errors.StripeError> {
  return error instanceof Stripe.errors.StripeError;
}
