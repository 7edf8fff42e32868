import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { liveClaims, liveWaitlist, type FlashSale } from "../../db/live-schema";
import { offerLevels } from "../../db/schema";
import { reserveFromPool } from "../inventory/pool-batch.server";
import { releaseReservations } from "../inventory/reservations.server";
import { db, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import { sendMail } from "../lib/mail.server";
import { mailOrigin } from "../lib/origin.server";
import { shopperTotals } from "./claims.server";
import { endSaleNow, lockSale, salePhase, scheduleTick } from "./sales.server";

/**
 * One sale's housekeeping (job `live_sale_tick`, rescheduled while the sale runs): claims whose
 * hold lapsed go back to the pool, units free in the pool are offered to the waitlist in order
 * (each as a claim with its own hold, and a message), and once the window has passed the pool is
 * closed. Idempotent: every step reads what is there under the sale's lock.
 */
export async function tickSale(
  saleId: string,
  now = new Date(),
  /** The slot the job was queued for: the next tick is the slot after it (or after now, if later). */
  slot?: Date,
): Promise<void> {
  await db().transaction(async (tx) => {
    const row = await lockSale(tx, saleId);
    if (!row) return;
    const { sale, offer } = row;
    await expireClaims(tx, saleId, now);
    const phase = salePhase(sale, offer, now);
    if (phase === "ended") {
      if (!sale.closedAt) await endSaleNow(tx, sale.id, offer.id, offer.endsAt ?? now, "live");
      await tx
        .update(liveWaitlist)
        .set({ status: "lapsed", updatedAt: now })
        .where(and(eq(liveWaitlist.saleId, saleId), eq(liveWaitlist.status, "waiting")));
      return;
    }
    if (phase === "live") {
      for (const o of await serveWaitlist(tx, sale, offer, now)) await tellOffered(tx, o, now);
    }
    const from = slot && slot.getTime() > now.getTime() ? slot : now;
    await scheduleTick(tx, saleId, from, { after: true });
  });
}

/** Held claims past their expiry: their units go back (to the pool, or the pack once closed). */
export async function expireClaims(tx: Tx, saleId: string, now: Date): Promise<number> {
  const lapsed = await tx
    .select({ id: liveClaims.id, waitlistId: liveClaims.waitlistId })
    .from(liveClaims)
    .where(
      and(
        eq(liveClaims.saleId, saleId),
        eq(liveClaims.status, "held"),
        lte(liveClaims.expiresAt, now),
      ),
    )
    .orderBy(asc(liveClaims.id))
    .for("update");
  for (const c of lapsed) {
    await releaseReservations({ ref: c.id, reason: "claim_expired", actor: "live", tx });
  }
  if (lapsed.length) {
    await tx
      .update(liveClaims)
      .set({ status: "expired" })
      .where(
        inArray(
          liveClaims.id,
          lapsed.map((c) => c.id),
        ),
      );
    const fromLine = lapsed.flatMap((c) => (c.waitlistId ? [c.waitlistId] : []));
    if (fromLine.length)
      await tx
        .update(liveWaitlist)
        .set({ status: "lapsed", updatedAt: now })
        .where(inArray(liveWaitlist.id, fromLine));
  }
  return lapsed.length;
}

type Offered = { email: string | null; saleCode: string; quantity: number; expiresAt: Date };

/**
 * Units free in the pool go to the line in order, while the next in line fits. A place that can
 * never be served (more than could still come back, or nothing left of its shopper's allowance)
 * lapses rather than stop the line; a place bigger than what its shopper may still have shrinks
 * to it.
 */
async function serveWaitlist(
  tx: Tx,
  sale: FlashSale,
  offer: { id: string; perShopperLimit: number | null },
  now: Date,
): Promise<Offered[]> {
  const offerId = offer.id;
  const [pool] = await tx
    .select({ available: offerLevels.available, reserved: offerLevels.reserved })
    .from(offerLevels)
    .where(eq(offerLevels.offerId, offerId));
  if (!pool || pool.available <= 0) return [];
  const line = await tx
    .select()
    .from(liveWaitlist)
    .where(and(eq(liveWaitlist.saleId, sale.id), eq(liveWaitlist.status, "waiting")))
    .orderBy(asc(liveWaitlist.seq))
    .limit(200);
  const limit = offer.perShopperLimit;
  const had =
    limit === null
      ? new Map<string, number>()
      : await shopperTotals(tx, sale.id, [...new Set(line.map((w) => w.shopperKey))]);
  const couldComeBack = pool.available + pool.reserved;
  const next: typeof line = [];
  const hopeless: string[] = [];
  let left = pool.available;
  // Strictly in order: the first who does not fit waits for more, nobody behind them jumps ahead.
  for (const w of line) {
    const allowed = limit === null ? w.quantity : limit - (had.get(w.shopperKey) ?? 0);
    if (allowed <= 0 || Math.min(w.quantity, allowed) > couldComeBack) {
      hopeless.push(w.id);
      continue;
    }
    if (w.quantity > allowed) {
      w.quantity = allowed;
      await tx
        .update(liveWaitlist)
        .set({ quantity: allowed, updatedAt: now })
        .where(eq(liveWaitlist.id, w.id));
    }
    if (w.quantity > left) break;
    left -= w.quantity;
    had.set(w.shopperKey, (had.get(w.shopperKey) ?? 0) + w.quantity);
    next.push(w);
  }
  if (hopeless.length)
    await tx
      .update(liveWaitlist)
      .set({ status: "lapsed", updatedAt: now })
      .where(inArray(liveWaitlist.id, hopeless));
  if (!next.length) return [];
  const expiresAt = new Date(now.getTime() + sale.holdSeconds * 1000);
  const ids = next.map(() => newId("clm"));
  const { granted } = await reserveFromPool(tx, {
    offerId,
    owner: "claim",
    requests: next.map((w, i) => ({ ref: ids[i]!, quantity: w.quantity })),
    expiresAt,
    actor: "live:waitlist",
  });
  const won = new Set(granted);
  const out: Offered[] = [];
  for (const [i, w] of next.entries()) {
    const id = ids[i]!;
    if (!won.has(id)) continue;
    await tx.insert(liveClaims).values({
      id,
      saleId: sale.id,
      idempotencyKey: `waitlist:${w.id}`,
      shopperKey: w.shopperKey,
      userId: w.userId,
      quantity: w.quantity,
      expiresAt,
      waitlistId: w.id,
    });
    await tx
      .update(liveWaitlist)
      .set({ status: "offered", claimId: id, updatedAt: now })
      .where(eq(liveWaitlist.id, w.id));
    out.push({ email: w.email, saleCode: sale.code, quantity: w.quantity, expiresAt });
  }
  return out;
}

/** The message goes out only if the offer commits (the outbox row is in the same transaction). */
async function tellOffered(tx: Tx, o: Offered, now: Date): Promise<void> {
  if (!o.email) return;
  const minutes = Math.max(1, Math.round((o.expiresAt.getTime() - now.getTime()) / 60_000));
  await sendMail({
    tx,
    to: o.email,
    subject: "轮到您了 · Your turn: a flash-sale unit is held for you",
    body: `限时抢购有 ${o.quantity} 件为您保留 ${minutes} 分钟，请尽快付款：${mailOrigin()}/l/${o.saleCode}\n\n${o.quantity} unit(s) of the flash sale are held for you for ${minutes} minutes. Pay here: ${mailOrigin()}/l/${o.saleCode}`,
  });
}
