import type { ShipmentRow, TrackingEventRow, TrackingEventType } from "../../db/shipping-schema";
import { maskName, maskPhone, type Party } from "./parties";

/** A parcel is `created` until its first tracking event, then follows the latest one. */
// Spelled out rather than spread from the schema, so pages can import it without drizzle.
export const SHIPMENT_STATUSES = [
  "created",
  "accepted",
  "departed",
  "arrived",
  "out_for_delivery",
  "delivered",
  "exception",
  "returned",
] as const satisfies readonly ("created" | TrackingEventType)[];
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
// Fails to compile if the schema gains an event type this list lacks.
const _complete: Exclude<TrackingEventType, ShipmentStatus> extends never ? true : never = true;
void _complete;

/**
 * What anyone holding a tracking number may see: the parcel, its timeline, where it goes to the
 * city, and the recipient only masked (the number is printed on a box anyone can read).
 */
export function publicShipmentView({
  shipment: s,
  events,
  stalled,
}: {
  shipment: ShipmentRow;
  events: TrackingEventRow[];
  stalled: boolean;
}) {
  const sender = s.sender as Party;
  const recipient = s.recipient as Party;
  return {
    trackingNumber: s.trackingNumber,
    service: s.service,
    storage: s.storage,
    zone: s.zone,
    status: s.status,
    stalled,
    parcel: { index: s.parcelIndex, count: s.parcelCount },
    chargeableG: s.chargeableG,
    transitDays: s.transitDays,
    createdAt: s.createdAt.toISOString(),
    lastEventAt: s.lastEventAt?.toISOString() ?? null,
    sender: { name: sender.name, province: s.originProvince, city: sender.city },
    recipient: {
      name: maskName(recipient.name),
      phone: maskPhone(recipient.phone),
      province: s.destinationProvince,
      city: recipient.city,
    },
    events: events.map((e) => ({
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
      place: e.place,
      note: e.note,
      source: e.source,
    })),
  };
}
export type PublicShipment = ReturnType<typeof publicShipmentView>;
