import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook, stripeWebhookSecret } from "~/payments/stripe-webhook.server";

/**
 * POST /webhooks/stripe: Stripe's event deliveries, verified with `Stripe-Signature` over the raw
 * body and de-duplicated by event id (see app/payments/stripe-webhook.server.ts, docs/payments.md).
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return Response.json(
      { error: "method_not_allowed" },
      { status: 405, headers: { Allow: "POST" } },
    );
  const secret = stripeWebhookSecret();
  if (!secret) {
    console.error("POST /webhooks/stripe refused: STRIPE_WEBHOOK_SECRET is not set");
    return Response.json(
      { error: "not_configured", message: "Stripe webhook secret is not configured" },
      { status: 503 },
    );
  }
  // The signature covers the exact bytes Stripe sent, so read the body as text, never re-serialised JSON.
  const body = await request.text();
  const answer = await handleStripeWebhook({
    body,
    signature: request.headers.get("Stripe-Signature"),
    secret,
  });
  return Response.json(answer.body, { status: answer.status });
}

export async function loader() {
  return Response.json(
    { error: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST" } },
  );
}
