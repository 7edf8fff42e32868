import { hash, type Algorithm } from "@node-rs/argon2";
import { memberships, users, type MemberRole, type PlatformRole } from "../../db/auth-schema";
import { db } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { createSession } from "~/auth/session.server";

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

// A hash no password verifies against; tests that sign in by password pass `password`.
const UNUSABLE_HASH = "!no-password";
// The cheapest argon2id a verify accepts (it reads the cost from the hash): fixture users are not
// what the cost protects, and sign-in tests check hundreds of passwords. The app's own hashes
// (sign-up, reset, the unknown-email dummy) keep the production cost; auth-accounts checks it.
const FIXTURE_HASH = { algorithm: 2 as Algorithm, memoryCost: 8, timeCost: 1, parallelism: 1 };

export interface UserSpec {
  email?: string;
  name?: string;
  role?: PlatformRole;
  /** Hashed with argon2id at the lowest cost: pass it when the test signs in by password. */
  password?: string;
  /** Cooperatives the user belongs to, with their role there. */
  memberOf?: { cooperativeId: string; role?: MemberRole }[];
}

export async function createUser({
  email,
  name = "测试用户",
  role = "shopper",
  password,
  memberOf = [],
}: UserSpec = {}) {
  const id = newId("usr");
  const [user] = await db()
    .insert(users)
    .values({
      id,
      email: (email ?? `user-${unique()}@example.com`).trim().toLowerCase(),
      name,
      role,
      passwordHash: password ? await hash(password, FIXTURE_HASH) : UNUSABLE_HASH,
    })
    .returning();
  if (memberOf.length) {
    await db()
      .insert(memberships)
      .values(
        memberOf.map((m) => ({
          userId: id,
          cooperativeId: m.cooperativeId,
          role: m.role ?? "owner",
        })),
      );
  }
  return user!;
}

/** A user with a live session: `cookie` is the `name=value` pair to send as the Cookie header. */
export async function signedInUser(spec: UserSpec = {}) {
  const user = await createUser(spec);
  const { cookie, sessionId } = await createSession({ userId: user.id });
  return { user, sessionId, cookie: cookie.split(";")[0]! };
}
