import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, count, eq, gt, lt } from "drizzle-orm";
import {
  memberships,
  sessions,
  users,
  type MemberRole,
  type PlatformRole,
} from "../../db/auth-schema";
import { cooperatives } from "../../db/schema";
import { db, type Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { invariantFound } from "../lib/not-found";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const sessionCookie = () =>
  createCookie("hl_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_URL?.startsWith("https://") ?? false,
    maxAge: SESSION_TTL_MS / 1000,
  });

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SessionMembership {
  cooperativeId: string;
  cooperativeSlug: string;
  cooperativeNameZh: string;
  cooperativeNameEn: string;
  role: MemberRole;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: PlatformRole;
  sessionId: string;
  memberships: SessionMembership[];
}

/** A new session for the user; the caller sets the returned cookie. The token is only in the cookie. */
export async function createSession({
  userId,
  userAgent = "",
  tx = db(),
}: {
  userId: string;
  userAgent?: string;
  tx?: Executor;
}): Promise<{ cookie: string; sessionId: string }> {
  const token = randomBytes(32).toString("base64url");
  const sessionId = hashToken(token);
  await tx.insert(sessions).values({
    id: sessionId,
    userId,
    userAgent: userAgent.slice(0, 300),
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  return { cookie: await sessionCookie().serialize(token), sessionId };
}

/**
 * Signs a user in with a fresh session (rotation): whatever session token the browser presented
 * is deleted first, so a token planted before sign-in (session fixation) is worthless after it.
 * The user's expired sessions are swept at the same time.
 */
export async function startSession({
  request,
  userId,
  tx = db(),
}: {
  request: Request;
  userId: string;
  tx?: Executor;
}): Promise<{ cookie: string; sessionId: string }> {
  const presented = await readToken(request);
  if (presented) await tx.delete(sessions).where(eq(sessions.id, hashToken(presented)));
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date())));
  return createSession({ userId, userAgent: request.headers.get("User-Agent") ?? "", tx });
}

/** The cookie that removes the session token from the browser. */
export function clearedSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Whether the browser holds a session cookie at all: a hint for the header, no database read. */
export async function hasSessionCookie(request: Request): Promise<boolean> {
  return (await readToken(request)) !== null;
}

/** How many live sessions (devices, browsers) the user has. */
export async function countSessions({ userId }: { userId: string }): Promise<number> {
  const [row] = await db()
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())));
  return row?.n ?? 0;
}

/** Where a user lands after signing in when no page asked for them: the admin for members and admins, the console for hosts. */
export function landingPath({ role, isMember }: { role: PlatformRole; isMember: boolean }): string {
  if (role === "admin" || isMember) return "/admin";
  return role === "host" ? "/host" : "/account";
}

/** Deletes one session (sign out) and returns the cookie that clears it in the browser. */
export async function destroySession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token)
    await db()
      .delete(sessions)
      .where(eq(sessions.id, hashToken(token)));
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Sign out everywhere: every session of the user goes. */
export async function destroyAllSessions({
  userId,
  tx = db(),
}: {
  userId: string;
  tx?: Executor;
}): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie()
    .parse(request.headers.get("Cookie"))
    .catch(() => null);
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** The signed-in user with their cooperative memberships, or null. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const sessionId = hashToken(token);
  const [row] = await db()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const member = await db()
    .select({
      cooperativeId: memberships.cooperativeId,
      cooperativeSlug: cooperatives.slug,
      cooperativeNameZh: cooperatives.nameZh,
      cooperativeNameEn: cooperatives.nameEn,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(cooperatives, eq(cooperatives.id, memberships.cooperativeId))
    .where(eq(memberships.userId, row.id))
    .orderBy(cooperatives.nameEn);
  return { ...row, sessionId, memberships: member };
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(`/account/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/** The signed-in user; a visitor is sent to sign in and brought back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw signInRedirect(request);
  return user;
}

/** Anyone allowed into /admin: a member of a cooperative or a platform admin; others get 403. */
export async function requireAdminUser(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin" && user.memberships.length === 0) {
    throw new Response("Forbidden: this account has no cooperative", { status: 403 });
  }
  return user;
}

/** A livestream host (or a platform admin, who may look at any host's console); others get 403. */
export async function requireHost(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "host" && user.role !== "admin")
    throw new Response("Forbidden: livestream hosts only", { status: 403 });
  return user;
}

export async function requirePlatformAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw new Response("Forbidden: platform admins only", { status: 403 });
  return user;
}

/**
 * Checks that the user may act for a cooperative. Not a member (and not a platform admin) gets
 * 404, so another cooperative's ids reveal nothing. `roles` narrows to owners where needed.
 */
export function assertCooperativeAccess(
  user: SessionUser,
  cooperativeId: string,
  roles: readonly MemberRole[] = ["owner", "staff"],
): void {
  if (user.role === "admin") return;
  const m = user.memberships.find((x) => x.cooperativeId === cooperativeId);
  invariantFound(m);
  if (!roles.includes(m.role)) throw new Response("Forbidden: owners only", { status: 403 });
}

/**
 * The signed-in user's id for a raw Cookie header (the lean live handlers have no Request), or
 * null. One indexed lookup; callers on hot paths cache it briefly.
 */
export async function sessionUserId(cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await sessionCookie()
    .parse(cookieHeader)
    .catch(() => null);
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const [row] = await db()
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, hashToken(value)), gt(sessions.expiresAt, new Date())));
  return row?.userId ?? null;
}
