import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { cooperativeOrderCodes } from "~/orders/admin-orders.server";
import { invariantFound } from "~/lib/not-found";
import { MAX_LABELS_PER_FILE } from "~/shipping/labels";
import { renderLabels } from "~/shipping/labels.server";
import { getCooperativeShipmentsByIds } from "~/shipping/shipments.server";

const idsSchema = z.array(z.string()).min(1).max(MAX_LABELS_PER_FILE);

/**
 * GET /admin/shipments/labels.pdf?id=shp_…&id=shp_…: the labels of the parcels the owner picked,
 * one 100 × 150 mm page each, in one file to print in one go. Every id must be a parcel of the
 * cooperative on screen: one that is not (another cooperative's, or none) makes the whole request
 * a 404, so the file never mixes in, or hints at, anyone else's parcels.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const ids = new URL(request.url).searchParams.getAll("id");
  const parsed = idsSchema.safeParse([...new Set(ids)]);
  if (!parsed.success) {
    const message =
      ids.length === 0
        ? "Choose at least one parcel (?id=shp_…) · 请至少选择一个包裹"
        : `At most ${MAX_LABELS_PER_FILE} labels per file; print the rest in another · 一次最多打印 ${MAX_LABELS_PER_FILE} 张面单，其余请分批打印`;
    throw new Response(message, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const parcels = await getCooperativeShipmentsByIds({
    shipmentIds: parsed.data,
    cooperativeId: cooperative.id,
  });
  invariantFound(parcels);
  const orderCodes = await cooperativeOrderCodes({
    cooperativeId: cooperative.id,
    ids: parcels.map((p) => p.orderId ?? ""),
  });
  const pdf = await renderLabels({ shipments: parcels, orderCodes });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="labels-${parcels.length}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
