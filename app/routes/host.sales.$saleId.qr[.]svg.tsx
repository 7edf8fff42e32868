import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireHost } from "~/auth/session.server";
import { invariantFound } from "~/lib/not-found";
import { contentDisposition, qrSvg, saleLink } from "~/live/qr.server";

/** GET /host/sales/:saleId/qr.svg: the sale's short link as a QR code that scales to any size. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const sale = await saleLink({ request, saleId: params.saleId, user });
  invariantFound(sale);
  return new Response(qrSvg(sale.url), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": contentDisposition(request, `flash-${sale.code}.svg`),
      "Cache-Control": "private, max-age=300",
      // An image, never a document that runs anything.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
