import { and, eq, ne } from "drizzle-orm";
import { flashSales } from "../../db/live-schema";
import type { SessionUser } from "../auth/session.server";
import { db } from "../lib/db.server";
import { isIdShaped } from "../lib/ids";
import { notFound } from "../lib/not-found";
import { revokeApproval } from "./approvals.server";
import { LiveError } from "./live-error";
import { changeSale, type SaleAction } from "./sales.server";

/*
 * A sale's start, pause, resume and end posted from a page: the host's session page and dashboard,
 * and the cooperative's dashboard (an owner stops a sale of its own products without its host).
 */

const ACTIONS: readonly SaleAction[] = ["start", "pause", "resume", "end"];

export function isSaleAction(intent: unknown): intent is SaleAction {
  return ACTIONS.includes(intent as SaleAction);
}

/**
 * Runs the action; a sale whose phase does not allow it is a refusal the page shows (the form was
 * stale), a sale that is not `hostUserId`'s (or does not exist) a 404, an unknown intent a 400.
 */
export async function runSaleAction(a: {
  hostUserId: string | null;
  saleId: string;
  intent: unknown;
  /** The sale the form names: it must be this one (a stale or mangled form moves nothing). */
  named: unknown;
}): Promise<
  { done: SaleAction; refused?: undefined } | { refused: "bad_state"; done?: undefined }
> {
  if (!isSaleAction(a.intent)) throw new Response("Unknown intent", { status: 400 });
  if (a.named !== a.saleId) throw notFound();
  try {
    await changeSale({ hostUserId: a.hostUserId, saleId: a.saleId, action: a.intent });
    return { done: a.intent };
  } catch (error) {
    if (!(error instanceof LiveError)) throw error;
    if (error.code === "bad_state") return { refused: "bad_state" };
    throw notFound();
  }
}

/**
 * Whether `user` may start, pause or end this sale as its cooperative: a platform admin, or an
 * owner of the cooperative whose pack it sells (staff may watch). Another cooperative's sale, or
 * no such sale, is a 404; staff get a 403.
 */
export async function requireSaleOwner(user: SessionUser, saleId: string): Promise<void> {
  if (user.role === "admin") return;
  const [sale] = isIdShaped(saleId)
    ? await db()
        .select({ cooperativeId: flashSales.cooperativeId })
        .from(flashSales)
        .where(eq(flashSales.id, saleId))
    : [];
  const member = sale && user.memberships.find((m) => m.cooperativeId === sale.cooperativeId);
  if (!member) throw notFound();
  if (member.role !== "owner")
    throw new Response("Forbidden: the cooperative's owner starts and stops sales", {
      status: 403,
    });
}

/**
 * The cooperative withdraws a host's approval: no new sales of the product, and the host's sales
 * of it still open end now (what they did not sell goes back to stock; claims already held may
 * still be paid). False when the approval is not this cooperative's.
 */
export async function revokeAndEndSales(a: {
  cooperativeId: string;
  approvalId: string;
}): Promise<boolean> {
  if (!(await revokeApproval(a))) return false;
  const open = await db()
    .select({ id: flashSales.id })
    .from(flashSales)
    .where(and(eq(flashSales.approvalId, a.approvalId), ne(flashSales.status, "ended")));
  for (const sale of open) {
    try {
      await changeSale({ hostUserId: null, saleId: sale.id, action: "end" });
    } catch (error) {
      // Ended meanwhile (its window passed, its host ended it): nothing left to do.
      if (!(error instanceof LiveError)) throw error;
    }
  }
  return true;
}
