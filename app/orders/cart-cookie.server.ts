import { createCookie } from "@remix-run/node";
import { env } from "../lib/env.server";
import { cookieSecret } from "../lib/secrets.server";

const cookie = () =>
  createCookie("hl_cart", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL?.startsWith("https://") ?? false,
    maxAge: 60 * 60 * 24 * 30,
    secrets: [cookieSecret()],
  });

/** The cart id from a signed cookie; a missing, tampered or malformed cookie means no cart. */
export async function readCartId(request: Request): Promise<string | null> {
  const value: unknown = await cookie()
    .parse(request.headers.get("Cookie"))
    .catch(() => null);
  return typeof value === "string" && /^crt_[1-9A-HJ-NP-Za-km-z]{16,32}$/.test(value)
    ? value
    : null;
}

export function cartCookieHeader(cartId: string): Promise<string> {
  return cookie().serialize(cartId);
}
