import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { passwordResetTokens, sessions, users } from "../../db/auth-schema";
import { db } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n";
import { sendMail } from "~/lib/mail.server";
import { authTranslator } from "./messages";
import { hashPassword } from "./password-hash.server";
import { passwordProblem, type PasswordProblem } from "./passwords";
import { hitRateLimit, rateLimitKey } from "../lib/rate-limit.server";
import { hashToken } from "./session.server";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Reset mails per email per hour: enough for a lost mail, too few to flood someone's inbox. */
export const RESET_REQUEST_LIMIT = { limit: 5, windowMs: 60 * 60 * 1000 } as const;

/**
 * Emails a one-time reset link if the email has an account. The caller shows the same answer
 * whether or not it does (and whether or not the per-email limit dropped the mail), so the form
 * cannot be used to find out who has an account. Only the token's SHA-256 is stored.
 */
export async function requestPasswordReset({
  email,
  origin,
  locale,
}: {
  email: string;
  origin: string;
  locale: Locale;
}): Promise<void> {
  const limit = await hitRateLimit({
    key: rateLimitKey("reset:email", email),
    ...RESET_REQUEST_LIMIT,
  });
  if (!limit.allowed) return;
  const [user] = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.email, email));
  if (!user) return;
  const token = randomBytes(32).toString("base64url");
  const t = authTranslator(locale);
  await db().transaction(async (tx) => {
    await tx.insert(passwordResetTokens).values({
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: sql`now() + ${RESET_TOKEN_TTL_MS}::double precision * interval '1 millisecond'`,
    });
    await sendMail({
      tx,
      to: email,
      subject: t("mail.reset.subject"),
      body: t("mail.reset.body", { name: user.name, link: `${origin}/account/reset/${token}` }),
    });
  });
}

export type ResetTokenState =
  { status: "valid"; userId: string; email: string } | { status: "invalid" | "expired" | "used" };

/** What a reset link is worth right now; reading it changes nothing. */
export async function inspectResetToken({ token }: { token: string }): Promise<ResetTokenState> {
  const [row] = await db()
    .select({
      userId: passwordResetTokens.userId,
      email: users.email,
      used: sql<boolean>`${passwordResetTokens.usedAt} is not null`,
      expired: sql<boolean>`${passwordResetTokens.expiresAt} <= now()`,
    })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(eq(passwordResetTokens.tokenHash, hashToken(token)));
  if (!row) return { status: "invalid" };
  if (row.used) return { status: "used" };
  if (row.expired) return { status: "expired" };
  return { status: "valid", userId: row.userId, email: row.email };
}

export type ResetResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "expired" | "used" }
  | { ok: false; reason: "weak"; problem: PasswordProblem };

/**
 * Spends a reset token: sets the new password, marks this and any other open token of the
 * user used, and ends every session (whoever knew the old password is signed out). The token
 * is claimed with one conditional UPDATE, so two submissions of one link cannot both succeed.
 */
export async function resetPassword({
  token,
  password,
}: {
  token: string;
  password: string;
}): Promise<ResetResult> {
  const state = await inspectResetToken({ token });
  if (state.status !== "valid") return { ok: false, reason: state.status };
  const problem = passwordProblem(password, state.email);
  if (problem) return { ok: false, reason: "weak", problem };
  const passwordHash = await hashPassword(password);

  const claimed = await db().transaction(async (tx) => {
    const [row] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!row) return null;
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: sql`now()` })
      .where(eq(users.id, row.userId));
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResetTokens.userId, row.userId), isNull(passwordResetTokens.usedAt)));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    return row.userId;
  });
  if (!claimed) {
    // Someone spent or outlived the token between the check and the claim.
    const now = await inspectResetToken({ token });
    return { ok: false, reason: now.status === "valid" ? "used" : now.status };
  }
  return { ok: true, userId: claimed };
}
