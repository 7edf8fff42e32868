import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sessionUserId } from "../auth/session.server";
import { cookieSecret } from "../lib/secrets.server";

/*
 * Who is claiming: a signed-in account (`u:<id>`), or a guest's device (`d:<id>`), named by a
 * signed cookie the first claim or stock read hands out. A per-shopper limit counts by that key,
 * and for guests again by the mobile given at checkout (checkout.server.ts).
 */

export const DEVICE_COOKIE = "hl_dev";
const DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60;

const sign = (id: string) =>
  createHmac("sha256", cookieSecret()).update(`device:${id}`).digest("base64url").slice(0, 22);

export function readCookie(header: string | undefined | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

// Tokens this process has verified (or signed), token → device id: a shopper's every claim in a
// storm is one map lookup, not an HMAC. Only a token whose signature checked is ever stored, so a
// hit is exactly as good as checking again.
const verified = new Map<string, string>();
const VERIFIED_MAX = 100_000;
function remember(token: string, id: string): void {
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(token, id);
}

/** The device id in a valid signed device cookie, or null. */
export function deviceFrom(cookieHeader: string | undefined | null): string | null {
  const value = readCookie(cookieHeader, DEVICE_COOKIE);
  if (!value) return null;
  const hit = verified.get(value);
  if (hit) return hit;
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(value);
  if (!m) return null;
  const want = Buffer.from(sign(m[1]!));
  const got = Buffer.from(m[2]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  remember(value, m[1]!);
  return m[1]!;
}

// New device ids are cut from a pool of random bytes: one getrandom call per 256 devices rather
// than one per device (the bytes are as random; each is used once).
let pool = Buffer.alloc(0);
let poolAt = 0;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(16 * 256);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

export function newDevice(): { id: string; setCookie: string } {
  const id = random16().toString("base64url");
  const token = `${id}.${sign(id)}`;
  remember(token, id);
  return {
    id,
    setCookie: `${DEVICE_COOKIE}=${token}; Path=/; Max-Age=${DEVICE_MAX_AGE_S}; HttpOnly; SameSite=Lax`,
  };
}

// Session lookups for the claim storm: a signed-in shopper's id, remembered for a few seconds.
const SESSION_CACHE_MS = 10_000;
const sessionCache = new Map<string, { userId: string | null; at: number }>();

async function cachedUserId(cookieHeader: string): Promise<string | null> {
  const key = readCookie(cookieHeader, "hl_session");
  if (!key) return null;
  const hit = sessionCache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < SESSION_CACHE_MS) return hit.userId;
  const userId = await sessionUserId(cookieHeader);
  if (sessionCache.size > 50_000) sessionCache.clear();
  sessionCache.set(key, { userId, at: now });
  return userId;
}

export interface Shopper {
  key: string;
  userId: string | null;
  /** A cookie to set: the guest's new device token. */
  setCookie?: string;
}

/** The shopper behind a request; a guest without a device token gets one. */
export async function shopperOf(cookieHeader: string | undefined): Promise<Shopper> {
  const userId = cookieHeader ? await cachedUserId(cookieHeader) : null;
  if (userId) return { key: `u:${userId}`, userId };
  const device = deviceFrom(cookieHeader);
  if (device) return { key: `d:${device}`, userId: null };
  const fresh = newDevice();
  return { key: `d:${fresh.id}`, userId: null, setCookie: fresh.setCookie };
}

/**
 * The keys a request may own claims under, without handing out a device token: the signed-in
 * account's, then the device's (a guest who claimed and then signed in still owns that claim).
 */
export async function shopperKeysOf(
  cookieHeader: string | null,
): Promise<{ keys: string[]; userId: string | null }> {
  const userId = cookieHeader ? await sessionUserId(cookieHeader) : null;
  const device = deviceFrom(cookieHeader);
  const keys = [...(userId ? [`u:${userId}`] : []), ...(device ? [`d:${device}`] : [])];
  return { keys, userId };
}
