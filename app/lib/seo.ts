import type { MetaDescriptor } from "@remix-run/node";

/** Title, description, canonical link and Open Graph tags for a page. */
export function pageMeta({
  title,
  description,
  url,
  image,
  siteName,
}: {
  title: string;
  description: string;
  url: string;
  image?: string;
  siteName: string;
}): MetaDescriptor[] {
  const meta: MetaDescriptor[] = [
    { title },
    { name: "description", content: description },
    { tagName: "link", rel: "canonical", href: url },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: url },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: siteName },
  ];
  if (image) meta.push({ property: "og:image", content: image });
  return meta;
}

/** Absolute URL of a path on this site, without query string (canonical form). */
export function canonicalUrl(origin: string, pathname: string): string {
  return new URL(pathname, origin).toString();
}

export function truncate(text: string, max = 155): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
