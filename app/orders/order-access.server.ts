import { createCookie } from "@remix-run/node";
import { getUser, hasSessionCookie } from "../auth/session.server";
import { env } from "../lib/env.server";
import { cookieSecret } from "../lib/secrets.server";
import { orderOwner } from "./shopper-orders.server";
import { invariantFound } from "../lib/not-found";

/** A guest keeps access to the orders they placed or looked up on this browser, newest first. */
export const MAX_REMEMBERED_ORDERS = 20;
const ORDER_ID = /^[a-z]{2,6}_[1-9A-HJ-NP-Za-km-z]{8,40}$/;

const cookie = () =>
  createCookie("hl_orders", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL?.startsWith("https://") ?? false,
    maxAge: 60 * 60 * 24 * 90,
    secrets: [cookieSecret()],
  });

/** Order ids from the signed cookie; a missing, tampered or malformed cookie grants nothing. */
export async function readGuestOrderIds(request: Request): Promise<string[]> {
  const value: unknown = await cookie()
    .parse(request.headers.get("Cookie"))
    .catch(() => null);
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === "string" && ORDER_ID.test(v))
    .slice(0, MAX_REMEMBERED_ORDERS);
}

/** The Set-Cookie header that adds `orderId` to what this browser may see. */
export async function grantOrderAccess(request: Request, orderId: string): Promise<string> {
  const ids = (await readGuestOrderIds(request)).filter((id) => id !== orderId);
  return cookie().serialize([orderId, ...ids].slice(0, MAX_REMEMBERED_ORDERS));
}

/**
 * Whether this request may see the order: its signed-in owner, or a browser whose signed cookie
 * lists it. Anyone else is told the order does not exist (the caller answers 404).
 */
export async function canViewOrder(request: Request, orderId: string): Promise<boolean> {
  if (!ORDER_ID.test(orderId)) return false;
  const owner = await orderOwner({ orderId });
  if (!owner) return false;
  if ((await readGuestOrderIds(request)).includes(orderId)) return true;
  if (!owner.userId || !(await hasSessionCookie(request))) return false;
  const user = await getUser(request);
  return user?.id === owner.userId;
}

/** Throws the 404 that hides an order from anyone who may not see it. */
export async function requireOrderAccess(request: Request, orderId: string): Promise<void> {
  invariantFound(await canViewOrder(request, orderId));
}
