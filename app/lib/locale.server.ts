import { createCookie, redirect } from "@remix-run/node";
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

/**
 * A link that says `?lang=` (a flash sale's English link leading to its checkout) chooses the
 * shopper's language from there on: the same URL without it, with the language cookie set.
 */
export async function adoptLinkLocale(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang");
  if (lang === null) return null;
  url.searchParams.delete("lang");
  const to = url.pathname + url.search;
  if (!isLocale(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(lang) } });
}
