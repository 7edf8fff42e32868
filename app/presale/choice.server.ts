import { eq } from "drizzle-orm";
import { orders } from "../../db/orders-schema";
import { presaleOrders } from "../../db/presale-schema";
import { products, variants, offers } from "../../db/schema";
import { db } from "../lib/db.server";
import { applyChoiceLocked, lockPresale, type PresaleChoice } from "./balance.server";
import { reviseOrderLines } from "../orders/revise.server";
import { hashLinkToken } from "./release.server";

/*
 * The short-harvest choice link: whoever holds the token (sent to the order's contact) may choose,
 * once, before the deadline: take the packs a release could offer (when it offered some), wait for
 * the next batch, or cancel with a full refund.
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
      /** A short harvest's offer: so many packs now, and what taking them leaves to pay (or gives back). */
      offer: { packs: number; balanceFen: number; refundFen: number } | null;
    }
  | { ok: false; reason: "unknown" | "used" | "expired" };

const ASKED = ["short", "offered"];

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

/** What taking an offer's packs would leave to pay, or give back of the deposit. */
export async function offerTerms(
  p: typeof presaleOrders.$inferSelect,
): Promise<{ packs: number; balanceFen: number; refundFen: number } | null> {
  if (p.state !== "offered") return null;
  const quote = await db().transaction((tx) =>
    reviseOrderLines({
      tx,
      orderId: p.orderId,
      lines: [{ lineNo: 1, quantity: p.allocatedQuantity }],
      actor: "quote",
      note: "quote",
      quoteOnly: true,
    }),
  );
  if (!quote.ok) return null;
  return {
    packs: p.allocatedQuantity,
    balanceFen: Math.max(0, quote.totalFen - p.depositFen),
    refundFen: Math.max(0, p.depositFen - quote.totalFen),
  };
}

export async function viewChoice(token: string, now = new Date()): Promise<ChoiceView> {
  const row = await find(token);
  if (!row) return { ok: false, reason: "unknown" };
  const { p } = row;
  if (!ASKED.includes(p.state) || !p.deadlineAt) return { ok: false, reason: "used" };
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
    offer: await offerTerms(p),
  };
}

type Chosen =
  /** `packs`: what the order is for once it took an offer (0 for the other choices). */
  | { ok: true; orderId: string; choice: PresaleChoice; packs: number }
  | { ok: false; reason: "unknown" | "used" | "expired" | "invalid" };

/** Applies the shopper's choice; a used, unknown or lapsed link (or a choice not offered) changes nothing. */
export async function makeChoice(
  token: string,
  choice: PresaleChoice,
  now = new Date(),
): Promise<Chosen> {
  const row = await find(token);
  if (!row) return { ok: false, reason: "unknown" };
  return db().transaction(async (tx) => {
    const p = await lockPresale(tx, row.p.orderId);
    if (!p || !ASKED.includes(p.state) || p.linkTokenHash !== hashLinkToken(token) || !p.deadlineAt)
      return { ok: false, reason: "used" } as const;
    if (p.deadlineAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
    const done = await applyChoiceLocked(tx, p, choice, "shopper", now);
    if (!done) return { ok: false, reason: "invalid" } as const;
    const packs = done === "partial" ? p.allocatedQuantity : 0;
    return { ok: true, orderId: p.orderId, choice: done, packs } as const;
  });
}

/** The same choice made from the order's own page (the caller checked the visitor may see the order). */
export async function chooseForOrder(
  orderId: string,
  choice: PresaleChoice,
  now = new Date(),
): Promise<{ ok: boolean }> {
  return db().transaction(async (tx) => {
    const p = await lockPresale(tx, orderId);
    if (!p || !ASKED.includes(p.state) || !p.deadlineAt || p.deadlineAt.getTime() <= now.getTime())
      return { ok: false };
    return { ok: (await applyChoiceLocked(tx, p, choice, "shopper", now)) !== null };
  });
}
