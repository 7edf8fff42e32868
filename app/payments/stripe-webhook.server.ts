import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import { payments, webhookEvents } from "../../db/orders-schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { announcePaymentOutcome } from "./outcomes.server";
import { stripeApiFromEnv } from "./provider.server";
import { holdOf, savedMethodOf } from "./stripe.server";

/** Stripe's default: a signature older than this is refused, so a captured delivery cannot be replayed later. */
export const SIGNATURE_TOLERANCE_S = 300;

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function stripeWebhookSecret(): string | undefined {
  return env.STRIPE_WEBHOOK_SECRET;
}

const SESSION_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
] as const;
/** A hold cancelled at Stripe (lapsed, or in the dashboard); our own voids report here too. */
const INTENT_EVENTS = ["payment_intent.canceled"] as const;
const REFUND_EVENTS = [
  "charge.refunded",
  "refund.created",
  "refund.updated",
  "refund.failed",
] as const;

// PostgreSQL text cannot hold NUL: an id with control characters is refused, never queried.
// eslint-disable-next-line no-control-regex
const noControlCharacters = /^[^\u0000-\u001f\u007f]+$/;
const stripeId = z.string().min(1).max(255).regex(noControlCharacters);
/** The envelope every event has; a signed body without it (null, no data.object) is 400, not a crash. */
const eventSchema = z.object({
  id: stripeId,
  type: stripeId,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
const idOf = z
  .union([stripeId, z.object({ id: stripeId })])
  .transform((v) => (typeof v === "string" ? v : v.id));
const sessionSchema = z.object({
  id: stripeId,
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: idOf.nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});
const intentSchema = z.object({ id: stripeId, status: z.string() });
const refundSchema = z.object({ id: stripeId, status: z.string().nullable() });
const chargeSchema = z.object({
  refunds: z
    .object({ data: z.array(refundSchema) })
    .nullable()
    .optional(),
});

/**
 * Verifies, de-duplicates and applies one Stripe webhook delivery (the raw body, as Stripe signed it).
 *
 * Dedupe: the succeeded and failed outcomes' handlers open their own transaction (they lock the
 * order), so for session events the `webhook_events` row is written only AFTER the effect
 * committed; a crash in between means Stripe redelivers and the effect, being idempotent, changes
 * nothing the second time. Refund reports run in the transaction that writes the row, so both
 * commit or neither (outcomes.server.ts). Anything that should be retried (unknown payment, a
 * failure) stores no dedupe row.
 */
export async function handleStripeWebhook({
  body,
  signature,
  secret,
  now,
}: {
  body: string;
  signature: string | null;
  secret: string;
  now?: Date;
}): Promise<WebhookAnswer> {
  let event: Stripe.Event;
  try {
    const receivedAt = now ? Math.floor(now.getTime() / 1000) : undefined;
    event = Stripe.webhooks.constructEvent(
      body,
      signature ?? "",
      secret,
      SIGNATURE_TOLERANCE_S,
      undefined,
      receivedAt,
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      return {
        status: 400,
        body: {
          error: "bad_signature",
          message: "Stripe-Signature does not match the body or is too old",
        },
      };
    }
    return {
      status: 400,
      body: { error: "invalid_payload", message: "Body is not a Stripe event" },
    };
  }
  if (!eventSchema.safeParse(event).success) {
    return {
      status: 400,
      body: { error: "invalid_payload", message: "Event has no id, type or data.object" },
    };
  }
  if (await alreadyHandled(db(), event.id))
    return { status: 200, body: { received: true, duplicate: true } };

  const type = event.type as string;
  if ((SESSION_EVENTS as readonly string[]).includes(type))
    return handleSession(event, type as (typeof SESSION_EVENTS)[number]);
  if ((REFUND_EVENTS as readonly string[]).includes(type)) return handleRefund(event, type);
  if ((INTENT_EVENTS as readonly string[]).includes(type)) return handleIntentCanceled(event);
  // Stripe's guidance: acknowledge what we do not handle, or it keeps retrying.
  return { status: 200, body: { received: true, ignored: type } };
}

async function handleSession(
  event: Stripe.Event,
  type: (typeof SESSION_EVENTS)[number],
): Promise<WebhookAnswer> {
  const parsed = sessionSchema.safeParse(event.data.object);
  if (!parsed.success)
    return {
      status: 400,
      body: {
        error: "invalid_payload",
        message: `Not a checkout session: ${parsed.error.issues[0]?.path.join(".")}`,
      },
    };
  const session = parsed.data;
  const [payment] = await db()
    .select({ id: payments.id, amountFen: payments.amountFen })
    .from(payments)
    .where(and(eq(payments.provider, "stripe"), eq(payments.providerRef, session.id)))
    .limit(1);
  if (!payment) {
    // A session another integration on the same account made is none of ours: acknowledge it.
    if (!session.metadata?.paymentId)
      return done(event, { received: true, ignored: "foreign_session" });
    // Ours but not (yet) visible: 404 and nothing stored, so Stripe delivers it again later.
    return {
      status: 404,
      body: { error: "unknown_payment", message: `No payment for checkout session ${session.id}` },
    };
  }

  if (
    settledLater(session.metadata?.capture) &&
    (type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded")
  )
    return handleHold(event, session, payment);

  const succeeded =
    type === "checkout.session.async_payment_succeeded" ||
    (type === "checkout.session.completed" && session.payment_status === "paid");
  if (type === "checkout.session.completed" && !succeeded) {
    // Alipay/WeChat Pay and bank methods may complete the session before the money arrives;
    // async_payment_succeeded or _failed follows.
    return done(event, { received: true, waiting: true });
  }
  if (succeeded) {
    if (session.currency?.toLowerCase() !== "cny" || session.amount_total === null) {
      return {
        status: 422,
        body: {
          error: "amount_mismatch",
          message: `Session paid ${session.amount_total} ${session.currency}, expected ${payment.amountFen} cny`,
        },
      };
    }
    const found = await methodSaved(session);
    if (!found.ok) return found.answer;
    const { saved } = found;
    const result = await announcePaymentOutcome("succeeded", {
      provider: "stripe",
      providerRef: session.id,
      providerPaymentRef: session.payment_intent ?? undefined,
      amountFen: session.amount_total,
      actor: "stripe",
      ...(saved ? { saved } : {}),
    });
    if (!result.ok) {
      if (result.error === "unknown_payment")
        return {
          status: 404,
          body: {
            error: "unknown_payment",
            message: `No payment for checkout session ${session.id}`,
          },
        };
      return {
        status: 422,
        body: {
          error: "amount_mismatch",
          message: `Session paid ${session.amount_total}, expected ${payment.amountFen}`,
        },
      };
    }
    return done(event, {
      received: true,
      orderId: result.orderId,
      outcome: result.outcome,
      changed: result.changed,
      ...(saved ? { saved } : {}),
    });
  }
  // A late "expired" or "failed" after the payment succeeded changes nothing (the handler's rule).
  const code = type === "checkout.session.expired" ? "session_expired" : "async_payment_failed";
  await announcePaymentOutcome("failed", {
    provider: "stripe",
    providerRef: session.id,
    code,
    actor: "stripe",
  });
  return done(event, { received: true });
}

/** A session created with a capture mode (CaptureMode): announced as authorized, not succeeded. */
function settledLater(capture: string | undefined): boolean {
  return capture === "manual" || capture === "charge";
}

/**
 * A completed session settled later: the PaymentIntent says whether the money is held (a card,
 * `requires_capture`) or was taken at once (`succeeded`: capture "charge", or Alipay and WeChat
 * Pay, which cannot be held); either is announced as `authorized`, with `held`. Not settled yet
 * (`processing`): acknowledged, async_payment_succeeded follows. Stripe unreachable: 503 with
 * nothing stored, so it redelivers.
 */
async function handleHold(
  event: Stripe.Event,
  session: z.infer<typeof sessionSchema>,
  payment: { id: string; amountFen: number },
): Promise<WebhookAnswer> {
  const api = stripeApiFromEnv();
  if (!session.payment_intent || !api) {
    console.error(`stripe webhook: session ${session.id} holds a payment we cannot look up`);
    return {
      status: 503,
      body: { error: "not_configured", message: "Stripe secret key or payment intent missing" },
    };
  }
  if (session.currency?.toLowerCase() !== "cny")
    return {
      status: 422,
      body: {
        error: "amount_mismatch",
        message: `Session is in ${session.currency}, expected cny`,
      },
    };
  let hold: Awaited<ReturnType<typeof holdOf>>;
  try {
    hold = await holdOf(api, session.payment_intent);
  } catch (error) {
    console.error(`stripe webhook: session ${session.id}: hold lookup failed`, error);
    return {
      status: 503,
      body: {
        error: "stripe_unavailable",
        message: `Could not look up what session ${session.id} holds; deliver again`,
      },
    };
  }
  if (hold.state === "waiting") return done(event, { received: true, waiting: true });
  const result = await announcePaymentOutcome("authorized", {
    provider: "stripe",
    providerRef: session.id,
    providerPaymentRef: session.payment_intent,
    amountFen: hold.amountFen,
    held: hold.state === "held",
    actor: "stripe",
  });
  if (!result.ok)
    return result.error === "unknown_payment"
      ? {
          status: 404,
          body: {
            error: "unknown_payment",
            message: `No payment for checkout session ${session.id}`,
          },
        }
      : {
          status: 422,
          body: {
            error: "amount_mismatch",
            message: `Session holds ${hold.amountFen}, expected ${payment.amountFen}`,
          },
        };
  return done(event, {
    received: true,
    orderId: result.orderId,
    outcome: result.outcome,
    changed: result.changed,
    held: hold.state === "held",
  });
}

/** A PaymentIntent cancelled at Stripe: a hold of ours that ended without us, or nothing to do. */
async function handleIntentCanceled(event: Stripe.Event): Promise<WebhookAnswer> {
  const parsed = intentSchema.safeParse(event.data.object);
  if (!parsed.success)
    return {
      status: 400,
      body: { error: "invalid_payload", message: "Not a payment intent" },
    };
  const result = await announcePaymentOutcome("voided", {
    provider: "stripe",
    providerPaymentRef: parsed.data.id,
    actor: "stripe",
  });
  // An intent we never recorded (an expired session's, another integration's) is acknowledged.
  return done(event, {
    received: true,
    changed: result.changed,
    ...(result.ok ? {} : { ignored: "unknown_intent" }),
  });
}

/**
 * For a session created with saveMethod: the method Stripe saved, which the event does not carry
 * (it is on the PaymentIntent). A Stripe fault answers 503 with nothing stored, so Stripe delivers
 * the event again; a PaymentIntent Stripe does not know saves nothing, and the payment still counts.
 */
async function methodSaved(
  session: z.infer<typeof sessionSchema>,
): Promise<
  | { ok: true; saved: { customerRef: string; methodRef: string } | undefined }
  | { ok: false; answer: WebhookAnswer }
> {
  if (session.metadata?.saveMethod !== "off_session" || !session.payment_intent)
    return { ok: true, saved: undefined };
  const api = stripeApiFromEnv();
  if (!api) {
    console.error(
      `stripe webhook: session ${session.id} saved a method, but STRIPE_SECRET_KEY is not set`,
    );
    return {
      ok: false,
      answer: {
        status: 503,
        body: { error: "not_configured", message: "Stripe secret key is not configured" },
      },
    };
  }
  try {
    return { ok: true, saved: await savedMethodOf(api, session.payment_intent) };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      console.error(`stripe webhook: session ${session.id}: ${error.message}; no saved method`);
      return { ok: true, saved: undefined };
    }
    console.error(`stripe webhook: session ${session.id}: saved method lookup failed`, error);
    return {
      ok: false,
      answer: {
        status: 503,
        body: {
          error: "stripe_unavailable",
          message: `Could not look up what session ${session.id} saved; deliver again`,
        },
      },
    };
  }
}

const REFUND_STATUS: Record<string, "pending" | "succeeded" | "failed"> = {
  pending: "pending",
  requires_action: "pending",
  succeeded: "succeeded",
  failed: "failed",
  canceled: "failed",
};

async function handleRefund(event: Stripe.Event, type: string): Promise<WebhookAnswer> {
  const list =
    type === "charge.refunded"
      ? (chargeSchema.safeParse(event.data.object).data?.refunds?.data ?? [])
      : [refundSchema.safeParse(event.data.object).data].filter((r) => r !== undefined);
  return db().transaction(async (tx) => {
    let updated = 0;
    for (const refund of list) {
      const status = REFUND_STATUS[refund.status ?? ""];
      if (!status) continue;
      const result = await announcePaymentOutcome("refunded", {
        provider: "stripe",
        refundRef: refund.id,
        status,
        actor: "stripe",
        tx,
      });
      if (result.updated) updated += 1;
    }
    await markHandled(tx, event);
    // A refund made in the Stripe dashboard has no row here; acknowledged, not retried forever.
    return { status: 200, body: { received: true, refundsUpdated: updated } };
  });
}

async function alreadyHandled(ex: Executor, eventId: string): Promise<boolean> {
  const [row] = await ex
    .select({ id: webhookEvents.eventId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, "stripe"), eq(webhookEvents.eventId, eventId)))
    .limit(1);
  return Boolean(row);
}

async function markHandled(ex: Executor, event: Stripe.Event): Promise<void> {
  await ex
    .insert(webhookEvents)
    .values({ provider: "stripe", eventId: event.id, type: event.type })
    .onConflictDoNothing();
}

async function done(event: Stripe.Event, body: Record<string, unknown>): Promise<WebhookAnswer> {
  await markHandled(db(), event);
  return { status: 200, body };
}
