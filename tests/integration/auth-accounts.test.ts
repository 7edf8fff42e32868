import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, sessions, users } from "../../db/auth-schema";
import { signIn, SIGN_IN_LIMITS } from "~/auth/accounts.server";
import { hashPassword } from "~/auth/password-hash.server";
import { getUser } from "~/auth/session.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { newId } from "~/lib/ids";
import * as accountRoute from "~/routes/_store.account._index";
import * as signInRoute from "~/routes/_store.account.sign-in";
import * as signUpRoute from "~/routes/_store.account.sign-up";
import { createCooperative } from "../factories/catalog";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const PASSWORD = "correct horse battery";

async function createUser({
  email = `u${newId("t")}@example.com`.toLowerCase(),
  password = PASSWORD,
  role = "shopper" as const,
} = {}) {
  const id = newId("usr");
  await db()
    .insert(users)
    .values({ id, email, name: "测试用户", role, passwordHash: await hashPassword(password) });
  return { id, email, password };
}

async function sessionCount(userId?: string) {
  const [row] = await db()
    .select({ n: count() })
    .from(sessions)
    .where(userId ? eq(sessions.userId, userId) : undefined);
  return row!.n;
}

type FormResult = {
  values: Record<string, string>;
  errors: Record<string, string>;
  formError?: string;
};

const postSignIn = (form: Record<string, string>, cookie?: string | null) =>
  callRoute<FormResult>(signInRoute.action, {
    method: "POST",
    url: "http://localhost/account/sign-in",
    form,
    cookie,
  });
const postSignUp = (form: Record<string, string>, cookie?: string | null) =>
  callRoute<FormResult>(signUpRoute.action, {
    method: "POST",
    url: "http://localhost/account/sign-up",
    form,
    cookie,
  });
const whoIs = (cookie: string | null) =>
  getUser(new Request("http://localhost/", { headers: cookie ? { Cookie: cookie } : {} }));

