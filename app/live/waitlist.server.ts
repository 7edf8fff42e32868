import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { flashSales, liveClaims, liveWaitlist } from "../../db/live-schema";
import { offerLevels, offers } from "../../db/schema";
import { db } from "../lib/db.server";
import { newId } from "../lib/ids";
import { shopperTotals, waitlistNotEmpty } from "./claims.server";
import { lockSale, salePhase } from "./sales.server";
import type { Shopper } from "./shopper.server";

/*
 * A sold-out sale's line. Units that come back (a claim lapses, an order goes unpaid) are offered
 * in order by the sale's tick (tick.server.ts). Each shopper sees their place and whether the
 * units still held could reach them at all.
 */

export interface Place {
  status: "waiting" | "offered" | "claimed" | "lapsed" | "left";
  /** 1 for the next in line. */
  place: number;
  /** Units wanted by those ahead. */
  unitsAhead: number;
  quantity: number;
  /** False once the units still held (plus any free) cannot cover those ahead and this shopper. */
  reachable: boolean;
}

export type JoinRefusal =
  "not_sold_out" | "not_started" | "paused" | "ended" | "gone" | "over_limit" | "too_many";

/**
 * Joins the line of a live, sold-out sale (nothing left for this quantity, or people already
 * waiting), under the sale's lock. A place is never bigger than what could still come back (the
 * units held in claims and orders not yet paid) nor than the shopper's remaining allowance: such a
 * place could never be served and, the line being strict, would stop everyone behind it.
 */
export async function joinWaitlist(a: {
  saleId: string;
  shopper: Shopper;
  quantity: number;
  email?: string;
  now?: Date;
}): Promise<
  { ok: true; place: Place } | { ok: false; error: JoinRefusal; message: string; limit?: number }
> {
  const now = a.now ?? new Date();
  const refused = await db().transaction(async (tx) => {
    const row = await lockSale(tx, a.saleId);
    if (!row) return { ok: false, error: "ended", message: "No such sale." } as const;
    const phase = salePhase(row.sale, row.offer, now);
    if (phase === "ended")
      return { ok: false, error: "ended", message: "This sale has ended." } as const;
    if (phase === "paused")
      return {
        ok: false,
        error: "paused",
        message: "The host has paused this sale; try again in a moment.",
      } as const;
    if (phase !== "live")
      return {
        ok: false,
        error: "not_started",
        message: "This sale has not started yet: claim when it opens.",
      } as const;
    const [pool] = await tx
      .select({ available: offerLevels.available, reserved: offerLevels.reserved })
      .from(offerLevels)
      .where(eq(offerLevels.offerId, row.offer.id));
    const available = pool?.available ?? 0;
    if (available >= a.quantity && !(await waitlistNotEmpty(tx, a.saleId)))
      return {
        ok: false,
        error: "not_sold_out",
        message: "Units are still left: claim one.",
      } as const;
    const couldComeBack = available + (pool?.reserved ?? 0);
    if (couldComeBack === 0)
      return {
        ok: false,
        error: "gone",
        message: "Sold out for good: nothing is held that could come back.",
      } as const;
    if (a.quantity > couldComeBack)
      return {
        ok: false,
        error: "too_many",
        limit: couldComeBack,
        message: `At most ${couldComeBack} could still come back in this sale.`,
      } as const;
    const limit = row.offer.perShopperLimit;
    if (limit !== null) {
      const had = (await shopperTotals(tx, a.saleId, [a.shopper.key])).get(a.shopper.key) ?? 0;
      if (had + a.quantity > limit)
        return {
          ok: false,
          error: "over_limit",
          limit: Math.max(0, limit - had),
          message: `Each shopper may have at most ${Math.max(0, limit - had)} more.`,
        } as const;
    }
    await tx
      .insert(liveWaitlist)
      .values({
        id: newId("wtl"),
        saleId: a.saleId,
        shopperKey: a.shopper.key,
        userId: a.shopper.userId,
        quantity: a.quantity,
        email: a.email ?? null,
      })
      .onConflictDoNothing();
    return null;
  });
  if (refused) return refused;
  const place = (await myPlace(a.saleId, a.shopper.key)).waitlist;
  return place
    ? { ok: true, place }
    : { ok: false, error: "ended", message: "This sale has ended." };
}

/** What one visitor has in a sale: their latest live claim and their place in line. */
export async function myPlace(saleId: string, shopperKey: string) {
  const [claim] = await db()
    .select({
      claimId: liveClaims.id,
      quantity: liveClaims.quantity,
      status: liveClaims.status,
      expiresAt: liveClaims.expiresAt,
      orderId: liveClaims.orderId,
    })
    .from(liveClaims)
    .where(
      and(
        eq(liveClaims.saleId, saleId),
        eq(liveClaims.shopperKey, shopperKey),
        inArray(liveClaims.status, ["held", "ordered"]),
      ),
    )
    .orderBy(desc(liveClaims.createdAt))
    .limit(1);
  const [entry] = await db()
    .select()
    .from(liveWaitlist)
    .where(and(eq(liveWaitlist.saleId, saleId), eq(liveWaitlist.shopperKey, shopperKey)))
    .orderBy(desc(liveWaitlist.seq))
    .limit(1);
  let waitlist: Place | null = null;
  if (entry) {
    const [ahead] = await db()
      .select({
        n: sql<number>`count(*)`.mapWith(Number),
        units: sql<number>`coalesce(sum(${liveWaitlist.quantity}), 0)`.mapWith(Number),
      })
      .from(liveWaitlist)
      .where(
        and(
          eq(liveWaitlist.saleId, saleId),
          eq(liveWaitlist.status, "waiting"),
          lt(liveWaitlist.seq, entry.seq),
        ),
      );
    const [pool] = await db()
      .select({
        available: offerLevels.available,
        reserved: offerLevels.reserved,
        sale: flashSales,
        offer: offers,
      })
      .from(flashSales)
      .innerJoin(offers, eq(offers.id, flashSales.offerId))
      .innerJoin(offerLevels, eq(offerLevels.offerId, flashSales.offerId))
      .where(eq(flashSales.id, saleId));
    const open = pool ? salePhase(pool.sale, pool.offer, new Date()) !== "ended" : false;
    const couldComeBack = pool ? pool.available + pool.reserved : 0;
    waitlist = {
      status: entry.status,
      place: ahead!.n + 1,
      unitsAhead: ahead!.units,
      quantity: entry.quantity,
      reachable:
        entry.status === "waiting"
          ? open && ahead!.units + entry.quantity <= couldComeBack
          : entry.status === "offered",
    };
  }
  // What this shopper holds or bought in the sale, against its per-shopper limit: with no claim
  // held or ordered it is nothing, so most viewers polling this cost no extra query.
  const bought = claim
    ? ((await shopperTotals(db(), saleId, [shopperKey])).get(shopperKey) ?? 0)
    : 0;
  return {
    claim: claim ? { ...claim, expiresAt: claim.expiresAt.toISOString() } : null,
    waitlist,
    bought,
  };
}

/** The line for the dashboard: how many wait, in order. */
export async function waitlistLength(saleId: string): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(liveWaitlist)
    .where(and(eq(liveWaitlist.saleId, saleId), eq(liveWaitlist.status, "waiting")));
  return row?.n ?? 0;
}
