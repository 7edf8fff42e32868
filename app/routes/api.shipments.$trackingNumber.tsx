import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/auth/client-ip";
import { publicShipmentView } from "~/shipping/public-view";
import { trackShipment } from "~/shipping/tracking-lookup.server";

/** GET /api/shipments/:trackingNumber → the parcel and its events in time order (fixed contract). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await trackShipment({
    trackingNumber: params.trackingNumber ?? "",
    ip: clientIp(context),
  });
  if (found.ok)
    return Response.json(publicShipmentView(found.shipment), {
      headers: { "Cache-Control": "no-store" },
    });
  if (found.error === "rate_limited") {
    return Response.json(
      {
        error: "rate_limited",
        message: `Too many tracking lookups from this address; try again in ${found.retryAfterSeconds} seconds`,
      },
      {
        status: 429,
        headers: { "Retry-After": String(found.retryAfterSeconds), "Cache-Control": "no-store" },
      },
    );
  }
  return Response.json(
    { error: "not_found", message: "No parcel with this tracking number" },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}
