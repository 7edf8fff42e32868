import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rateLimits, sessions } from "../../db/auth-schema";
import { SIGN_IN_LIMITS } from "~/auth/accounts.server";
import { db } from "~/lib/db.server";
import * as signInRoute from "~/routes/_store.account.sign-in";
import { createUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

/**
 * Issue 10, defect 6: wrong passwords from one address must not lock the real owner out from
 * another. Failures are limited per (email, address) and per address; the per-email limit is only
 * a ceiling far above what one address can reach.
 */

withTestDatabase();

const PASSWORD = "correct horse battery";
const ATTACKER = "203.0.113.66";
const OWNER_HOME = "198.51.100.8";

const signInFrom = (ip: string, email: string, password: string) =>
  callRoute<{ formError?: string }>(signInRoute.action, {
    method: "POST",
    url: "http://localhost/account/sign-in",
    form: { email, password },
    context: { clientIp: ip },
  });

async function sessionsOf(userId: string) {
  const [row] = await db().select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  return row!.n;
}

describe("sign-in limits by address", () => {
  it("wrong passwords from one address block that address, not the owner signing in from their own", async () => {
    const owner = await createUser({ email: "owner@example.com", password: PASSWORD });
    const tries = SIGN_IN_LIMITS.perEmailAndIp.limit + 5;
    const answers: number[] = [];
    for (let i = 0; i < tries; i++)
      answers.push((await signInFrom(ATTACKER, owner.email, `guess number ${i}`)).status);
    // The first ten are checked (401); after that the attacker's address is refused unchecked.
    expect(answers).toEqual([
      ...Array(SIGN_IN_LIMITS.perEmailAndIp.limit).fill(401),
      ...Array(5).fill(429),
    ]);

    // The owner, at home, with the right password: signed in.
    const home = await signInFrom(OWNER_HOME, "Owner@Example.com", PASSWORD);
    expect(home.status).toBe(302);
    expect(home.headers.get("Set-Cookie")).toMatch(/^hl_session=/);
    expect(await sessionsOf(owner.id)).toBe(1);

    // The attacker's address stays refused, even with the right password, until its window passes
    // (nothing is checked over a limit, so a refusal never says whether a guess was right).
    const attacker = await signInFrom(ATTACKER, owner.email, PASSWORD);
    expect(attacker.status).toBe(429);
    expect(attacker.data.formError).toBe("signIn.rateLimited");
    const retryAfter = Number(attacker.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sessionsOf(owner.id)).toBe(1);

    // Once the window has passed, the attacker's address is checked again (and wrong again).
    await db()
      .update(rateLimits)
      .set({ windowStart: new Date(Date.now() - 16 * 60 * 1000) });
    expect((await signInFrom(ATTACKER, owner.email, "yet another guess")).status).toBe(401);
  });

  it("refusals of a blocked address do not count towards the account's ceiling", async () => {
    const owner = await createUser({ email: "patient@example.com", password: PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail.limit + 20; i++)
      await signInFrom(ATTACKER, owner.email, `guess ${i}`);
    expect((await signInFrom(OWNER_HOME, owner.email, PASSWORD)).status).toBe(302);
  });

  it("the per-account ceiling holds against many addresses, and the owner's own success does not count", async () => {
    const owner = await createUser({ email: "sprayed@example.com", password: PASSWORD });
    // Signing in is not failing: the owner's many good sign-ins use none of the ceiling.
    for (let i = 0; i < 3; i++)
      expect((await signInFrom(OWNER_HOME, owner.email, PASSWORD)).status).toBe(302);
    const perAddress = SIGN_IN_LIMITS.perEmailAndIp.limit;
    const addresses = Math.ceil(SIGN_IN_LIMITS.perEmail.limit / perAddress);
    // Many addresses, each under its own limit, together fill the account's ceiling (a botnet).
    for (let a = 0; a < addresses; a++) {
      for (let i = 0; i < perAddress; i++)
        expect((await signInFrom(`192.0.2.${a + 1}`, owner.email, `guess ${a}-${i}`)).status).toBe(
          401,
        );
    }
    expect((await signInFrom("192.0.2.200", owner.email, "one more guess")).status).toBe(429);
    expect((await signInFrom(OWNER_HOME, owner.email, PASSWORD)).status).toBe(429);
  });

  it("counts failures only: many good sign-ins from one address (an office) use none of its limits", async () => {
    const user = await createUser({ email: "office@example.com", password: PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit + 5; i++)
      expect((await signInFrom(OWNER_HOME, user.email, PASSWORD)).status, `sign-in ${i + 1}`).toBe(
        302,
      );
  });

  it("an address trying many accounts is stopped at the per-address limit; the owners elsewhere are not", async () => {
    const owner = await createUser({ email: "victim@example.com", password: PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i++)
      expect((await signInFrom(ATTACKER, `user${i}@example.com`, "Spring2026!!")).status).toBe(401);
    expect((await signInFrom(ATTACKER, owner.email, PASSWORD)).status).toBe(429);
    expect((await signInFrom(OWNER_HOME, owner.email, PASSWORD)).status).toBe(302);
  });
});
