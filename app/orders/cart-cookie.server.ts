import { createCookie } from "@remix-run/node";
import { env } from "../lib/env.server";
import { cookieSecret } from "../lib/secrets.server";

const cookieNamed = (name: string) =>
  createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL?.startsWith("https://") ?? false,
    maxAge: 60 * 60 * 24 * 30,
    secrets: [cookieSecret()],
  });
const cookie = () => cookieNamed("hl_cart");
/** The buy-now cart: one pack bought at once, kept apart from the shopper's cart. */
const buyNowCookie = () => cookieNamed("hl_buy");

/** The cart id from a signed cookie; a missing, tampered or malformed cookie means no cart. */
export async function readCartId(request: Request): Promise<string | null> {
  return readCartCookie(request, cookie());
}

async function readCartCookie(
  request: Request,
  from: ReturnType<typeof cookie>,
): Promise<string | null> {
  const value: unknown = await from.parse(request.headers.get("Cookie")).catch(() => null);
  return typeof value === "string" && /^crt_[1-9A-HJ-NP-Za-km-z]{16,32}$/.test(value)
    ? value
    : null;
}

export function cartCookieHeader(cartId: string): Promise<string> {
  return cookie().serialize(cartId);
}

export function readBuyNowCartId(request: Request): Promise<string | null> {
  return readCartCookie(request, buyNowCookie());
}

export function buyNowCookieHeader(cartId: string): Promise<string> {
  return buyNowCookie().serialize(cartId);
}

/** `/checkout?buy=now` checks out the buy-now cart; plain `/checkout`, the shopper's cart. */
export const BUY_NOW_QUERY = "buy=now";
export function isBuyNow(url: URL): boolean {
  return url.searchParams.get("buy") === "now";
}

/** The cart a checkout request is about: the buy-now cart for `?buy=now`, else the cart. */
export function checkoutCartId(request: Request): Promise<string | null> {
  return isBuyNow(new URL(request.url)) ? readBuyNowCartId(request) : readCartId(request);
}