describe("sign-up", () => {
  it("creates a shopper with an argon2id hash and a lower-cased email, and signs them in", async () => {
    const res = await postSignUp({
      email: "  Li.Na@Example.COM ",
      name: "李娜",
      password: PASSWORD,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
    const [row] = await db().select().from(users).where(eq(users.email, "li.na@example.com"));
    expect(row).toMatchObject({ name: "李娜", role: "shopper" });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await whoIs(cookieFrom(res.headers)))?.email).toBe("li.na@example.com");
  });

  it("refuses a taken email (any case) with 409 next to the field, keeping the input but not the password", async () => {
    await createUser({ email: "taken@example.com" });
    const res = await postSignUp({ email: "TAKEN@example.com", name: "王五", password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.data.errors.email).toBe("error.emailTaken");
    expect(res.data.values).toEqual({ email: "TAKEN@example.com", name: "王五" });
    expect(JSON.stringify(res.data)).not.toContain(PASSWORD);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const [n] = await db().select({ n: count() }).from(users);
    expect(n!.n).toBe(1);
  });

  it("lets only one of two simultaneous sign-ups with one email through", async () => {
    const results = await Promise.all([
      postSignUp({ email: "twin@example.com", name: "甲", password: PASSWORD }),
      postSignUp({ email: "Twin@example.com", name: "乙", password: "another fine passphrase" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
    const [n] = await db().select({ n: count() }).from(users);
    expect(n!.n).toBe(1);
  });

  it("answers 422 with a message per field for bad input, and creates nothing", async () => {
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ email: "not-an-email", name: "A", password: PASSWORD }, { email: "error.email" }],
      [{ email: "a@example.com", name: "   ", password: PASSWORD }, { name: "error.name" }],
      [
        { email: "a@example.com", name: "A", password: "short" },
        { password: "error.password.tooShort" },
      ],
      [
        { email: "a@example.com", name: "A", password: "x".repeat(129) + "y" },
        { password: "error.password.tooLong" },
      ],
      [
        { email: "a@example.com", name: "A", password: "Password123" },
        { password: "error.password.common" },
      ],
      [
        { email: "a@example.com", name: "A", password: "1111111111" },
        { password: "error.password.common" },
      ],
      [
        { email: "", name: "", password: "" },
        { email: "error.email", name: "error.name", password: "error.password.tooShort" },
      ],
      [{}, { email: "error.email", name: "error.name", password: "error.password.tooShort" }],
    ];
    for (const [form, errors] of cases) {
      const res = await postSignUp(form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect(res.data.errors).toEqual(errors);
      expect(res.data.values.email).toBe(form.email ?? "");
    }
    const [n] = await db().select({ n: count() }).from(users);
    expect(n!.n).toBe(0);
  });
});

describe("sign-in", () => {
  it("signs in with a session cookie that is HttpOnly, SameSite=Lax and not readable cross-site", async () => {
    const user = await createUser({ email: "shopper@example.com" });
    const res = await postSignIn({ email: " Shopper@Example.com", password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^hl_session=/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/);
    expect(await sessionCount(user.id)).toBe(1);
    // The cookie holds a token; the table holds only its hash.
    const token = decodeURIComponent(cookieFrom(res.headers)!.split("=")[1]!);
    const [row] = await db().select().from(sessions);
    expect(row!.id).not.toContain(token.replace(/"/g, ""));
    expect((await whoIs(cookieFrom(res.headers)))?.id).toBe(user.id);
  });

  it("marks the cookie Secure when PUBLIC_URL is https", async () => {
    await createUser({ email: "secure@example.com" });
    const before = env.PUBLIC_URL;
    env.PUBLIC_URL = "https://harvest.example";
    try {
      const res = await postSignIn({ email: "secure@example.com", password: PASSWORD });
      expect(res.headers.get("Set-Cookie")).toMatch(/; Secure/);
    } finally {
      env.PUBLIC_URL = before;
    }
  });

  it("sends cooperative members and platform admins to /admin, hosts to /host, others to /account", async () => {
    const coop = await createCooperative();
    const owner = await createUser({ email: "owner@example.com" });
    await db()
      .insert(memberships)
      .values({ userId: owner.id, cooperativeId: coop.id, role: "owner" });
    await createUser({ email: "admin@example.com", role: "admin" as never });
    await createUser({ email: "host@example.com", role: "host" as never });
    const where = async (email: string) =>
      (await postSignIn({ email, password: PASSWORD })).headers.get("Location");
    expect(await where("owner@example.com")).toBe("/admin");
    expect(await where("admin@example.com")).toBe("/admin");
    expect(await where("host@example.com")).toBe("/host");
    await createUser({ email: "shopper@example.com" });
    expect(await where("shopper@example.com")).toBe("/account");
  });

  it("goes back to a same-site redirectTo, and falls back on every open-redirect attempt", async () => {
    await createUser({ email: "back@example.com" });
    const to = async (redirectTo: string) =>
      (await postSignIn({ email: "back@example.com", password: PASSWORD, redirectTo })).headers.get(
        "Location",
      );
    expect(await to("/cart?x=1")).toBe("/cart?x=1");
    // Encoded characters stay encoded: a same-site path, not a header break.
    expect(await to("/p/x%0d%0aSet-Cookie:y")).toBe("/p/x%0d%0aSet-Cookie:y");
    for (const evil of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/.//evil.example/x",
      "/a/..//evil.example",
      "/\r\nSet-Cookie:x",
      " /cart",
      "/\t/evil.example",
      "javascript:alert(1)",
      "http:/evil.example",
      "",
    ]) {
      expect(await to(evil), evil).toBe("/account");
    }
  });

  it("answers a wrong password and an unknown email alike: 401, one message, no session written", async () => {
    await createUser({ email: "known@example.com" });
    const wrong = await postSignIn({ email: "known@example.com", password: "wrong password!" });
    const unknown = await postSignIn({ email: "nobody@example.com", password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.data.formError).toBe("signIn.wrong");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
    expect(wrong.data.values).toEqual({ email: "known@example.com" });
    expect(await sessionCount()).toBe(0);
  });

  it("sends a signed-in visitor on from the sign-in page instead of showing the form", async () => {
    await createUser({ email: "already@example.com" });
    const cookie = cookieFrom(
      (await postSignIn({ email: "already@example.com", password: PASSWORD })).headers,
    );
    const page = (url: string) => callRoute(signInRoute.loader, { url, cookie });
    expect((await page("http://localhost/account/sign-in")).headers.get("Location")).toBe(
      "/account",
    );
    expect(
      (await page("http://localhost/account/sign-in?redirectTo=%2Fcart")).headers.get("Location"),
    ).toBe("/cart");
    expect(
      (await page("http://localhost/account/sign-in?redirectTo=%2F%2Fevil.example")).headers.get(
        "Location",
      ),
    ).toBe("/account");
    const visitor = await callRoute<{ redirectTo: string }>(signInRoute.loader, {
      url: "http://localhost/account/sign-in?redirectTo=https://evil.example",
    });
    expect(visitor.status).toBe(200);
    expect(visitor.data.redirectTo).toBe("");
  });

  it("answers 400 with the input kept when a field is missing", async () => {
    const res = await postSignIn({ email: "someone@example.com" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ password: "error.passwordRequired" });
    expect(res.data.values).toEqual({ email: "someone@example.com" });
  });

  it("rotates the session: the token presented at sign-in is deleted and a new one issued", async () => {
    const user = await createUser({ email: "rotate@example.com" });
    const first = cookieFrom((await postSignIn({ email: user.email, password: PASSWORD })).headers);
    const second = await postSignIn({ email: user.email, password: PASSWORD }, first);
    const secondCookie = cookieFrom(second.headers);
    expect(secondCookie).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect((await whoIs(secondCookie))?.id).toBe(user.id);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("stops at the per-(email, address) limit with 429 and Retry-After, without checking the password", async () => {
    const user = await createUser({ email: "target@example.com" });
    const other = await createUser({ email: "other@example.com" });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmailAndIp.limit; i++) {
      expect((await postSignIn({ email: user.email, password: `guess number ${i}` })).status).toBe(
        401,
      );
    }
    // Even the right password is refused now: nothing is verified over the limit.
    const limited = await postSignIn({ email: "TARGET@example.com", password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.data.formError).toBe("signIn.rateLimited");
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sessionCount(user.id)).toBe(0);
    // Another account is not affected.
    expect((await postSignIn({ email: other.email, password: PASSWORD })).status).toBe(302);
  });

  it("stops at the per-address limit across many emails, and checks no password over it", async () => {
    const user = await createUser({ email: "sprayed@example.com" });
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++) {
      const r = await signIn({
        email: `victim${i}@example.com`,
        password: "Spring2026!!",
        ip: "203.0.113.9",
      });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const limited = await signIn({ email: user.email, password: PASSWORD, ip: "203.0.113.9" });
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    // Someone else, somewhere else, still signs in.
    expect(
      await signIn({ email: user.email, password: PASSWORD, ip: "198.51.100.7" }),
    ).toMatchObject({ ok: true });
  });

  it("forgets an email's failed attempts from an address once the right password is given there", async () => {
    const user = await createUser({ email: "typo@example.com" });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmailAndIp.limit - 1; i++)
      await postSignIn({ email: user.email, password: "typo typo typo" });
    expect((await postSignIn({ email: user.email, password: PASSWORD })).status).toBe(302);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmailAndIp.limit - 1; i++) {
      expect((await postSignIn({ email: user.email, password: "typo typo typo" })).status).toBe(
        401,
      );
    }
  });
});

describe("account page and signing out", () => {
  const signInAs = async (email: string) =>
    cookieFrom((await postSignIn({ email, password: PASSWORD })).headers)!;

  it("sends a visitor to sign in and back", async () => {
    const res = await callRoute(accountRoute.loader, { url: "http://localhost/account" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account/sign-in?redirectTo=%2Faccount");
  });

  it("shows the user's cooperatives and session count", async () => {
    const coop = await createCooperative({ nameEn: "Orange Growers" });
    const user = await createUser({ email: "member@example.com" });
    await db()
      .insert(memberships)
      .values({ userId: user.id, cooperativeId: coop.id, role: "staff" });
    const cookie = await signInAs(user.email);
    await signInAs(user.email);
    const res = await callRoute<{
      user: { memberships: Array<{ cooperativeNameEn: string; role: string }> };
      sessionCount: number;
    }>(accountRoute.loader, { url: "http://localhost/account", cookie });
    expect(res.status).toBe(200);
    expect(res.data.user.memberships).toEqual([
      expect.objectContaining({ cooperativeNameEn: "Orange Growers", role: "staff" }),
    ]);
    expect(res.data.sessionCount).toBe(2);
  });

  it("sign-out ends only this session", async () => {
    const user = await createUser({ email: "two-devices@example.com" });
    const phone = await signInAs(user.email);
    const laptop = await signInAs(user.email);
    const res = await callRoute(accountRoute.action, {
      method: "POST",
      url: "http://localhost/account",
      form: { intent: "sign-out" },
      cookie: phone,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/hl_session=; Max-Age=0/);
    expect(await whoIs(phone)).toBeNull();
    expect((await whoIs(laptop))?.id).toBe(user.id);
  });

  it("sign-out everywhere ends every session of the user and no one else's", async () => {
    const user = await createUser({ email: "lost-phone@example.com" });
    const bystander = await createUser({ email: "bystander@example.com" });
    const phone = await signInAs(user.email);
    const laptop = await signInAs(user.email);
    const theirs = await signInAs(bystander.email);
    const res = await callRoute(accountRoute.action, {
      method: "POST",
      url: "http://localhost/account",
      form: { intent: "sign-out-everywhere" },
      cookie: laptop,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account/sign-in?notice=signed-out-everywhere");
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(laptop)).toBeNull();
    expect(await sessionCount(user.id)).toBe(0);
    expect((await whoIs(theirs))?.id).toBe(bystander.id);
  });

  it("refuses an unknown intent with 400", async () => {
    const user = await createUser({ email: "intent@example.com" });
    const cookie = await signInAs(user.email);
    const res = await callRoute(accountRoute.action, {
      method: "POST",
      url: "http://localhost/account",
      form: { intent: "delete-everything" },
      cookie,
    });
    expect(res.status).toBe(400);
    expect(await sessionCount(user.id)).toBe(1);
  });
});
