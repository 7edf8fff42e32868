import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { orderIdSchema } from "~/orders/admin-orders";
import { cooperativeOrderCodes, hasOrderPart } from "~/orders/admin-orders.server";
import { renderLabels } from "~/shipping/labels.server";
import { findOrderShipments } from "~/shipping/shipments.server";
import { invariantFound, notFound } from "~/lib/not-found";

/**
 * GET /admin/orders/:orderId/labels.pdf: every parcel the current cooperative ships for the order,
 * one 100 × 150 mm page each. An order without a part for it is a 404, as if it did not exist;
 * so is one whose parcels do not exist yet (unpaid).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const orderId = orderIdSchema.safeParse(params.orderId);
  invariantFound(
    orderId.success &&
      (await hasOrderPart({ orderId: orderId.data, cooperativeId: cooperative.id })),
  );
  const parcels = await findOrderShipments({
    orderId: orderId.data,
    cooperativeId: cooperative.id,
  });
  if (parcels.length === 0) throw notFound("No parcels yet");
  const orderCodes = await cooperativeOrderCodes({
    cooperativeId: cooperative.id,
    ids: [orderId.data],
  });
  const pdf = await renderLabels({ shipments: parcels, orderCodes });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="labels-${orderId.data.replace(/[^\w.-]/g, "_")}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
