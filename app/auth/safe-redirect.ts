const BASE = "http://same-site.invalid";

/**
 * `to` as a path on this site, normalised and percent-encoded (so it is always a valid
 * Location header), or null when it could leave the site: absolute URLs, protocol-relative
 * `//host`, backslashes (browsers read `/\host` as `//host`), control characters and whitespace,
 * and anything whose normalised path starts with `//` (`/.//evil.example`, `/a/..//evil.example`).
 */
export function sameSitePath(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return null;
  if (!to.startsWith("/") || to.startsWith("//")) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f]/.test(to)) return null;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // Dot segments are resolved by now: what the browser will be sent is what must be checked.
  if (url.pathname.startsWith("//") || url.pathname.includes("\\")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A same-site path to go to after signing in, or `fallback`. */
export function safeRedirect(to: unknown, fallback: string): string {
  const path = sameSitePath(to);
  if (path === null) return fallback;
  // Sending a user who just signed in back to a sign-in form would look like it failed.
  const pathname = path.replace(/[?#].*$/, "");
  if (pathname.startsWith("/account/sign-in") || pathname.startsWith("/account/sign-up"))
    return fallback;
  return path;
}
