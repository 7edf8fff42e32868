import { isProvinceCode } from "../lib/regions";

/*
 * The province a browser last had goods delivered to, so a product page can estimate shipping
 * there before checkout. A plain cookie the page's script reads (storefront pages are the same
 * bytes for everyone; the estimate for this browser is picked in the browser). Not personal: a
 * province code, set when an order is placed or checkout starts from a saved address.
 */
export const LAST_PROVINCE_COOKIE = "hl_province";
/** Where shipping is estimated for a browser with no last province. */
export const DEFAULT_ESTIMATE_PROVINCE = "44";

export function lastProvinceCookie(code: string): string {
  return `${LAST_PROVINCE_COOKIE}=${code}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax`;
}

/** The province in a Cookie header (or `document.cookie`), if it is a real one. */
export function lastProvinceOf(cookieHeader: string | null | undefined): string | null {
  const match = /(?:^|;\s*)hl_province=(\d{2})(?:;|$)/.exec(cookieHeader ?? "");
  return match && isProvinceCode(match[1]!) ? match[1]! : null;
}
