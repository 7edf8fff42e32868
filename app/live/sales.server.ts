import { and, asc, desc, eq } from "drizzle-orm";
import { flashSales, liveSessions, type FlashSale, type LivePlatform } from "../../db/live-schema";
import { offers, products, variants, type Offer } from "../../db/schema";
import { enqueueJob } from "../jobs/queue.server";
import { db, type Executor, type Tx } from "../lib/db.server";
import {
  closeOffer,
  createCappedOffer,
  setOfferTerms,
  standardOffers,
} from "../offers/offers.server";
import { insertWithFreshCode } from "../lib/fresh-code";
import { approvedPacks } from "./approvals.server";
import { newSaleCode } from "./codes";
import { LiveError } from "./live-error";

/*
 * Live sessions and flash sales (approvals are in approvals.server.ts). A sale is a flash offer (price, window,
 * cap, per-shopper limit on the offer; its stock drawn into the offer's pool) that a host runs:
 * draft → running (counting down, then live, until its window ends) ⇄ paused → ended. Claims are
 * in claims.server.ts.
 */

export type SalePhase = "draft" | "countdown" | "live" | "paused" | "ended";

/** Where a sale stands at `now`, from its status and its offer's window. */
export function salePhase(
  sale: Pick<FlashSale, "status" | "closedAt">,
  offer: Pick<Offer, "startsAt" | "endsAt">,
  now: Date,
): SalePhase {
  if (sale.status === "ended" || sale.closedAt) return "ended";
  if (offer.endsAt && offer.endsAt.getTime() <= now.getTime()) return "ended";
  if (sale.status === "draft") return "draft";
  if (sale.status === "paused") return "paused";
  if (offer.startsAt && offer.startsAt.getTime() > now.getTime()) return "countdown";
  return "live";
}

// ---------------------------------------------------------------- sessions

export async function createSession(a: {
  hostUserId: string;
  title: string;
  platform: LivePlatform;
  scheduledAt: Date;
}): Promise<{ sessionId: string }> {
  const id = `lvs_${newSaleCode(16)}`;
  await db()
    .insert(liveSessions)
    .values({ id, ...a });
  return { sessionId: id };
}

export function hostSessions(hostUserId: string) {
  return db()
    .select()
    .from(liveSessions)
    .where(eq(liveSessions.hostUserId, hostUserId))
    .orderBy(desc(liveSessions.scheduledAt));
}

export async function hostSession(hostUserId: string, sessionId: string) {
  const [row] = await db()
    .select()
    .from(liveSessions)
    .where(and(eq(liveSessions.id, sessionId), eq(liveSessions.hostUserId, hostUserId)));
  return row ?? null;
}

// ---------------------------------------------------------------- sales

export type SaleTiming =
  | { kind: "countdown"; countdownSeconds: number; durationSeconds: number }
  | { kind: "fixed"; startsAt: Date; endsAt: Date };

/**
 * A flash sale of an approved pack: the flash offer is made with its cap drawn from the pack's
 * stock. A countdown sale waits as a draft until the host starts it; a fixed one runs at its times.
 */
export async function createSale(a: {
  hostUserId: string;
  sessionId: string;
  variantId: string;
  priceFen: number;
  quantity: number;
  perShopperLimit: number | null;
  holdSeconds?: number;
  timing: SaleTiming;
}): Promise<{ saleId: string; code: string }> {
  return db().transaction(async (tx) => {
    const session = await tx
      .select({ id: liveSessions.id })
      .from(liveSessions)
      .where(and(eq(liveSessions.id, a.sessionId), eq(liveSessions.hostUserId, a.hostUserId)));
    if (!session.length) throw new LiveError("not_found", "No such session.");
    const pack = (await approvedPacks(a.hostUserId, tx)).find((p) => p.variantId === a.variantId);
    if (!pack) throw new LiveError("not_approved", "This pack is not approved for you.");
    const standard = (await standardOffers({ variantIds: [a.variantId], tx })).get(a.variantId);
    const [std] = standard
      ? await tx.select({ priceFen: offers.priceFen }).from(offers).where(eq(offers.id, standard))
      : [];
    if (!std || a.priceFen >= std.priceFen)
      throw new LiveError("price_not_below", "The flash price must be below the normal price.");
    const fixed = a.timing.kind === "fixed" ? a.timing : null;
    const made = await createCappedOffer({
      variantId: a.variantId,
      kind: "flash",
      priceFen: a.priceFen,
      cap: a.quantity,
      perShopperLimit: a.perShopperLimit,
      startsAt: fixed?.startsAt ?? null,
      endsAt: fixed?.endsAt ?? null,
      actor: a.hostUserId,
      tx,
    });
    if (!made.ok)
      throw new LiveError(
        "insufficient_stock",
        `Only ${made.available} of this pack are in stock to draw on.`,
      );
    if (!fixed) await setOfferTerms({ offerId: made.offer.id, status: "paused", tx });
    const saleId = `fls_${newSaleCode(16)}`;
    const code = await insertSale(tx, {
      id: saleId,
      sessionId: a.sessionId,
      approvalId: pack.approvalId,
      offerId: made.offer.id,
      variantId: a.variantId,
      cooperativeId: pack.cooperativeId,
      hostUserId: a.hostUserId,
      commissionBps: pack.commissionBps,
      holdSeconds: a.holdSeconds ?? 300,
      countdownSeconds: a.timing.kind === "countdown" ? a.timing.countdownSeconds : null,
      durationSeconds: a.timing.kind === "countdown" ? a.timing.durationSeconds : null,
      status: fixed ? "running" : "draft",
    });
    if (fixed) await scheduleTick(tx, saleId, fixed.startsAt);
    return { saleId, code };
  });
}

