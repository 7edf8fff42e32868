import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapFileCounts, SITEMAP_KINDS, xmlEscape } from "~/catalog/sitemap.server";
import { env } from "~/lib/env.server";
import { siteOrigin } from "~/lib/origin.server";

/** A sitemap index: the pages file, then each kind's files of at most SITEMAP_PAGE_SIZE URLs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const counts = await sitemapFileCounts(env.SITEMAP_PAGE_SIZE);
  const files = [
    "pages.xml",
    ...SITEMAP_KINDS.flatMap((kind) =>
      Array.from({ length: counts[kind] }, (_, i) => `${kind}-${i + 1}.xml`),
    ),
  ];
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...files.map(
      (f) =>
        `  <sitemap><loc>${xmlEscape(new URL(`/sitemaps/${f}`, origin).toString())}</loc></sitemap>`,
    ),
    "</sitemapindex>",
    "",
  ].join("\n");
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    },
  });
}
