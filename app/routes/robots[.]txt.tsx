import type { LoaderFunctionArgs } from "@remix-run/node";
import { siteOrigin } from "~/lib/origin.server";

export function loader({ request }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    "Allow: /",
    "Disallow: /cart",
    "Disallow: /admin",
    "Disallow: /host",
    "Disallow: /api/",
    "",
    `Sitemap: ${new URL("/sitemap.xml", siteOrigin(request)).toString()}`,
    "",
  ].join("\n");
  return new Response(body, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
