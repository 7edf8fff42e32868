const BASE = "http://same-site.invalid";

/**
 * A same-site path to go to after signing in, or `fallback`. Anything that could leave the
 * site is refused: absolute URLs, protocol-relative `//host`, backslashes (browsers read `/\host`
 * as `//host`), control characters and whitespace, and anything that resolves off-origin.
 */
export function safeRedirect(to: unknown, fallback: string): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Sending a user who just signed in back to a sign-in form would look like it failed.
  if (url.pathname.startsWith("/account/sign-in") || url.pathname.startsWith("/account/sign-up")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
