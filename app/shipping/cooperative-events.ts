import { z } from "zod";

/**
 * What the cooperative posts from /admin/shipments. Client-safe (the page uses the limits), no I/O.
 * Error messages are keys of `shipment-messages.ts`.
 */
export const PROBLEM_NOTE_MAX = 200;
export const COOPERATIVE_INTENTS = ["handover", "problem"] as const;
export type CooperativeIntent = (typeof COOPERATIVE_INTENTS)[number];

export const intentSchema = z.enum(COOPERATIVE_INTENTS);
/** Our ids are `shp_` and letters; anything else (a NUL would fail the query) is simply not found. */
export const shipmentIdSchema = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);

/** The form renders a fresh key each time it is shown, so a double submit stores one problem. */
export const requestKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/);

export const problemNoteSchema = z
  .string({ required_error: "problem.noteRequired", invalid_type_error: "problem.noteRequired" })
  // One line on the public tracking page: newlines, control characters (PostgreSQL refuses NUL)
  // and runs of spaces become one space.
  // eslint-disable-next-line no-control-regex
  .transform((s) => s.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim())
  .pipe(z.string().min(1, "problem.noteRequired").max(PROBLEM_NOTE_MAX, "problem.noteTooLong"));

/**
 * Events after which the carrier has (or had) the parcel: "handed to carrier" is offered and
 * recorded only before any of them, so it can never move a parcel in transit back to `accepted`.
 */
export const COLLECTED_EVENT_TYPES = [
  "accepted",
  "departed",
  "arrived",
  "out_for_delivery",
  "delivered",
  "returned",
] as const;

/** The deterministic event id that makes "handed to carrier" happen once per parcel. */
export const handoverEventId = (shipmentId: string) => `handover:${shipmentId}`;
export const problemEventId = (shipmentId: string, key: string) => `problem:${shipmentId}:${key}`;
