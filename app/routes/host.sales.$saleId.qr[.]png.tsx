import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHost } from "~/auth/session.server";
import { invariantFound } from "~/lib/not-found";
import { contentDisposition, qrPng, saleLink } from "~/live/qr.server";

/** GET /host/sales/:saleId/qr.png[?size=120–2000][&download=1]: the sale's short link as a QR code for a stream overlay. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const sale = await saleLink({ request, saleId: params.saleId, user });
  invariantFound(sale);
  const png = await qrPng(sale.url, new URL(request.url).searchParams.get("size"));
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": contentDisposition(request, `flash-${sale.code}.png`),
      "Cache-Control": "private, max-age=300",
    },
  });
}