async function insertSale(tx: Tx, values: Omit<typeof flashSales.$inferInsert, "code">) {
  return insertWithFreshCode("sale", newSaleCode, async (code) => {
    const [row] = await tx
      .insert(flashSales)
      .values({ ...values, code })
      .onConflictDoNothing({ target: flashSales.code })
      .returning({ code: flashSales.code });
    return row?.code;
  });
}

/** How often a running sale's housekeeping runs (tick.server.ts). */
export const TICK_EVERY_MS = 5_000;

/**
 * The sale's housekeeping job (tick.server.ts): lapsed claims back, the waitlist served, the pool
 * closed at the end. Keyed by the sale and its 5-second slot, so however many times it is asked
 * for (the tick rescheduling itself, the sweeper, a start) one job runs per slot: the chain never
 * doubles.
 */
export async function scheduleTick(
  tx: Executor,
  saleId: string,
  at: Date,
  { after = false }: { after?: boolean } = {},
) {
  // The slot at or after `at`; a tick asks for the next one strictly after its own time, so a
  // chain ticks once per slot (every 5 s), not every other slot.
  const t = at.getTime() + (after ? 1 : 0);
  const slot = Math.ceil(t / TICK_EVERY_MS) * TICK_EVERY_MS;
  await enqueueJob({
    tx,
    kind: "live_sale_tick",
    payload: { saleId },
    dedupeKey: `live_sale_tick:${saleId}:${slot}`,
    runAt: new Date(slot),
  });
}

/**
 * The sale row locked (`FOR UPDATE`), then the sale and its offer read in a statement of their
 * own: on PostgreSQL's READ COMMITTED a locking join re-reads only the locked row once the lock is
 * granted, so the offer (window, status) would be the one from before the wait. Every change to a
 * sale's claims, pool or window takes this lock first: claim batches, the tick, checkout of a
 * claim, the waitlist and the host's actions. With `hostUserId`, another host's sale is not found.
 */
export async function lockSale(tx: Tx, saleId: string, hostUserId?: string | null) {
  const [locked] = await tx
    .select({ id: flashSales.id })
    .from(flashSales)
    .where(
      and(
        eq(flashSales.id, saleId),
        hostUserId ? eq(flashSales.hostUserId, hostUserId) : undefined,
      ),
    )
    .for("update");
  if (!locked) return null;
  const [row] = await tx
    .select({ sale: flashSales, offer: offers })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .where(eq(flashSales.id, saleId));
  return row ?? null;
}

async function lockHostSale(tx: Tx, hostUserId: string | null, saleId: string) {
  const row = await lockSale(tx, saleId, hostUserId);
  if (!row) throw new LiveError("not_found", "No such sale.");
  return row;
}

export type SaleAction = "start" | "pause" | "resume" | "end";

/**
 * start: a draft opens after its countdown, for its duration. pause / resume: claims stop and
 * start again (the end stays where it was). end: the window closes now and what the pool did not
 * sell goes back to the pack's stock; claims already held may still be paid.
 */
