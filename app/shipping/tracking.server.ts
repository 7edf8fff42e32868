import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { orderParts } from "../../db/orders-schema";
import {
  shipments,
  TRACKING_EVENT_TYPES,
  trackingEvents,
  type ShipmentRow,
  type TrackingEventRow,
  type TrackingEventType,
} from "../../db/shipping-schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { newId } from "../lib/ids";
import { COLLECTED_EVENT_TYPES } from "./cooperative-events";
import { announceParcelEvent } from "./parcel-events.server";
import { SHIPMENT_STATUSES, type ShipmentStatus } from "./public-view";
import { isValidS10, normalizeTrackingNumber } from "./s10";

export const STALLED_AFTER_MS = 24 * 60 * 60 * 1000;
/** Statuses after which silence is expected, not a problem. */
export const FINAL_STATUSES = ["delivered", "returned"] as const;
export const MAX_EVENTS_PER_BATCH = 500;

/** What a carrier (or a cooperative) tells us about one parcel. */
export const trackingEventInputSchema = z.object({
  eventId: z.string().trim().min(1).max(100),
  trackingNumber: z
    .string()
    .transform(normalizeTrackingNumber)
    .refine(isValidS10, "not a valid S10 tracking number"),
  type: z.enum(TRACKING_EVENT_TYPES),
  occurredAt: z
    .string()
    .datetime({ offset: true })
    .transform((s) => new Date(s)),
  place: z.string().trim().max(200).default(""),
  note: z.string().trim().max(500).default(""),
});
export type TrackingEventInput = z.infer<typeof trackingEventInputSchema>;

