import { inArray } from "drizzle-orm";
import { hashPassword } from "../../app/auth/password-hash.server";
import type { Executor } from "../../app/lib/db.server";
import { newId } from "../../app/lib/ids";
import { memberships, users, type MemberRole, type PlatformRole } from "../../db/auth-schema";
import { cooperatives } from "../../db/schema";

/** Shared by every demo account (README, "Demo accounts"). Demo data only, never a real store. */
export const DEMO_PASSWORD = "harvest-demo-2026";

interface DemoUser {
  email: string;
  name: string;
  role: PlatformRole;
  member?: { cooperativeSlug: string; role: MemberRole };
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: "orange.owner@harvest.example",
    name: "刘建国",
    role: "shopper",
    member: { cooperativeSlug: "xinfeng-navel-orange", role: "owner" },
  },
  {
    email: "orange.staff@harvest.example",
    name: "钟小梅",
    role: "shopper",
    member: { cooperativeSlug: "xinfeng-navel-orange", role: "staff" },
  },
  {
    email: "grape.owner@harvest.example",
    name: "唐秀英",
    role: "shopper",
    member: { cooperativeSlug: "suining-dongshan-grapes", role: "owner" },
  },
  {
    email: "potato.owner@harvest.example",
    name: "王志强",
    role: "shopper",
    member: { cooperativeSlug: "loufan-potato", role: "owner" },
  },
  { email: "host@harvest.example", name: "直播主播小禾", role: "host" },
  { email: "admin@harvest.example", name: "平台管理员", role: "admin" },
  { email: "shopper@harvest.example", name: "陈晓", role: "shopper" },
  // The demo pickup points' leaders (scripts/seed/groupbuy.ts): they open /leader.
  { email: "leader1@harvest.example", name: "王秀兰", role: "shopper" },
  { email: "leader2@harvest.example", name: "李春生", role: "shopper" },
];

/**
 * Adds the demo accounts once the demo cooperatives exist. One argon2 hash is shared by every
 * account (same password), so seeding costs one hash rather than one per account.
 */
export async function seedDemoUsers({ db }: { db: Executor }): Promise<{ users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const slugs = [
    ...new Set(DEMO_USERS.flatMap((u) => (u.member ? [u.member.cooperativeSlug] : []))),
  ];
  const coops = await db
    .select({ id: cooperatives.id, slug: cooperatives.slug })
    .from(cooperatives)
    .where(inArray(cooperatives.slug, slugs));
  const coopId = new Map(coops.map((c) => [c.slug, c.id]));
  const rows = DEMO_USERS.map((u) => ({ ...u, id: newId("usr") }));
  await db
    .insert(users)
    .values(rows.map(({ id, email, name, role }) => ({ id, email, name, role, passwordHash })));
  const member = rows.flatMap((u) => {
    const id = u.member && coopId.get(u.member.cooperativeSlug);
    return u.member && id ? [{ userId: u.id, cooperativeId: id, role: u.member.role }] : [];
  });
  if (member.length > 0) await db.insert(memberships).values(member);
  return { users: rows.length };
}
