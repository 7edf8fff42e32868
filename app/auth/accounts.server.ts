import { count, eq, inArray } from "drizzle-orm";
import { memberships, users, type PlatformRole } from "../../db/auth-schema";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password-hash.server";
import {
  clearRateLimit,
  hitRateLimit,
  pruneRateLimits,
  rateLimitKey,
  refundRateLimitHit,
  type RateLimitResult,
} from "../lib/rate-limit.server";
import { landingPath } from "./session.server";

const FIFTEEN_MINUTES = 15 * 60 * 1000;
/**
 * Failed sign-ins, counted the way large sites do so that a guesser cannot lock the owner out:
 * per (email, address) slows guessing one account from one place, and blocks only that place;
 * per address slows spraying many accounts; per email is only a ceiling for a guesser with many
 * addresses, ten addresses' worth, which no single address can reach (docs/accounts.md).
 */
export const SIGN_IN_LIMITS = {
  perEmailAndIp: { limit: 10, windowMs: FIFTEEN_MINUTES },
  perIp: { limit: 50, windowMs: FIFTEEN_MINUTES },
  perEmail: { limit: 100, windowMs: FIFTEEN_MINUTES },
} as const;
/** Each sign-up costs an argon2 hash; this bounds what one address can make the server spend. */
export const SIGN_UP_LIMIT = { limit: 20, windowMs: 60 * 60 * 1000 } as const;

export type SignUpResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "email_taken" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Creates a shopper account. `email` must already be normalised (schemas.ts does it). */
export async function signUp({
  email,
  name,
  password,
  ip,
}: {
  email: string;
  name: string;
  password: string;
  ip: string;
}): Promise<SignUpResult> {
  if (ip !== "unknown") {
    const limit = await hitRateLimit({ key: rateLimitKey("signup:ip", ip), ...SIGN_UP_LIMIT });
    if (!limit.allowed)
      return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  // Saying that an email is taken tells a visitor it has an account; a sign-up form cannot
  // avoid that without email confirmation first, and the sign-in limits still apply.
  const [existing] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return { ok: false, reason: "email_taken" };
  const userId = newId("usr");
  const passwordHash = await hashPassword(password);
  try {
    await db().insert(users).values({ id: userId, email, name, passwordHash, role: "shopper" });
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, reason: "email_taken" };
    throw error;
  }
  return { ok: true, userId };
}

export type SignInResult =
  | { ok: true; userId: string; role: PlatformRole; landing: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

const limited = (results: RateLimitResult[]): SignInResult | null => {
  const over = results.filter((r) => !r.allowed);
  return over.length
    ? {
        ok: false,
        reason: "rate_limited",
        retryAfterSeconds: Math.max(...over.map((r) => r.retryAfterSeconds)),
      }
    : null;
};

/**
 * Checks an email and password. Over any limit, nothing is verified (so a refusal never tells a
 * guesser whether the guess was right, and the right password from a blocked address waits for
 * the window too). Each attempt is counted before the check, so concurrent guesses cannot slip
 * under a limit together, and a success gives its count back: the limits count failures. An
 * unknown email and a wrong password give the same answer after the same work (one argon2 verify).
 */
export async function signIn({
  email,
  password,
  ip,
}: {
  email: string;
  password: string;
  ip: string;
}): Promise<SignInResult> {
  // Old counters are swept now and then by the traffic that makes them; no job needed.
  if (Math.random() < 0.005)
    void pruneRateLimits().catch((error: unknown) => console.error("pruning rate limits:", error));
  // Without a known address (never the case behind server.ts) the pair is per email alone, and a
  // shared per-address bucket would lock everyone out, so there is none.
  const pairKey = rateLimitKey("signin:email-ip", `${email}\n${ip}`);
  const ipKey = ip === "unknown" ? null : rateLimitKey("signin:ip", ip);
  const emailKey = rateLimitKey("signin:email", email);
  const local = await Promise.all([
    hitRateLimit({ key: pairKey, ...SIGN_IN_LIMITS.perEmailAndIp }),
    ...(ipKey ? [hitRateLimit({ key: ipKey, ...SIGN_IN_LIMITS.perIp })] : []),
  ]);
  // A blocked address's refusals stop here, before the account's ceiling: hammering from one
  // place must not use up what the owner's own address needs.
  const blocked = limited(local);
  if (blocked) return blocked;
  const ceiling = limited([await hitRateLimit({ key: emailKey, ...SIGN_IN_LIMITS.perEmail })]);
  if (ceiling) return ceiling;

  const [user] = await db()
    .select({ id: users.id, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  if (!user)
    return verifyAgainstDummy(password).then(() => ({ ok: false, reason: "invalid" }) as const);
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid" };

  // The owner proved who they are: typos from here no longer count, and this attempt was no failure.
  await Promise.all([
    clearRateLimit({ key: pairKey }),
    refundRateLimitHit({ key: emailKey }),
    ...(ipKey ? [refundRateLimitHit({ key: ipKey })] : []),
  ]);
  const [m] = await db()
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.userId, user.id));
  const landing = landingPath({ role: user.role, isMember: (m?.n ?? 0) > 0 });
  return { ok: true, userId: user.id, role: user.role, landing };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** Accounts' names by id (for pages naming who did something); unknown ids are left out. */
export async function accountNames(ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id.startsWith("usr_")))];
  if (!wanted.length) return new Map();
  const rows = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