export const carrierBatchSchema = z.object({
  events: z.array(trackingEventInputSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

export type RecordResult =
  | { ok: true; received: number; stored: number }
  | { ok: false; error: "unknown_tracking_number"; trackingNumbers: string[] };

/**
 * Stores a batch of events all-or-nothing. `(source, eventId)` is unique, so a redelivered
 * event is a no-op; a batch naming any unknown parcel stores nothing.
 */
export async function recordTrackingEvents({
  source,
  events,
  tx: outer,
}: {
  source: "carrier" | "cooperative";
  events: TrackingEventInput[];
  tx?: Executor;
}): Promise<RecordResult> {
  if (events.length === 0) return { ok: true, received: 0, stored: 0 };
  const numbers = [...new Set(events.map((e) => e.trackingNumber))].sort();
  const orderIds = new Set<string | null>();
  const run = async (tx: Executor): Promise<RecordResult> => {
    // Lock the parcels (in a fixed order, so two batches cannot deadlock) so that status is
    // recomputed after any concurrent batch for the same parcel has committed.
    const rows = await tx
      .select({
        id: shipments.id,
        trackingNumber: shipments.trackingNumber,
        orderId: shipments.orderId,
      })
      .from(shipments)
      .where(inArray(shipments.trackingNumber, numbers))
      .orderBy(asc(shipments.id))
      .for("update");
    for (const r of rows) orderIds.add(r.orderId);
    const idByNumber = new Map(rows.map((r) => [r.trackingNumber, r.id]));
    const unknown = numbers.filter((n) => !idByNumber.has(n));
    if (unknown.length > 0)
      return { ok: false, error: "unknown_tracking_number", trackingNumbers: unknown };
    const inserted = await tx
      .insert(trackingEvents)
      .values(
        events.map((e) => ({
          shipmentId: idByNumber.get(e.trackingNumber)!,
          source,
          eventId: e.eventId,
          type: e.type,
          occurredAt: e.occurredAt,
          place: e.place,
          note: e.note,
        })),
      )
      .onConflictDoNothing({ target: [trackingEvents.source, trackingEvents.eventId] })
      .returning({ id: trackingEvents.id });
    await refreshStatus(tx, [...idByNumber.values()]);
    return { ok: true, received: events.length, stored: inserted.length };
  };
  if (outer) return run(outer);
  const result = await db().transaction(run);
  // After the commit: the orders whose parcels moved follow them (parcel-events.server.ts).
  if (result.ok && result.stored > 0) await announceTracked(orderIds, source);
  return result;
}

/** Status and last event time follow the latest event by when it happened, not when it arrived. */
async function refreshStatus(tx: Executor, shipmentIds: string[]): Promise<void> {
  await tx
    .update(shipments)
    .set({
      status: sql`coalesce((select ${trackingEvents.type} from ${trackingEvents}
        where ${trackingEvents.shipmentId} = ${shipments.id}
        order by ${trackingEvents.occurredAt} desc, ${trackingEvents.id} desc limit 1), 'created')`,
      lastEventAt: sql`(select max(${trackingEvents.occurredAt}) from ${trackingEvents}
        where ${trackingEvents.shipmentId} = ${shipments.id})`,
    })
    .where(inArray(shipments.id, shipmentIds));
}

/**
 * An event entered by the cooperative (handed to carrier, a problem, …) for its own parcel.
 * With `unlessAnyOf`, nothing is stored when the parcel already has an event of one of those types
 * from anyone (checked under the parcel's row lock, so a carrier's event arriving at once is seen).
 */
export async function recordCooperativeEvent({
  cooperativeId,
  shipmentId,
  type,
  occurredAt = new Date(),
  place = "",
  note = "",
  eventId = newId("cev"),
  unlessAnyOf = [],
  unlessPartCancelled = false,
}: {
  cooperativeId: string;
  shipmentId: string;
  type: TrackingEventInput["type"];
  occurredAt?: Date;
  place?: string;
  note?: string;
  eventId?: string;
  unlessAnyOf?: readonly TrackingEventType[];
  /** Refuse (not_found) a parcel whose order part was cancelled: its stock is back on sale, its money refunded. */
  unlessPartCancelled?: boolean;
}): Promise<RecordResult | { ok: false; error: "not_found" }> {
  let orderId: string | null = null;
  const result = await db().transaction(async (tx) => {
    const [row] = await tx
      .select({ trackingNumber: shipments.trackingNumber, orderId: shipments.orderId })
      .from(shipments)
      .where(and(eq(shipments.id, shipmentId), eq(shipments.cooperativeId, cooperativeId)))
      .for("update");
    if (!row) return { ok: false, error: "not_found" } as const;
    orderId = row.orderId;
    // Read after the parcel's lock, which cancelOrderPart also takes: a cancel either committed
    // before (seen here) or waits and then sees this event (and refuses as already shipped).
    if (unlessPartCancelled && row.orderId) {
      const [cancelled] = await tx
        .select({ status: orderParts.status })
        .from(orderParts)
        .where(
          and(
            eq(orderParts.orderId, row.orderId),
            eq(orderParts.cooperativeId, cooperativeId),
            eq(orderParts.status, "cancelled"),
          ),
        );
      if (cancelled) return { ok: false, error: "not_found" } as const;
    }
    if (unlessAnyOf.length > 0) {
      const [seen] = await tx
        .select({ id: trackingEvents.id })
        .from(trackingEvents)
        .where(
          and(
            eq(trackingEvents.shipmentId, shipmentId),
            inArray(trackingEvents.type, [...unlessAnyOf]),
          ),
        )
        .limit(1);
      if (seen) return { ok: true, received: 1, stored: 0 } as const;
    }
    return recordTrackingEvents({
      source: "cooperative",
      events: [{ eventId, trackingNumber: row.trackingNumber, type, occurredAt, place, note }],
      tx,
    });
  });
  // After the commit (e.g. handed to the carrier): the order follows its parcels.
  if (result.ok && result.stored > 0)
    await announceTracked([orderId], `cooperative:${cooperativeId}`);
  return result;
}

function announceTracked(orderIds: Iterable<string | null>, actor: string): Promise<void> {
  const ids = [...new Set(orderIds)].filter((id): id is string => id !== null);
  return announceParcelEvent("tracked", { orderIds: ids, actor });
}

export function isStalled(
  s: Pick<ShipmentRow, "status" | "lastEventAt" | "createdAt">,
  now: Date = new Date(),
): boolean {
  if ((FINAL_STATUSES as readonly string[]).includes(s.status)) return false;
  const last = s.lastEventAt ?? s.createdAt;
  return now.getTime() - last.getTime() >= STALLED_AFTER_MS;
}

export interface ShipmentWithEvents {
  shipment: ShipmentRow;
  events: TrackingEventRow[];
  stalled: boolean;
}

/** A parcel and its timeline in time order; null for malformed or unknown numbers. */
export async function getShipmentByTrackingNumber({
  trackingNumber,
  now = new Date(),
}: {
  trackingNumber: string;
  now?: Date;
}): Promise<ShipmentWithEvents | null> {
  const number = normalizeTrackingNumber(trackingNumber);
  if (!isValidS10(number)) return null;
  const [shipment] = await db()
    .select()
    .from(shipments)
    .where(eq(shipments.trackingNumber, number));
  if (!shipment) return null;
  const events = await db()
    .select()
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipment.id))
    .orderBy(asc(trackingEvents.occurredAt), asc(trackingEvents.id));
  return { shipment, events, stalled: isStalled(shipment, now) };
}

export { SHIPMENT_STATUSES, type ShipmentStatus };

/** A cooperative's parcels, newest first, optionally one status or only the stalled ones. */
export async function listCooperativeShipments({
  cooperativeId,
  status,
  stalledOnly = false,
  limit = 200,
  now = new Date(),
}: {
  cooperativeId: string;
  status?: ShipmentStatus;
  stalledOnly?: boolean;
  limit?: number;
  now?: Date;
}): Promise<Array<ShipmentRow & { stalled: boolean; collected: boolean }>> {
  const cutoff = new Date(now.getTime() - STALLED_AFTER_MS);
  const rows = await db()
    .select({
      ...getTableColumns(shipments),
      // Whether the carrier has (or had) it, by anyone's report. Spelled out: drizzle leaves columns
      // of a one-table select unqualified, and a bare "id" in the subquery is tracking_events.id.
      collected: sql<boolean>`exists (select 1 from "tracking_events" te
        where te."shipment_id" = "shipments"."id"
        and te."type" in (${sql.join(
          COLLECTED_EVENT_TYPES.map((t) => sql`${t}`),
          sql`, `,
        )}))`.mapWith(Boolean),
    })
    .from(shipments)
    .where(
      and(
        eq(shipments.cooperativeId, cooperativeId),
        status ? eq(shipments.status, status) : undefined,
        stalledOnly
          ? sql`${shipments.status} not in ('delivered', 'returned')
              and coalesce(${shipments.lastEventAt}, ${shipments.createdAt}) <= ${cutoff.toISOString()}`
          : undefined,
      ),
    )
    .orderBy(desc(shipments.createdAt), asc(shipments.orderId), asc(shipments.parcelIndex))
    .limit(limit);
  return rows.map((r) => ({ ...r, stalled: isStalled(r, now) }));
}

// --- carrier webhook signature -------------------------------------------------------------

/** Used only outside production, so local runs and tests work without configuration. */
export const DEVELOPMENT_CARRIER_SECRET = "dev-carrier-webhook-secret-not-for-production";

/** The shared secret, or null in production when none is configured (the webhook then refuses). */
export function carrierWebhookSecret(): string | null {
  if (env.CARRIER_WEBHOOK_SECRET) return env.CARRIER_WEBHOOK_SECRET;
  return env.NODE_ENV === "production" ? null : DEVELOPMENT_CARRIER_SECRET;
}

export function signCarrierBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Constant-time comparison of `sha256=<hex>` against the HMAC of the raw body. */
export function verifyCarrierSignature(
  body: string,
  header: string | null,
  secret: string,
): boolean {
  if (!header) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac("sha256", secret).update(body, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, "hex"));
}
