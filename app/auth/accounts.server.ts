import { count, eq } from "drizzle-orm";
import { memberships, users, type PlatformRole } from "../../db/auth-schema";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password-hash.server";
import { clearRateLimit, hitRateLimit, pruneRateLimits, rateLimitKey } from "./rate-limit.server";
import { landingPath } from "./session.server";

const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** Per email: slows guessing one account's password. Per address: slows spraying many accounts. */
export const SIGN_IN_LIMITS = {
  perEmail: { limit: 10, windowMs: FIFTEEN_MINUTES },
  perIp: { limit: 50, windowMs: FIFTEEN_MINUTES },
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
    if (!limit.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
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

/**
 * Checks an email and password. Over either limit, nothing is verified. An unknown email and
 * a wrong password give the same answer after the same work (one argon2 verify each).
 */
export async function signIn({ email, password, ip }: { email: string; password: string; ip: string }): Promise<SignInResult> {
  // Old counters are swept now and then by the traffic that makes them; no job needed.
  if (Math.random() < 0.005) void pruneRateLimits().catch((error: unknown) => console.error("pruning rate limits:", error));
  const emailKey = rateLimitKey("signin:email", email);
  const checks = [hitRateLimit({ key: emailKey, ...SIGN_IN_LIMITS.perEmail })];
  // Without a known address (never the case behind server.ts) a shared bucket would lock everyone out.
  if (ip !== "unknown") checks.push(hitRateLimit({ key: rateLimitKey("signin:ip", ip), ...SIGN_IN_LIMITS.perIp }));
  const over = (await Promise.all(checks)).filter((r) => !r.allowed);
  if (over.length > 0) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(...over.map((r) => r.retryAfterSeconds)) };
  }

  const [user] = await db()
    .select({ id: users.id, role: users.role, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  if (!user) return verifyAgainstDummy(password).then(() => ({ ok: false, reason: "invalid" }) as const);
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid" };

  // The owner proved who they are; earlier typos should not count against their next visit.
  await clearRateLimit({ key: emailKey });
  const [m] = await db().select({ n: count() }).from(memberships).where(eq(memberships.userId, user.id));
  const landing = landingPath({ role: user.role, isMember: (m?.n ?? 0) > 0 });
  return { ok: true, userId: user.id, role: user.role, landing };
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
