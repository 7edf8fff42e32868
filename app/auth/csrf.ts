/** Methods that change state; everything else is read-only and needs no cross-site check. */
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface CrossSiteInput {
  method: string;
  path: string;
  /** The `Sec-Fetch-Site` request header, if any. */
  secFetchSite?: string | null;
  /** The `Origin` request header, if any. */
  origin?: string | null;
  /** This site's origin: PUBLIC_URL when configured, else the request's own protocol and host. */
  siteOrigin: string;
}

/**
 * Why a request must be refused as cross-site, or null to let it through.
 *
 * Browsers send `Sec-Fetch-Site` and `Origin` on every unsafe request, and a page on another
 * site cannot forge either, so checking them stops cross-site form posts without tokens in
 * every form. Clients that send neither (curl, server-to-server) are not browsers acting on
 * a victim's cookies and pass. Webhooks are called cross-site by design and verify signatures.
 */
export function crossSiteRefusal({
  method,
  path,
  secFetchSite,
  origin,
  siteOrigin,
}: CrossSiteInput): string | null {
  if (!UNSAFE.has(method.toUpperCase())) return null;
  if (path.startsWith("/webhooks/")) return null;
  if (secFetchSite?.trim().toLowerCase() === "cross-site") return "Sec-Fetch-Site is cross-site";
  if (origin != null && origin !== "") {
    if (normaliseOrigin(origin) !== normaliseOrigin(siteOrigin))
      return `Origin ${origin} is not this site`;
  }
  return null;
}

/** `https://Example.com:443/` and `https://example.com` are the same origin; "null" stays "null". */
function normaliseOrigin(value: string): string {
  try {
    const url = new URL(value.trim());
    return url.origin === "null" ? `invalid:${value}` : url.origin;
  } catch {
    return `invalid:${value}`;
  }
}
