import type { ShipmentRow, TrackingEventRow } from "../../db/shipping-schema";
import { maskName, maskPhone, type Party } from "./parties";

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