export async function changeSale(a: {
  hostUserId: string | null;
  saleId: string;
  action: SaleAction;
  now?: Date;
}): Promise<{ phase: SalePhase }> {
  const now = a.now ?? new Date();
  return db().transaction(async (tx) => {
    const { sale, offer } = await lockHostSale(tx, a.hostUserId, a.saleId);
    const phase = salePhase(sale, offer, now);
    const bad = () => {
      throw new LiveError("bad_state", `A sale that is ${phase} cannot ${a.action}.`);
    };
    if (a.action === "start") {
      if (phase !== "draft") bad();
      const startsAt = new Date(now.getTime() + (sale.countdownSeconds ?? 0) * 1000);
      const endsAt = new Date(startsAt.getTime() + (sale.durationSeconds ?? 600) * 1000);
      await setOfferTerms({ offerId: offer.id, status: "active", startsAt, endsAt, tx });
      await setSaleStatus(tx, sale.id, "running");
      await scheduleTick(tx, sale.id, startsAt);
    } else if (a.action === "pause") {
      if (phase !== "live" && phase !== "countdown") bad();
      await setOfferTerms({ offerId: offer.id, status: "paused", tx });
      await setSaleStatus(tx, sale.id, "paused");
    } else if (a.action === "resume") {
      if (phase !== "paused") bad();
      await setOfferTerms({ offerId: offer.id, status: "active", tx });
      await setSaleStatus(tx, sale.id, "running");
    } else {
      if (phase === "ended") bad();
      await endSaleNow(tx, sale.id, offer.id, now, a.hostUserId ?? "system");
    }
    const after = await lockHostSale(tx, a.hostUserId, a.saleId);
    return { phase: salePhase(after.sale, after.offer, now) };
  });
}

async function setSaleStatus(tx: Tx, saleId: string, status: FlashSale["status"]) {
  await tx
    .update(flashSales)
    .set({ status, updatedAt: new Date() })
    .where(eq(flashSales.id, saleId));
}

/** Closes the window and the pool; the sale is ended, and no longer pinned on air. */
export async function endSaleNow(tx: Tx, saleId: string, offerId: string, at: Date, actor: string) {
  await closeOffer({ offerId, at, actor, tx });
  await tx
    .update(flashSales)
    .set({ status: "ended", closedAt: at, updatedAt: new Date() })
    .where(eq(flashSales.id, saleId));
  await tx
    .update(liveSessions)
    .set({ pinnedSaleId: null, updatedAt: new Date() })
    .where(eq(liveSessions.pinnedSaleId, saleId));
}

/** Pins one of the session's sales (or none) as the one on air now. */
export async function pinSale(a: {
  hostUserId: string;
  sessionId: string;
  saleId: string | null;
}): Promise<void> {
  if (a.saleId) {
    const [own] = await db()
      .select({ id: flashSales.id })
      .from(flashSales)
      .where(and(eq(flashSales.id, a.saleId), eq(flashSales.sessionId, a.sessionId)));
    if (!own) throw new LiveError("not_found", "No such sale in this session.");
  }
  const rows = await db()
    .update(liveSessions)
    .set({ pinnedSaleId: a.saleId, updatedAt: new Date() })
    .where(and(eq(liveSessions.id, a.sessionId), eq(liveSessions.hostUserId, a.hostUserId)))
    .returning({ id: liveSessions.id });
  if (!rows.length) throw new LiveError("not_found", "No such session.");
}

/** A session's sales with their offers, in the order they were made. */
export function sessionSales(sessionId: string) {
  return db()
    .select({
      sale: flashSales,
      offer: offers,
      productNameZh: products.nameZh,
      productNameEn: products.nameEn,
      variantLabelZh: variants.labelZh,
      variantLabelEn: variants.labelEn,
      standardFen: variants.priceFen,
    })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(variants, eq(variants.id, flashSales.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(flashSales.sessionId, sessionId))
    .orderBy(asc(flashSales.createdAt));
}

/** What `/l/:code` shows: the sale, its offer, the pack and the normal price. */
export async function saleByCode(code: string, ex: Executor = db()) {
  const [row] = await ex
    .select({
      sale: flashSales,
      offer: offers,
      product: products,
      variant: variants,
      session: {
        id: liveSessions.id,
        title: liveSessions.title,
        platform: liveSessions.platform,
      },
    })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(variants, eq(variants.id, flashSales.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(liveSessions, eq(liveSessions.id, flashSales.sessionId))
    .where(eq(flashSales.code, code));
  return row ?? null;
}
