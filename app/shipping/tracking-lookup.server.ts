import { eq } from "drizzle-orm";
import { shipments } from "../../db/shipping-schema";
import { db } from "../lib/db.server";
import { isValidS10, normalizeTrackingNumber } from "./s10";

export type TrackingLookupError = "empty" | "malformed" | "check_digit" | "unknown";
export type TrackingLookup = { ok: true; trackingNumber: string } | { ok: false; error: TrackingLookupError; trackingNumber: string };

const S10_SHAPE = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

/**
 * What a shopper typed into the lookup form, told apart so the page can say what to fix: nothing
 * typed, not shaped like a tracking number, a mistyped digit (the check digit catches most), or
 * a well-formed number we have no parcel for.
 */
export async function lookupTrackingNumber({ input }: { input: string }): Promise<TrackingLookup> {
  const trackingNumber = normalizeTrackingNumber(input);
  if (trackingNumber === "") return { ok: false, error: "empty", trackingNumber };
  if (!S10_SHAPE.test(trackingNumber)) return { ok: false, error: "malformed", trackingNumber };
  if (!isValidS10(trackingNumber)) return { ok: false, error: "check_digit", trackingNumber };
  const [row] = await db()
    .select({ id: shipments.id })
    .from(shipments)
    .where(eq(shipments.trackingNumber, trackingNumber));
  return row ? { ok: true, trackingNumber } : { ok: false, error: "unknown", trackingNumber };
}
