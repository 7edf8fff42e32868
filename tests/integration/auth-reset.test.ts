import { count, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox, passwordResetTokens, sessions, users } from "../../db/auth-schema";
import { hashPassword, verifyPassword } from "~/auth/password-hash.server";
import { RESET_REQUEST_LIMIT } from "~/auth/password-reset.server";
import { getUser } from "~/auth/session.server";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import * as resetRequestRoute from "~/routes/_store.account.reset._index";
import * as resetRoute from "~/routes/_store.account.reset.$token";
import * as signInRoute from "~/routes/_store.account.sign-in";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const OLD = "old password that works";
const NEW = "a brand new passphrase";

async function createUser(email: string) {
  const id = newId("usr");
  await db()
    .insert(users)
    .values({ id, email, name: "赵六", passwordHash: await hashPassword(OLD) });
  return { id, email };
}

const requestReset = (email: string, url = "http://localhost/account/reset") =>
  callRoute<{ sent: boolean; errors: Record<string, string>; values: { email: string } }>(
    resetRequestRoute.action,
    {
      method: "POST",
      url,
      form: { email },
    },
  );
const submitReset = (token: string, password: string, cookie?: string | null) =>
  callRoute<{ problem?: string; passwordError?: string }>(resetRoute.action, {
    method: "POST",
    url: `http://localhost/account/reset/${token}`,
    params: { token },
    form: { password },
    cookie,
  });
const viewReset = (token: string) =>
  callRoute<{ problem: string | null; email: string | null }>(resetRoute.loader, {
    url: `http://localhost/account/reset/${token}`,
    params: { token },
  });
const signInWith = (email: string, password: string) =>
  callRoute(signInRoute.action, {
    method: "POST",
    url: "http://localhost/account/sign-in",
    form: { email, password },
  });

async function outbox(to: string) {
  return db().select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.id));
}

