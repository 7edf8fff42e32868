import { eq } from "drizzle-orm";
import { shipments } from "../../db/shipping-schema";
import { hitRateLimit, rateLimitKey } from "../lib/rate-limit.server";
import { db } from "../lib/db.server";
import { isValidS10, normalizeTrackingNumber } from "./s10";
import { getShipmentByTrackingNumber, type ShipmentWithEvents } from "./tracking.server";

export type TrackingLookupError = "empty" | "malformed" | "check_digit" | "unknown";
export type TrackingLookup =
  | { ok: true; trackingNumber: string }
  | { ok: false; error: TrackingLookupError; trackingNumber: string }
  | { ok: false; error: "rate_limited"; trackingNumber: string; retryAfterSeconds: number };

const S10_SHAPE = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

/**
 * Tracking numbers are sequential, so the neighbours of one's own parcel are other people's
 * (masked name and phone, city, timeline): lookups of valid numbers are counted per client
 * address, on /track, /track/:n and /api/shipments/:n alike. A shopper following a few parcels,
 * or a cooperative checking a day's dispatch by hand, stays far below; a script walking the
 * sequence stops at 200 per 15 minutes. A number we have no parcel for (probing past the range,
 * guessing) costs 10, so 20 of those fill the window; typos mostly fail the check digit and are
 * never counted, since they reach no parcel.
 */
export const TRACKING_LOOKUP_LIMIT = {
  limit: 200,
  windowMs: 15 * 60 * 1000,
  missCost: 10,
} as const;

type Limited = { retryAfterSeconds: number };

/** Counts one lookup by `ip`; over the limit, the seconds to wait. */
async function countLookup(ip: string): Promise<Limited | null> {
  // Without a known address (never the case behind server.ts) a shared bucket would lock everyone out.
  if (ip === "unknown") return null;
  const { limit, windowMs } = TRACKING_LOOKUP_LIMIT;
  const hit = await hitRateLimit({ key: rateLimitKey("track:ip", ip), limit, windowMs });
  return hit.allowed ? null : { retryAfterSeconds: hit.retryAfterSeconds };
}

/** A lookup that found nothing pays the rest of a miss's cost. */
async function countMiss(ip: string): Promise<void> {
  if (ip === "unknown") return;
  const { limit, windowMs, missCost } = TRACKING_LOOKUP_LIMIT;
  await hitRateLimit({ key: rateLimitKey("track:ip", ip), limit, windowMs, cost: missCost - 1 });
}

/** What is wrong with a typed number before any lookup: nothing typed, not its shape, or its check digit. */
export function checkTrackingNumber(input: string): {
  trackingNumber: string;
  problem: Exclude<TrackingLookupError, "unknown"> | null;
} {
  const trackingNumber = normalizeTrackingNumber(input);
  if (trackingNumber === "") return { trackingNumber, problem: "empty" };
  if (!S10_SHAPE.test(trackingNumber)) return { trackingNumber, problem: "malformed" };
  if (!isValidS10(trackingNumber)) return { trackingNumber, problem: "check_digit" };
  return { trackingNumber, problem: null };
}

/**
 * What a shopper typed into the lookup form, told apart so the page can say what to fix: nothing
 * typed, not shaped like a tracking number, a mistyped digit (the check digit catches most), or
 * a well-formed number we have no parcel for; or too many lookups from this address.
 */
export async function lookupTrackingNumber({
  input,
  ip,
}: {
  input: string;
  ip: string;
}): Promise<TrackingLookup> {
  const { trackingNumber, problem } = checkTrackingNumber(input);
  if (problem) return { ok: false, error: problem, trackingNumber };
  const limited = await countLookup(ip);
  if (limited) return { ok: false, error: "rate_limited", trackingNumber, ...limited };
  const [row] = await db()
    .select({ id: shipments.id })
    .from(shipments)
    .where(eq(shipments.trackingNumber, trackingNumber));
  if (row) return { ok: true, trackingNumber };
  await countMiss(ip);
  return { ok: false, error: "unknown", trackingNumber };
}

export type TrackedShipment =
  | { ok: true; shipment: ShipmentWithEvents }
  | { ok: false; error: "not_found" }
  | ({ ok: false; error: "rate_limited" } & Limited);

/** A parcel and its events by tracking number (the parcel page and the JSON endpoint), counted like a lookup. */
export async function trackShipment({
  trackingNumber,
  ip,
}: {
  trackingNumber: string;
  ip: string;
}): Promise<TrackedShipment> {
  // Not a valid S10 number: no parcel can match, nothing to count.
  if (!isValidS10(normalizeTrackingNumber(trackingNumber)))
    return { ok: false, error: "not_found" };
  const limited = await countLookup(ip);
  if (limited) return { ok: false, error: "rate_limited", ...limited };
  const shipment = await getShipmentByTrackingNumber({ trackingNumber });
  if (shipment) return { ok: true, shipment };
  await countMiss(ip);
  return { ok: false, error: "not_found" };
}
