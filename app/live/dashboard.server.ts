import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { flashSales, liveClaims, liveSessions, liveWaitlist } from "../../db/live-schema";
import { orders } from "../../db/orders-schema";
import { inventoryLedger, offerLevels, offers, products, variants } from "../../db/schema";
import { db } from "../lib/db.server";
import { isIdShaped } from "../lib/ids";
import { salePhase, type SalePhase } from "./sales.server";

/*
 * The live dashboard of one sale, for its host and for the cooperative that owns the pack: the
 * pool, the claims and what became of them, claims per minute, the line. Two reads, whatever the
 * number of claims: the sale with its pool and line, and its claims counted per minute.
 */

/** Who is looking: a host sees their own sales, a cooperative its own; a platform admin passes neither. */
export type SaleScope = { hostUserId: string } | { cooperativeIds: string[] } | { any: true };

/** The chart keeps to this many bars; a longer sale puts several minutes in one bar. */
export const MAX_BARS = 60;

export interface ClaimBar {
  /** Where the bar starts (ISO) and how many minutes it spans. */
  startsAt: string;
  minutes: number;
  claims: number;
  units: number;
  /** Claims per minute over the bar. */
  perMinute: number;
}

export interface SaleDashboard {
  saleId: string;
  code: string;
  hostUserId: string;
  cooperativeId: string;
  session: { id: string; title: string; platform: string };
  product: { nameZh: string; nameEn: string; labelZh: string; labelEn: string };
  phase: SalePhase;
  priceFen: number;
  standardFen: number;
  perShopperLimit: number | null;
  holdSeconds: number;
  startsAt: string | null;
  endsAt: string | null;
  closedAt: string | null;
  /** Units the sale put up, and what the pool still has to give (0 once ended). */
  quantity: number;
  remaining: number;
  /** Units held by claims not yet checked out; units in orders awaiting payment; units paid. */
  heldUnits: number;
  awaitingPaymentUnits: number;
  paidUnits: number;
  claims: {
    total: number;
    units: number;
    held: number;
    ordered: number;
    paid: number;
    lapsed: number;
  };
  /** Paid claims over all claims, and paid units over claimed units; null before the first claim. */
  conversion: { claims: number | null; units: number | null };
  waiting: number;
  bars: ClaimBar[];
  serverTime: string;
}

const MINUTE = 60_000;

function scopeWhere(scope: SaleScope): SQL | undefined {
  if ("hostUserId" in scope) return eq(flashSales.hostUserId, scope.hostUserId);
  if ("cooperativeIds" in scope)
    return scope.cooperativeIds.length
      ? inArray(flashSales.cooperativeId, scope.cooperativeIds)
      : sql`false`;
  return undefined;
}

