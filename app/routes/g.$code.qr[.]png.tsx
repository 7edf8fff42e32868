import type { LoaderFunctionArgs } from "@remix-run/node";
import { dealShareLink } from "~/groupbuy/storefront.server";
import { invariantFound } from "~/lib/not-found";
import { contentDisposition, qrPng } from "~/live/qr.server";

/** GET /g/:code/qr.png[?size=120–2000][&download=1]: a group deal's share link as a QR code. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const deal = await dealShareLink({ request, code: params.code });
  invariantFound(deal);
  const png = await qrPng(deal.url, new URL(request.url).searchParams.get("size"));
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": contentDisposition(request, `groupbuy-${deal.code}.png`),
      "Cache-Control": "public, max-age=3600",
    },
  });
}
