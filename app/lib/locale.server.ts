import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";

export const localeCookie = createCookie("hl_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** Chinese unless the shopper has chosen English. */
export async function getLocale(request: Request): Promise<Locale> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie")).catch(() => null);
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/**
 * Pages that are the same bytes for every visitor (a flash sale's `/l/:code`, cached by any proxy)
 * never read the cookie: Chinese, or English when the link says `?lang=en`.
 */
export function isSharedPage(pathname: string): boolean {
  return /^\/l\/[^/]+\/?$/.test(pathname);
}

export function sharedPageLocale(url: URL): Locale {
  return url.searchParams.get("lang") === "en" ? "en" : DEFAULT_LOCALE;
}
