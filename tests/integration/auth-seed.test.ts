import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, users } from "../../db/auth-schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "../../scripts/seed/users";
import { signIn } from "~/auth/accounts.server";
import { db } from "~/lib/db.server";
import { createCooperative } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

describe("demo accounts", () => {
  it("gives every demo cooperative an owner, the orange one a staff member, and each platform role a user", async () => {
    const slugs = ["xinfeng-navel-orange", "suining-dongshan-grapes", "loufan-potato"];
    const ids = new Map<string, string>();
    for (const slug of slugs) ids.set(slug, (await createCooperative({ slug })).id);
    expect(await seedDemoUsers({ db: db() })).toEqual({ users: DEMO_USERS.length });

    const rows = await db().select({ email: users.email, role: users.role }).from(users);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(["shopper", "host", "admin"]));
    const member = await db()
      .select({ email: users.email, coop: memberships.cooperativeId, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId));
    for (const slug of slugs) {
      expect(
        member.filter((m) => m.coop === ids.get(slug) && m.role === "owner"),
        slug,
      ).toHaveLength(1);
    }
    expect(
      member.filter((m) => m.coop === ids.get("xinfeng-navel-orange") && m.role === "staff"),
    ).toHaveLength(1);

    // Each account signs in with the README password and lands where its role belongs.
    for (const u of DEMO_USERS) {
      const r = await signIn({ email: u.email, password: DEMO_PASSWORD, ip: "127.0.0.1" });
      expect(r, u.email).toMatchObject({
        ok: true,
        landing:
          u.member || u.role === "admin" ? "/admin" : u.role === "host" ? "/host" : "/account",
      });
    }
    // One hash computed once and shared keeps seeding quick.
    const hashes = await db().select({ h: users.passwordHash }).from(users);
    expect(new Set(hashes.map((r) => r.h)).size).toBe(1);
  });
});
