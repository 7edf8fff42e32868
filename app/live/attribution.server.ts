import { and, eq, isNotNull, notInArray, sql, type SQL } from "drizzle-orm";
import { users } from "../../db/auth-schema";
import { flashSales, liveSessions } from "../../db/live-schema";
import { orderLines, orderParts, orders } from "../../db/orders-schema";
import { offers, products, variants } from "../../db/schema";
import { db } from "../lib/db.server";

/*
 * What a host's streams sold, and the commission it earned them. Counted only on lines of paid
 * orders whose cooperative part is still open; a line's value is reduced by what was refunded.
 *
 * Refunds are recorded per cooperative part (order_parts.refunded_fen, items and shipping
 * together), not per line. A part's refunds are taken against its items first (money given back
 * is never commissioned), spread over the part's lines by value with each line's share rounded up
 * to the fen; a cancelled part, a cancelled order and a wholly refunded one count nothing. A line
 * counts its units and its order while any of its value remains.
 *
 * Commission is per sale, at the rate the sale was made with: revenue × bps / 10000, rounded half
 * up to the fen (as the platform fee is); sessions and totals add up their sales' commissions.
 */

export type AttributionScope = { hostUserId: string } | { cooperativeId: string };

export interface SaleAttribution {
  saleId: string;
  code: string;
  session: { id: string; title: string; platform: string; scheduledAt: string };
  host: { id: string; name: string; email: string };
  product: { nameZh: string; nameEn: string; labelZh: string; labelEn: string; sku: string };
  startsAt: string | null;
  endsAt: string | null;
  priceFen: number;
  commissionBps: number;
  orders: number;
  units: number;
  revenueFen: number;
  commissionFen: number;
}

export interface Totals {
  orders: number;
  units: number;
  revenueFen: number;
  commissionFen: number;
}

/** `revenue × bps / 10000`, rounded half up to the fen. */
export function commissionFen(revenueFen: number, bps: number): number {
  return Math.floor((revenueFen * bps + 5_000) / 10_000);
}

function scopeWhere(scope: AttributionScope): SQL {
  return "hostUserId" in scope
    ? eq(flashSales.hostUserId, scope.hostUserId)
    : eq(flashSales.cooperativeId, scope.cooperativeId);
}

/** Every sale in the scope, newest session first, with what it sold (zero for a sale that sold nothing). */
export async function saleAttribution(scope: AttributionScope): Promise<SaleAttribution[]> {
  // The line's value less its share of the part's refunded items (rounded up), never below 0.
  const netFen = sql`greatest(0, ${orderLines.lineFen} - case when ${orderParts.itemsFen} = 0 then 0
    else (least(${orderParts.refundedFen}, ${orderParts.itemsFen})::bigint * ${orderLines.lineFen}
      + ${orderParts.itemsFen} - 1) / ${orderParts.itemsFen} end)`;
  const counted = db()
    .select({
      saleId: sql<string>`${flashSales.id}`.as("counted_sale_id"),
      orders: sql<number>`count(distinct ${orderLines.orderId}) filter (where ${netFen} > 0)`.as(
        "counted_orders",
      ),
      units: sql<number>`coalesce(sum(${orderLines.quantity}) filter (where ${netFen} > 0), 0)`.as(
        "counted_units",
      ),
      revenueFen: sql<number>`coalesce(sum(${netFen}), 0)`.as("counted_revenue"),
    })
    .from(orderLines)
    .innerJoin(flashSales, eq(flashSales.offerId, orderLines.offerId))
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(
      orderParts,
      and(
        eq(orderParts.orderId, orderLines.orderId),
        eq(orderParts.cooperativeId, orderLines.cooperativeId),
      ),
    )
    .where(
      and(
        scopeWhere(scope),
        isNotNull(orders.paidAt),
        notInArray(orders.status, ["pending_payment", "cancelled", "refunded"]),
        eq(orderParts.status, "open"),
      ),
    )
    .groupBy(flashSales.id)
    .as("counted");

  const rows = await db()
    .select({
      saleId: flashSales.id,
      code: flashSales.code,
      commissionBps: flashSales.commissionBps,
      session: {
        id: liveSessions.id,
        title: liveSessions.title,
        platform: liveSessions.platform,
        scheduledAt: liveSessions.scheduledAt,
      },
      host: { id: users.id, name: users.name, email: users.email },
      product: {
        nameZh: products.nameZh,
        nameEn: products.nameEn,
        labelZh: variants.labelZh,
        labelEn: variants.labelEn,
        sku: variants.sku,
      },
      startsAt: offers.startsAt,
      endsAt: offers.endsAt,
      priceFen: offers.priceFen,
      orders: sql<number>`coalesce(${counted.orders}, 0)`.mapWith(Number),
      units: sql<number>`coalesce(${counted.units}, 0)`.mapWith(Number),
      revenueFen: sql<number>`coalesce(${counted.revenueFen}, 0)`.mapWith(Number),
    })
    .from(flashSales)
    .innerJoin(liveSessions, eq(liveSessions.id, flashSales.sessionId))
    .innerJoin(users, eq(users.id, flashSales.hostUserId))
    .innerJoin(offers, eq(offers.id, flashSales.offerId))
    .innerJoin(variants, eq(variants.id, flashSales.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(counted, eq(counted.saleId, flashSales.id))
    .where(scopeWhere(scope))
    .orderBy(sql`${liveSessions.scheduledAt} desc`, liveSessions.id, flashSales.createdAt);

  return rows.map((r) => ({
    ...r,
    session: { ...r.session, scheduledAt: r.session.scheduledAt.toISOString() },
    startsAt: r.startsAt?.toISOString() ?? null,
    endsAt: r.endsAt?.toISOString() ?? null,
    commissionFen: commissionFen(r.revenueFen, r.commissionBps),
  }));
}

export function totalsOf(rows: Pick<SaleAttribution, keyof Totals>[]): Totals {
  return rows.reduce(
    (t, r) => ({
      orders: t.orders + r.orders,
      units: t.units + r.units,
      revenueFen: t.revenueFen + r.revenueFen,
      commissionFen: t.commissionFen + r.commissionFen,
    }),
    { orders: 0, units: 0, revenueFen: 0, commissionFen: 0 },
  );
}

/** Sales grouped by a key (a session, a host), in the order the sales come, each with its totals. */
export function groupAttribution<K extends string>(
  rows: SaleAttribution[],
  keyOf: (r: SaleAttribution) => K,
): { key: K; sales: SaleAttribution[]; totals: Totals }[] {
  const groups = new Map<K, SaleAttribution[]>();
  for (const r of rows) {
    const key = keyOf(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([key, sales]) => ({ key, sales, totals: totalsOf(sales) }));
}
