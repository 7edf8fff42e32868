import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { orders, payments } from "../../db/orders-schema";
import { presaleOrders, presaleTerms, type PresaleState } from "../../db/presale-schema";
import { offerLevels, offers, products, variants } from "../../db/schema";
import { db } from "../lib/db.server";

/*
 * What the cooperative's presale pages show: per presale, the cap and what is taken of it, the
 * money (deposits taken, balances due, balances charged, failed balance charges), and per order
 * its place in line and state. Figures come from presale_orders and their payments.
 */

/** Where a presale stands for its owner. */
export type PresaleStatus = "scheduled" | "open" | "paused" | "closed" | "ended";

export function presaleStatus(
  offer: { status: string; startsAt: Date | null; endsAt: Date | null },
  now: Date,
): PresaleStatus {
  if (offer.status === "ended") return "ended";
  if (offer.endsAt && offer.endsAt <= now) return "closed";
  if (offer.startsAt && offer.startsAt > now) return "scheduled";
  return offer.status === "paused" ? "paused" : "open";
}

/** Deposit paid, balance not yet: these orders owe their balance when the harvest comes in. */
const OWING: PresaleState[] = ["waiting", "offered", "short", "allocated", "action_needed"];

export interface PresaleFigures {
  /** Packs in orders (held or sold in the presale's pool). */
  ordered: number;
  orders: number;
  depositsFen: number;
  balancesDueFen: number;
  chargedFen: number;
  failed: number;
}

const sum = (column: unknown) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

async function figuresOf(
  offerIds: string[],
): Promise<Map<string, Omit<PresaleFigures, "ordered">>> {
  const out = new Map<string, Omit<PresaleFigures, "ordered">>();
  if (!offerIds.length) return out;
  for (const id of offerIds)
    out.set(id, { orders: 0, depositsFen: 0, balancesDueFen: 0, chargedFen: 0, failed: 0 });
  const po = presaleOrders;
  const owed = await db()
    .select({
      offerId: po.offerId,
      orders: count(),
      balancesDueFen: sum(
        sql`case when ${po.state} in (${sql.join(
          OWING.map((s) => sql`${s}`),
          sql`, `,
        )}) then ${po.balanceFen} end`,
      ),
    })
    .from(po)
    .where(inArray(po.offerId, offerIds))
    .groupBy(po.offerId);
  for (const r of owed) Object.assign(out.get(r.offerId)!, r);
  const paid = (purposes: string[], status: string) =>
    sum(
      sql`case when ${payments.purpose} in (${sql.join(
        purposes.map((p) => sql`${p}`),
        sql`, `,
      )}) and ${payments.status} = ${status} then ${payments.amountFen} end`,
    );
  const money = await db()
    .select({
      offerId: po.offerId,
      depositsFen: paid(["deposit", "full"], "succeeded"),
      chargedFen: paid(["balance"], "succeeded"),
      failed: sum(
        sql`case when ${payments.purpose} = 'balance' and ${payments.status} = 'failed' then 1 end`,
      ),
    })
    .from(po)
    .innerJoin(payments, eq(payments.orderId, po.orderId))
    .where(inArray(po.offerId, offerIds))
    .groupBy(po.offerId);
  for (const r of money) Object.assign(out.get(r.offerId)!, r);
  return out;
}

const presaleColumns = {
  offerId: offers.id,
  variantId: offers.variantId,
  priceFen: offers.priceFen,
  status: offers.status,
  startsAt: offers.startsAt,
  endsAt: offers.endsAt,
  cap: sql<number>`coalesce(${offerLevels.cap}, ${offers.cap}, 0)`.mapWith(Number),
  ordered: sql<number>`coalesce(${offerLevels.reserved} + ${offerLevels.sold}, 0)`.mapWith(Number),
  depositKind: presaleTerms.depositKind,
  depositValue: presaleTerms.depositValue,
  harvestFrom: presaleTerms.harvestFrom,
  harvestTo: presaleTerms.harvestTo,
  productNameZh: products.nameZh,
  productNameEn: products.nameEn,
  labelZh: variants.labelZh,
  labelEn: variants.labelEn,
};

function presaleQuery() {
  return db()
    .select(presaleColumns)
    .from(presaleTerms)
    .innerJoin(offers, eq(offers.id, presaleTerms.offerId))
    .innerJoin(variants, eq(variants.id, presaleTerms.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(offerLevels, eq(offerLevels.offerId, presaleTerms.offerId));
}

export type PresaleRow = Awaited<ReturnType<typeof listPresales>>[number];

/** The cooperative's presales, newest first, with their figures. */
export async function listPresales({
  cooperativeId,
  now = new Date(),
}: {
  cooperativeId: string;
  now?: Date;
}) {
  const rows = await presaleQuery()
    .where(eq(presaleTerms.cooperativeId, cooperativeId))
    .orderBy(desc(presaleTerms.createdAt), asc(presaleTerms.offerId))
    .limit(500);
  const figures = await figuresOf(rows.map((r) => r.offerId));
  return rows.map((r) => ({
    ...r,
    ...figures.get(r.offerId)!,
    phase: presaleStatus(r, now),
  }));
}

/** One of the cooperative's presales with its figures; null for another cooperative's or none. */
export async function presaleSummary({
  cooperativeId,
  offerId,
  now = new Date(),
}: {
  cooperativeId: string;
  offerId: string;
  now?: Date;
}) {
  const [row] = await presaleQuery().where(
    and(eq(presaleTerms.offerId, offerId), eq(presaleTerms.cooperativeId, cooperativeId)),
  );
  if (!row) return null;
  const figures = await figuresOf([offerId]);
  return { ...row, ...figures.get(offerId)!, phase: presaleStatus(row, now) };
}

export interface PresaleOrderRow {
  orderId: string;
  code: string;
  quantity: number;
  /** 1 for the first deposit paid, and so on; null before the deposit is paid. */
  place: number | null;
  state: PresaleState;
  depositFen: number;
  balanceFen: number;
  deadlineAt: Date | null;
  createdAt: Date;
}

/**
 * A presale's orders in line order (those not yet in line last), for the owner's table (`limit`)
 * and the CSV (all). The caller has checked the presale is the cooperative's; the query checks too.
 */
export async function presaleOrderRows({
  cooperativeId,
  offerId,
  limit,
}: {
  cooperativeId: string;
  offerId: string;
  limit?: number;
}): Promise<{ rows: PresaleOrderRow[]; total: number }> {
  const po = presaleOrders;
  const where = and(eq(po.offerId, offerId), eq(po.cooperativeId, cooperativeId));
  const query = db()
    .select({
      orderId: po.orderId,
      code: orders.code,
      quantity: po.quantity,
      place: sql<
        number | null
      >`case when ${po.queueSeq} is null then null else row_number() over (partition by ${po.queueSeq} is null order by ${po.queueSeq}) end`.mapWith(
        (v) => (v === null ? null : Number(v)),
      ),
      state: po.state,
      depositFen: po.depositFen,
      balanceFen: po.balanceFen,
      deadlineAt: po.deadlineAt,
      createdAt: po.createdAt,
    })
    .from(po)
    .innerJoin(orders, eq(orders.id, po.orderId))
    .where(where)
    .orderBy(sql`${po.queueSeq} asc nulls last`, asc(po.createdAt), asc(po.orderId));
  const [rows, [total]] = await Promise.all([
    limit ? query.limit(limit) : query,
    db().select({ n: count() }).from(po).where(where),
  ]);
  return { rows, total: total!.n };
}
