import type { LoaderFunctionArgs } from "@remix-run/node";
import { dealShareLink } from "~/groupbuy/storefront.server";
import { invariantFound } from "~/lib/not-found";
import { contentDisposition, qrSvg } from "~/live/qr.server";

/** GET /g/:code/qr.svg: a group deal's share link as a QR code that scales to any size (posters). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const deal = await dealShareLink({ request, code: params.code });
  invariantFound(deal);
  return new Response(qrSvg(deal.url), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": contentDisposition(request, `groupbuy-${deal.code}.svg`),
      "Cache-Control": "public, max-age=3600",
      // An image, never a document that runs anything.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