/** The sale's dashboard, or null when there is no such sale in the scope (the caller answers 404). */
export async function saleDashboard({
  saleId,
  scope,
  now = new Date(),
}: {
  saleId: string;
  scope: SaleScope;
  now?: Date;
}): Promise<SaleDashboard | null> {
  // An id from a URL: anything a sale id cannot be (a NUL byte PostgreSQL text refuses) is no sale.
  if (!isIdShaped(saleId)) return null;
  const paid = sql`${orders.paidAt} is not null`;
  // Ordered and still alive: awaiting payment or paid (an order cancelled unpaid is a lapse).
  const ordered = sql`${liveClaims.status} = 'ordered' and (${orders.status} <> 'cancelled' or ${paid})`;
  const [saleRows, minuteRows] = await Promise.all([
    db()
      .select({
        sale: flashSales,
        startsAt: offers.startsAt,
        endsAt: offers.endsAt,
        priceFen: offers.priceFen,
        perShopperLimit: offers.perShopperLimit,
        cap: offerLevels.cap,
        // What the end gave back (the pool's cap shrank by it): the quantity put up is both.
        returned:
          sql<number>`coalesce((select -sum(${inventoryLedger.availableDelta}) from ${inventoryLedger}
          where ${inventoryLedger.offerId} = ${flashSales.offerId} and ${inventoryLedger.reason} = 'offer_closed'), 0)`.mapWith(
            Number,
          ),
        available: offerLevels.available,
        standardFen: variants.priceFen,
        labelZh: variants.labelZh,
        labelEn: variants.labelEn,
        nameZh: products.nameZh,
        nameEn: products.nameEn,
        session: {
          id: liveSessions.id,
          title: liveSessions.title,
          platform: liveSessions.platform,
        },
        waiting: sql<number>`(select count(*) from ${liveWaitlist}
          where ${liveWaitlist.saleId} = ${flashSales.id} and ${liveWaitlist.status} = 'waiting')`.mapWith(
          Number,
        ),
      })
      .from(flashSales)
      .innerJoin(offers, eq(offers.id, flashSales.offerId))
      .innerJoin(offerLevels, eq(offerLevels.offerId, flashSales.offerId))
      .innerJoin(variants, eq(variants.id, flashSales.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(liveSessions, eq(liveSessions.id, flashSales.sessionId))
      .where(and(eq(flashSales.id, saleId), scopeWhere(scope))),
    // Minutes counted from the sale's opening (or its making, for a sale never opened).
    db()
      .select({
        minute: sql<number>`greatest(0, floor(extract(epoch from (${liveClaims.createdAt}
          - coalesce(${offers.startsAt}, ${flashSales.createdAt}))) / 60))::integer`.mapWith(
          Number,
        ),
        claims: sql<number>`count(*)::integer`.mapWith(Number),
        units: sql<number>`sum(${liveClaims.quantity})::integer`.mapWith(Number),
        held: sql<number>`count(*) filter (where ${liveClaims.status} = 'held')::integer`.mapWith(
          Number,
        ),
        heldUnits:
          sql<number>`coalesce(sum(${liveClaims.quantity}) filter (where ${liveClaims.status} = 'held'), 0)::integer`.mapWith(
            Number,
          ),
        ordered: sql<number>`count(*) filter (where ${ordered})::integer`.mapWith(Number),
        awaitingUnits:
          sql<number>`coalesce(sum(${liveClaims.quantity}) filter (where ${orders.status} = 'pending_payment'), 0)::integer`.mapWith(
            Number,
          ),
        paid: sql<number>`count(*) filter (where ${paid})::integer`.mapWith(Number),
        paidUnits:
          sql<number>`coalesce(sum(${liveClaims.quantity}) filter (where ${paid}), 0)::integer`.mapWith(
            Number,
          ),
        // A claim whose order went unpaid and expired lapsed too: its units went back.
        lapsed: sql<number>`count(*) filter (where ${liveClaims.status} in ('expired', 'released')
          or (${liveClaims.status} = 'ordered' and not (${ordered})))::integer`.mapWith(Number),
      })
      .from(liveClaims)
      .innerJoin(flashSales, eq(flashSales.id, liveClaims.saleId))
      .innerJoin(offers, eq(offers.id, flashSales.offerId))
      .leftJoin(orders, eq(orders.id, liveClaims.orderId))
      .where(and(eq(liveClaims.saleId, saleId), scopeWhere(scope)))
      .groupBy(sql`1`),
  ]);
  const row = saleRows[0];
  if (!row) return null;
  const { sale } = row;
  const phase = salePhase(sale, row, now);

  const sum = (k: keyof (typeof minuteRows)[number]) =>
    minuteRows.reduce((s, r) => s + (r[k] as number), 0);
  const claims = {
    total: sum("claims"),
    units: sum("units"),
    held: sum("held"),
    ordered: sum("ordered"),
    paid: sum("paid"),
    lapsed: sum("lapsed"),
  };
  const paidUnits = sum("paidUnits");
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

  return {
    saleId: sale.id,
    code: sale.code,
    hostUserId: sale.hostUserId,
    cooperativeId: sale.cooperativeId,
    session: row.session,
    product: { nameZh: row.nameZh, nameEn: row.nameEn, labelZh: row.labelZh, labelEn: row.labelEn },
    phase,
    priceFen: row.priceFen,
    standardFen: row.standardFen,
    perShopperLimit: row.perShopperLimit,
    holdSeconds: sale.holdSeconds,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    closedAt: sale.closedAt?.toISOString() ?? null,
    quantity: row.cap + row.returned,
    remaining: phase === "ended" ? 0 : row.available,
    heldUnits: sum("heldUnits"),
    awaitingPaymentUnits: sum("awaitingUnits"),
    paidUnits,
    claims,
    conversion: { claims: ratio(claims.paid, claims.total), units: ratio(paidUnits, claims.units) },
    waiting: row.waiting,
    bars: claimBars({
      origin: row.startsAt ?? sale.createdAt,
      until: earliest(now, row.endsAt, sale.closedAt),
      counts: minuteRows,
      open: phase !== "draft" && phase !== "countdown",
    }),
    serverTime: now.toISOString(),
  };
}

function earliest(...dates: (Date | null)[]): Date {
  return new Date(Math.min(...dates.filter((d): d is Date => d !== null).map((d) => d.getTime())));
}

/**
 * Claims per minute from the opening until now (or the end): one bar a minute up to MAX_BARS
 * minutes, then wider bars, each showing its claims per minute. Nothing before the sale opens.
 */
export function claimBars({
  origin,
  until,
  counts,
  open,
}: {
  origin: Date;
  until: Date;
  counts: { minute: number; claims: number; units: number }[];
  open: boolean;
}): ClaimBar[] {
  const lastMinute = Math.max(
    Math.ceil((until.getTime() - origin.getTime()) / MINUTE),
    ...counts.map((c) => c.minute + 1),
  );
  if (!open && !counts.length) return [];
  const span = Math.max(1, lastMinute);
  const width = Math.ceil(span / MAX_BARS);
  const bars: ClaimBar[] = Array.from({ length: Math.ceil(span / width) }, (_, i) => ({
    startsAt: new Date(origin.getTime() + i * width * MINUTE).toISOString(),
    minutes: width,
    claims: 0,
    units: 0,
    perMinute: 0,
  }));
  for (const c of counts) {
    const bar = bars[Math.min(bars.length - 1, Math.floor(c.minute / width))]!;
    bar.claims += c.claims;
    bar.units += c.units;
  }
  for (const bar of bars) bar.perMinute = Math.round((bar.claims / bar.minutes) * 10) / 10;
  return bars;
}
