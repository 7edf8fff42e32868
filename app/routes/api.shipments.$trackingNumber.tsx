import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicShipmentView } from "~/shipping/public-view";
import { getShipmentByTrackingNumber } from "~/shipping/tracking.server";

/** GET /api/shipments/:trackingNumber → the parcel and its events in time order (fixed contract). */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getShipmentByTrackingNumber({ trackingNumber: params.trackingNumber ?? "" });
  if (!found) {
    return Response.json(
      { error: "not_found", message: "No parcel with this tracking number" },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  return Response.json(publicShipmentView(found), { headers: { "Cache-Control": "no-store" } });
}
