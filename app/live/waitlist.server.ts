import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { flashSales, liveClaims, liveWaitlist } from "../../db/live-schema";
import { offerLevels, offers } from "../../db/schema";
import { db } from "../lib/db.server";
import { newId } from "../lib/ids";
import { salePhase } from "./sales.server";
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

export async function joinWaitlist(a: {
  saleId: string;
  shopper: Shopper;
  quantity: number;
  email?: string;
}): Promise<
  { ok: true; place: Place } | { ok: false; error: "not_sold_out" | "ended"; message: string }
> {
  const [row] = await db()
    .select({ sale: flashSales, offer: offers, available: offerLevels.available })
    .from(flashSales)
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(offerLevels, eq(offerLevels.offerId, flashSales.offerId))
    .where(eq(flashSales.id, a.saleId));
  if (!row) return { ok: false, error: "ended", message: "No such sale." };
  const phase = salePhase(row.sale, row.offer, new Date());
  if (phase === "ended") return { ok: false, error: "ended", message: "This sale has ended." };
  if (phase === "live" && row.available > 0)
    return { ok: false, error: "not_sold_out", message: "Units are still left: claim one." };
  await db()
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
  return {
    claim: claim ? { ...claim, expiresAt: claim.expiresAt.toISOString() } : null,
    waitlist,
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
