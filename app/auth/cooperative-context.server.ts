import { createCookie } from "@remix-run/node";
import { asc, eq } from "drizzle-orm";
import type { MemberRole } from "../../db/auth-schema";
import { cooperatives } from "../../db/schema";
import { db } from "../lib/db.server";
import { env } from "../lib/env.server";
import { assertCooperativeAccess, requireAdminUser, type SessionUser } from "./session.server";
import { invariantFound } from "../lib/not-found";

/** Which of the user's cooperatives the admin is working on; a preference, never trusted alone. */
export const currentCooperativeCookie = createCookie("hl_admin_coop", {
  httpOnly: true,
  sameSite: "lax",
  // Not "/admin": Remix fetches the dashboard's data from /admin.data, which that path does not cover.
  path: "/",
  secure: env.PUBLIC_URL?.startsWith("https://") ?? false,
  maxAge: 60 * 60 * 24 * 365,
});

export interface CooperativeContext {
  user: SessionUser;
  cooperative: { id: string; slug: string; nameZh: string; nameEn: string; provinceCode: string };
  role: MemberRole | "admin";
}

/**
 * The signed-in admin user and the cooperative their list pages show: the one chosen in the
 * switcher cookie if they may act for it, else their first. Platform admins may pick any.
 */
export async function requireCooperativeContext(request: Request): Promise<CooperativeContext> {
  const user = await requireAdminUser(request);
  const chosen: unknown = await currentCooperativeCookie
    .parse(request.headers.get("Cookie"))
    .catch(() => null);
  const allowed = (id: string) =>
    user.role === "admin" || user.memberships.some((m) => m.cooperativeId === id);
  let id =
    typeof chosen === "string" && allowed(chosen) ? chosen : user.memberships[0]?.cooperativeId;
  const columns = {
    id: cooperatives.id,
    slug: cooperatives.slug,
    nameZh: cooperatives.nameZh,
    nameEn: cooperatives.nameEn,
    provinceCode: cooperatives.provinceCode,
  };
  const [cooperative] = id
    ? await db().select(columns).from(cooperatives).where(eq(cooperatives.id, id))
    : await db().select(columns).from(cooperatives).orderBy(asc(cooperatives.nameEn)).limit(1);
  invariantFound(cooperative, "No cooperative yet");
  id = cooperative.id;
  assertCooperativeAccess(user, id);
  const role =
    user.role === "admin" ? "admin" : user.memberships.find((m) => m.cooperativeId === id)!.role;
  return { user, cooperative, role };
}
