import { eq } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { presaleOrders } from "../../db/presale-schema";
import { products, variants, offers } from "../../db/schema";
import { db } from "../lib/db.server";
import { applyChoiceLocked, lockPresale } from "./balance.server";
import { hashLinkToken } from "./release.server";

/*
 * The short-harvest choice link: whoever holds the token (sent to the order's contact) may choose,
 * once, before the deadline: wait for the next batch, or cancel with a full refund.
 */

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

export type ChoiceView =
  | {
      ok: true;
      orderId: string;
      code: string;
      productZh: string;
      productEn: string;
      quantity: number;
      depositFen: number;
      deadlineAt: Date;
    }
  | { ok: false; reason: "unknown" | "used" | "expired" };

async function find(token: string) {
  if (!TOKEN.test(token)) return undefined;
  const [row] = await db()
    .select({
      p: presaleOrders,
      code: orders.code,
      productZh: products.nameZh,
      productEn: products.nameEn,
    })
    .from(presaleOrders)
    .innerJoin(orders, eq(orders.id, presaleOrders.orderId))
    .innerJoin(offers, eq(offers.id, presaleOrders.offerId))
    .innerJoin(variants, eq(variants.id, offers.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(presaleOrders.linkTokenHash, hashLinkToken(token)));
  return row;
}

export async function viewChoice(token: string, now = new Date()): Promise<ChoiceView> {
  const row = await find(token);
  if (!row) return { ok: false, reason: "unknown" };
  const { p } = row;
  if (p.state !== "short" || !p.deadlineAt) return { ok: false, reason: "used" };
  if (p.deadlineAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    orderId: p.orderId,
    code: row.code,
    productZh: row.productZh,
    productEn: row.productEn,
    quantity: p.quantity,
    depositFen: p.depositFen,
    deadlineAt: p.deadlineAt,
  };
}

/** Applies the shopper's choice; a used, unknown or lapsed link changes nothing. */
export async function makeChoice(
  token: string,
  choice: "wait" | "cancel",
  now = new Date(),
): Promise<
  | { ok: true; orderId: string; choice: "wait" | "cancel" }
  | { ok: false; reason: "unknown" | "used" | "expired" }
> {
  const row = await find(token);
  if (!row) return { ok: false, reason: "unknown" };
  return db().transaction(async (tx) => {
    const p = await lockPresale(tx, row.p.orderId);
    if (!p || p.state !== "short" || p.linkTokenHash !== hashLinkToken(token) || !p.deadlineAt)
      return { ok: false, reason: "used" } as const;
    if (p.deadlineAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
    const done = await applyChoiceLocked(tx, p, choice, "shopper", now);
    return { ok: true, orderId: p.orderId, choice: done } as const;
  });
}

/** The same choice made from the order's own page (the caller checked the visitor may see the order). */
export async function chooseForOrder(
  orderId: string,
  choice: "wait" | "cancel",
  now = new Date(),
): Promise<{ ok: boolean }> {
  return db().transaction(async (tx) => {
    const p = await lockPresale(tx, orderId);
    if (!p || p.state !== "short" || !p.deadlineAt || p.deadlineAt.getTime() <= now.getTime())
      return { ok: false };
    await applyChoiceLocked(tx, p, choice, "shopper", now);
    return { ok: true };
  });
}