/** The reset link's token, read from the newest mail to `to` as a person would. */
async function tokenFromMail(to: string): Promise<string> {
  const [mail] = await outbox(to);
  // Links use the configured origin (PUBLIC_URL, else the listening address), never the request's Host.
  const match = mail?.body.match(/http:\/\/127\.0\.0\.1:3000\/account\/reset\/([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`no reset link in ${JSON.stringify(mail)}`);
  return match[1]!;
}

async function passwordIs(userId: string, password: string) {
  const [row] = await db()
    .select({ h: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  return verifyPassword(row!.h, password);
}

describe("password reset", () => {
  it("never takes the reset link's origin from the request's Host header", async () => {
    const user = await createUser("host-header@example.com");
    await requestReset(user.email, "http://attacker.example/account/reset");
    const [mail] = await outbox(user.email);
    expect(mail!.body).not.toContain("attacker.example");
    expect(await tokenFromMail(user.email)).toHaveLength(43);
  });

  it("answers the same for known and unknown emails, and mails a link only to a real account", async () => {
    await createUser("real@example.com");
    const known = await requestReset(" Real@Example.com ");
    const unknown = await requestReset("ghost@example.com");
    for (const res of [known, unknown]) {
      expect(res.status).toBe(200);
      expect(res.data.sent).toBe(true);
      expect(res.data.errors).toEqual({});
    }
    expect(await outbox("real@example.com")).toHaveLength(1);
    expect(await outbox("ghost@example.com")).toHaveLength(0);
    const [mail] = await outbox("real@example.com");
    expect(mail!.subject).toBe("重置您的丰收直播密码");
    // Only the SHA-256 of the token is stored.
    const token = await tokenFromMail("real@example.com");
    const [stored] = await db().select().from(passwordResetTokens);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.tokenHash).not.toContain(token);
    const ttl = stored!.expiresAt.getTime() - stored!.createdAt.getTime();
    expect(Math.abs(ttl - 60 * 60 * 1000)).toBeLessThan(5000);
  });

  it("refuses a malformed email with 400 and sends nothing", async () => {
    const res = await requestReset("not an email");
    expect(res.status).toBe(400);
    expect(res.data.errors.email).toBe("error.email");
    const [n] = await db().select({ n: count() }).from(mailOutbox);
    expect(n!.n).toBe(0);
  });

  it("works once: new password set, every old session ended, the user signed in afresh", async () => {
    const user = await createUser("once@example.com");
    const phone = cookieFrom((await signInWith(user.email, OLD)).headers);
    const laptop = cookieFrom((await signInWith(user.email, OLD)).headers);
    await requestReset(user.email);
    const token = await tokenFromMail(user.email);

    expect(await viewReset(token)).toMatchObject({
      status: 200,
      data: { problem: null, email: user.email },
    });
    const done = await submitReset(token, NEW, phone);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account?notice=password-reset");
    const fresh = cookieFrom(done.headers);
    expect(await passwordIs(user.id, NEW)).toBe(true);
    const asUser = (cookie: string | null) =>
      getUser(new Request("http://localhost/", { headers: { Cookie: cookie ?? "" } }));
    expect(await asUser(phone)).toBeNull();
    expect(await asUser(laptop)).toBeNull();
    expect((await asUser(fresh))?.id).toBe(user.id);
    const [n] = await db()
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    expect(n!.n).toBe(1);

    // The same link again: refused, and the password stays what it is now.
    const again = await submitReset(token, "yet another passphrase");
    expect(again.status).toBe(410);
    expect(again.data.problem).toBe("used");
    expect(await passwordIs(user.id, NEW)).toBe(true);
    expect((await viewReset(token)).data.problem).toBe("used");
    expect((await signInWith(user.email, OLD)).status).toBe(401);
    expect((await signInWith(user.email, NEW)).status).toBe(302);
  });

  it("refuses an expired link with 410 and changes nothing", async () => {
    const user = await createUser("late@example.com");
    await requestReset(user.email);
    const token = await tokenFromMail(user.email);
    await db()
      .update(passwordResetTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` });
    const cookie = cookieFrom((await signInWith(user.email, OLD)).headers);
    expect((await viewReset(token)).status).toBe(410);
    const res = await submitReset(token, NEW);
    expect(res.status).toBe(410);
    expect(res.data.problem).toBe("expired");
    expect(await passwordIs(user.id, OLD)).toBe(true);
    expect(
      await getUser(new Request("http://localhost/", { headers: { Cookie: cookie! } })),
    ).not.toBeNull();
  });

  it("refuses unknown and malformed tokens with 400", async () => {
    const user = await createUser("unknown-token@example.com");
    for (const token of ["A".repeat(43), "short", "../../etc/passwd", "A".repeat(44)]) {
      expect((await viewReset(token)).status, token).toBe(400);
      const res = await submitReset(token, NEW);
      expect(res.status, token).toBe(400);
      expect(res.data.problem).toBe("invalid");
    }
    expect(await passwordIs(user.id, OLD)).toBe(true);
  });

  it("keeps a valid link usable after a weak new password is refused with 422", async () => {
    const user = await createUser("weak@example.com");
    await requestReset(user.email);
    const token = await tokenFromMail(user.email);
    for (const [password, problem] of [
      ["short", "error.password.tooShort"],
      ["qwertyuiop", "error.password.common"],
      ["weak@example.com", "error.password.common"],
    ] as const) {
      const res = await submitReset(token, password);
      expect(res.status, password).toBe(422);
      expect(res.data.passwordError).toBe(problem);
    }
    expect(await passwordIs(user.id, OLD)).toBe(true);
    expect((await submitReset(token, NEW)).status).toBe(302);
  });

  it("spends every open link of the user when one is used", async () => {
    const user = await createUser("two-links@example.com");
    await requestReset(user.email);
    const first = await tokenFromMail(user.email);
    await requestReset(user.email);
    const second = await tokenFromMail(user.email);
    expect(second).not.toBe(first);
    expect((await submitReset(second, NEW)).status).toBe(302);
    expect((await submitReset(first, "someone else's choice")).status).toBe(410);
    expect(await passwordIs(user.id, NEW)).toBe(true);
  });

  it("lets only one of two simultaneous submissions of a link win", async () => {
    const user = await createUser("race@example.com");
    await requestReset(user.email);
    const token = await tokenFromMail(user.email);
    const results = await Promise.all([
      submitReset(token, "first racer password"),
      submitReset(token, "second racer password"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 410]);
    const winner = results[0]!.status === 302 ? "first racer password" : "second racer password";
    expect(await passwordIs(user.id, winner)).toBe(true);
  });

  it("mails at most a few links per email per hour, answering the same after that", async () => {
    await createUser("flood@example.com");
    for (let i = 0; i < RESET_REQUEST_LIMIT.limit + 3; i++) {
      const res = await requestReset("flood@example.com");
      expect(res.data.sent).toBe(true);
    }
    expect(await outbox("flood@example.com")).toHaveLength(RESET_REQUEST_LIMIT.limit);
  });
});
