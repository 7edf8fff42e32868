import { eq } from "drizzle-orm";
import { groupbuyJoins } from "../../db/groupbuy-schema";
import { groupbuyWorld, joinAndPay, type GroupbuyWorld } from "./groupbuy";
import { drainJobs } from "./held-orders";
import { createSession } from "~/auth/session.server";
import { settleDeal } from "~/groupbuy/settle.server";
import { db } from "~/lib/db.server";

/*
 * A group deal settled at its second tier (¥26 a pack) with joins at both pickup points and one
 * home delivery, settled through the real settlement job, so the points' orders are fulfilling
 * with their pickup codes: what a leader finds at /leader.
 */

export interface SettledWorld extends GroupbuyWorld {
  /** Point 0: a (1 pack) and b (2 packs); point 1: c (1 pack); home: one pack to Beijing. */
  orders: { a: string; b: string; c: string; home: string };
}

export async function settledWorld(): Promise<SettledWorld> {
  const w = await groupbuyWorld();
  const a = await joinAndPay(w, { quantity: 1, point: 0 });
  const b = await joinAndPay(w, { quantity: 2, point: 0 });
  const c = await joinAndPay(w, { quantity: 1, point: 1 });
  const home = await joinAndPay(w, { quantity: 1, point: "home" });
  const settled = await settleDeal(w.offerId, { now: new Date(Date.now() + 3 * 3_600_000) });
  if (settled.status !== "succeeded") throw new Error(`deal did not settle: ${settled.status}`);
  await drainJobs();
  return { ...w, orders: { a, b, c, home } };
}

export async function pickupCodeOf(orderId: string): Promise<string> {
  const [row] = await db()
    .select({ code: groupbuyJoins.pickupCode })
    .from(groupbuyJoins)
    .where(eq(groupbuyJoins.orderId, orderId));
  if (!row?.code) throw new Error(`no pickup code for ${orderId}`);
  return row.code;
}

/** The Cookie header value of a fresh session for the user. */
export async function cookieFor(userId: string): Promise<string> {
  const { cookie } = await createSession({ userId });
  return cookie.split(";")[0]!;
}
