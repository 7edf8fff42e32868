import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import {
  carrierBatchSchema,
  carrierWebhookSecret,
  recordTrackingEvents,
  verifyCarrierSignature,
} from "~/shipping/tracking.server";

/**
 * POST /webhooks/carrier: a carrier's batch of tracking events as JSON, signed with
 * `X-Carrier-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. Redelivery is safe: events
 * are unique per carrier event id. A replayed body can only re-send events already stored.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST")
    return Response.json(
      { error: "method_not_allowed" },
      { status: 405, headers: { Allow: "POST" } },
    );
  const secret = carrierWebhookSecret();
  if (!secret) {
    console.error(
      "POST /webhooks/carrier refused: CARRIER_WEBHOOK_SECRET is not set in production",
    );
    return Response.json(
      { error: "not_configured", message: "Carrier webhook secret is not configured" },
      { status: 503 },
    );
  }
  const body = await request.text();
  if (!verifyCarrierSignature(body, request.headers.get("X-Carrier-Signature"), secret)) {
    return Response.json(
      { error: "bad_signature", message: "X-Carrier-Signature does not match the body" },
      { status: 401 },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return Response.json({ error: "invalid_json", message: "Body is not JSON" }, { status: 422 });
  }
  const parsed = carrierBatchSchema.superRefine(storableEvents).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return Response.json(
      { error: "invalid_event", message: issue.message, field: issue.path.join(".") },
      { status: 422 },
    );
  }
  const result = await recordTrackingEvents({ source: "carrier", events: parsed.data.events });
  if (!result.ok) {
    return Response.json(
      {
        error: result.error,
        message: `Unknown tracking number: ${result.trackingNumbers.join(", ")}; nothing in this batch was stored`,
        trackingNumbers: result.trackingNumbers,
      },
      { status: 422 },
    );
  }
  return Response.json({
    received: result.received,
    stored: result.stored,
    duplicates: result.received - result.stored,
  });
}

export async function loader() {
  return Response.json(
    { error: "method_not_allowed" },
    { status: 405, headers: { Allow: "POST" } },
  );
}

// Times the database stores on every driver (PGlite refuses year 0 and years past 9999), and
// text without U+0000 (PostgreSQL cannot store it): anything else is a 422, not a 500.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
function storableEvents(
  { events }: { events: { eventId: string; occurredAt: Date; place: string; note: string }[] },
  ctx: z.RefinementCtx,
) {
  events.forEach((e, i) => {
    const t = e.occurredAt.getTime();
    if (!(t >= EARLIEST && t < LATEST))
      ctx.addIssue({
        code: "custom",
        path: ["events", i, "occurredAt"],
        message: "must be between 2000 and 2100",
      });
    for (const field of ["eventId", "place", "note"] as const) {
      if (e[field].includes("\u0000"))
        ctx.addIssue({
          code: "custom",
          path: ["events", i, field],
          message: "must not contain NUL characters",
        });
    }
  });
}
