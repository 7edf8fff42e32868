import type { HeadersFunction } from "@remix-run/node";

/**
 * Headers for storefront pages that are the same bytes for every visitor of a language (home,
 * product, search, cooperative): the cart badge and the signed-in link come from /api/visitor
 * after hydration. The language comes from the hl_lang cookie, so the page varies by Cookie:
 * any shared cache then shares a page among visitors sending the same cookies (every first
 * visit, crawler and livestream arrival sends none), and a proxy that keys on the hl_lang
 * cookie alone shares it among all visitors of a language (docs/scale-and-speed.md shows how).
 * A minute fresh, then served stale for five while one request refreshes it. Errors are not kept.
 */
export const SHARED_PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";

export const sharedPageHeaders: HeadersFunction = ({
  errorHeaders,
  loaderHeaders,
  actionHeaders,
}): Record<string, string> => {
  // An answer to a form post, or one setting a cookie, belongs to one visitor.
  const personal = [...actionHeaders.keys()].length > 0 || loaderHeaders.has("Set-Cookie");
  if (personal) return { "Cache-Control": "private, no-store" };
  if (errorHeaders) return { "Cache-Control": "no-cache", Vary: "Cookie" };
  return { "Cache-Control": SHARED_PAGE_CACHE_CONTROL, Vary: "Cookie" };
};
