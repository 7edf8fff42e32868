import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdminUser } from "~/auth/session.server";
import { cooperativeOrderCodes } from "~/orders/admin-orders.server";
import { renderLabels } from "~/shipping/labels.server";
import { findOrderShipments, getCooperativeShipment } from "~/shipping/shipments.server";
import { invariantFound } from "~/lib/not-found";

/**
 * GET /admin/shipments/:id/label.pdf: the parcel's 100 × 150 mm label; `?order=1` prints every
 * parcel of its order in one file. Another cooperative's parcel is a 404, as if it did not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdminUser(request);
  const shipment = await getCooperativeShipment({
    shipmentId: params.shipmentId ?? "",
    cooperativeIds: user.role === "admin" ? null : user.memberships.map((m) => m.cooperativeId),
  });
  invariantFound(shipment);
  const wholeOrder =
    new URL(request.url).searchParams.get("order") === "1" &&
    shipment.orderId &&
    shipment.cooperativeId;
  const parcels = wholeOrder
    ? await findOrderShipments({
        orderId: shipment.orderId!,
        cooperativeId: shipment.cooperativeId!,
      })
    : [shipment];
  const orderCodes =
    shipment.orderId && shipment.cooperativeId
      ? await cooperativeOrderCodes({
          cooperativeId: shipment.cooperativeId,
          ids: [shipment.orderId],
        })
      : new Map<string, string>();
  const pdf = await renderLabels({ shipments: parcels, orderCodes });
  const name = wholeOrder
    ? `labels-${orderCodes.get(shipment.orderId!) ?? "order"}.pdf`
    : `label-${shipment.trackingNumber}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${name.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
