import { eq } from "drizzle-orm";
import { cooperatives } from "../../db/schema";
import { db } from "../lib/db.server";
import { COLLECTED_EVENT_TYPES, handoverEventId, problemEventId } from "./cooperative-events";
import { getCooperativeShipment } from "./shipments.server";
import { recordCooperativeEvent } from "./tracking.server";

export type CooperativeEventResult =
  { ok: true; trackingNumber: string; stored: boolean } | { ok: false; error: "not_found" };

interface Access {
  shipmentId: string;
  /** The cooperatives the user may act for; null means any (platform admin). */
  cooperativeIds: string[] | null;
  now?: Date;
}

/** The parcel, if the user may act for its cooperative (a parcel with no cooperative has no one to act). */
async function findParcel({ shipmentId, cooperativeIds }: Access) {
  const shipment = await getCooperativeShipment({ shipmentId, cooperativeIds });
  return shipment?.cooperativeId ? { ...shipment, cooperativeId: shipment.cooperativeId } : null;
}

/**
 * The cooperative handed the parcel to the courier: an `accepted` event at the cooperative's
 * city. Once per parcel: the event id is fixed, and a parcel the carrier already has (accepted,
 * in transit, delivered, …) gets none, so its status never moves back.
 */
export async function handOverToCarrier({
  shipmentId,
  cooperativeIds,
  now = new Date(),
}: Access): Promise<CooperativeEventResult> {
  const shipment = await findParcel({ shipmentId, cooperativeIds });
  if (!shipment) return { ok: false, error: "not_found" };
  const [coop] = await db()
    .select({ cityZh: cooperatives.cityZh })
    .from(cooperatives)
    .where(eq(cooperatives.id, shipment.cooperativeId));
  const result = await recordCooperativeEvent({
    cooperativeId: shipment.cooperativeId,
    shipmentId,
    type: "accepted",
    occurredAt: now,
    place: coop?.cityZh ?? "",
    eventId: handoverEventId(shipmentId),
    unlessAnyOf: COLLECTED_EVENT_TYPES,
    // A parcel of a cancelled order part must not leave.
    unlessPartCancelled: true,
  });
  if (!result.ok) return { ok: false, error: "not_found" };
  return { ok: true, trackingNumber: shipment.trackingNumber, stored: result.stored > 0 };
}

/** A problem the cooperative reports (an `exception` with its note, shown to the shopper). */
export async function reportShipmentProblem({
  shipmentId,
  cooperativeIds,
  note,
  requestKey,
  now = new Date(),
}: Access & { note: string; requestKey: string }): Promise<CooperativeEventResult> {
  const shipment = await findParcel({ shipmentId, cooperativeIds });
  if (!shipment) return { ok: false, error: "not_found" };
  const result = await recordCooperativeEvent({
    cooperativeId: shipment.cooperativeId,
    shipmentId,
    type: "exception",
    occurredAt: now,
    note,
    eventId: problemEventId(shipmentId, requestKey),
  });
  if (!result.ok) return { ok: false, error: "not_found" };
  return { ok: true, trackingNumber: shipment.trackingNumber, stored: result.stored > 0 };
}
