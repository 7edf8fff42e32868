import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapEntries } from "~/catalog/catalog.server";
import { CATEGORIES } from "~/catalog/schemas";
import { siteOrigin } from "~/lib/origin.server";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function loader({ request }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const { products, cooperatives } = await sitemapEntries();
  const urls = [
    { loc: "/", lastmod: undefined as Date | undefined },
    ...CATEGORIES.map((c) => ({ loc: `/search?category=${c}`, lastmod: undefined })),
    ...cooperatives.map((c) => ({ loc: `/c/${c.slug}`, lastmod: c.updatedAt })),
    ...products.map((p) => ({ loc: `/p/${p.slug}`, lastmod: p.updatedAt })),
  ];
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map(
      (u) =>
        `  <url><loc>${escape(new URL(u.loc, origin).toString())}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : ""}</url>`,
    ),
    "</urlset>",
    "",
  ].join("\n");
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
}
