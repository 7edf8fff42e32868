import type { LoaderFunctionArgs } from "@remix-run/node";
import { CATEGORIES } from "~/catalog/categories";
import { sitemapFile, xmlEscape, type SitemapKind } from "~/catalog/sitemap.server";
import { env } from "~/lib/env.server";
import { siteOrigin } from "~/lib/origin.server";

const notFound = () =>
  new Response("Not found\n", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });

/** One file of the sitemap index: pages.xml, or products-N.xml / cooperatives-N.xml. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const file = params.file ?? "";
  let urls: { loc: string; lastmod?: Date }[];
  if (file === "pages.xml") {
    urls = [{ loc: "/" }, ...CATEGORIES.map((c) => ({ loc: `/search?category=${c}` }))];
  } else {
    const match = /^(products|cooperatives)-([1-9][0-9]{0,8})\.xml$/.exec(file);
    if (!match) return notFound();
    const kind = match[1] as SitemapKind;
    const rows = await sitemapFile(kind, Number(match[2]), env.SITEMAP_PAGE_SIZE);
    if (!rows) return notFound();
    const prefix = kind === "products" ? "/p/" : "/c/";
    urls = rows.map((r) => ({ loc: prefix + r.slug, lastmod: r.updatedAt }));
  }
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map(
      (u) =>
        `  <url><loc>${xmlEscape(new URL(u.loc, origin).toString())}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ""}</url>`,
    ),
    "</urlset>",
    "",
  ].join("\n");
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400",
    },
  });
}
