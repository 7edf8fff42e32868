import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  jobs,
  notifications,
  orderEvents,
  orderLines,
  orderParts,
  orders,
  payments,
} from "../../db/orders-schema";
import { presaleOrders } from "../../db/presale-schema";
import { inventoryLedger, inventoryReservations } from "../../db/schema";
import { newSubmitKey } from "./orders";
import { CARDS, preorder, type PresaleWorld } from "./presale-world";
import { db, type Executor } from "~/lib/db.server";
import { newId } from "~/lib/ids";
import { newOrderCode } from "~/orders/order-code";

/*
 * Thousands of presale orders waiting in line, fast: what placePresaleOrder and a paid deposit
 * write (about 180 ms an order on PGlite through the real path, on this shared machine), copied
 * in bulk. The first order of each (quantity, card) goes through the real path; every later one
 * is a copy of that order's rows under fresh ids, so the copies follow whatever the real path
 * writes today. presale-release.test.ts compares the two row by row, so the copy cannot drift
 * from the real path unnoticed.
 */

export type Card = keyof typeof CARDS;
export interface BulkSpec {
  quantity: number;
  card: Card;
}
export interface BulkOrder extends BulkSpec {
  orderId: string;
  /** Placed through the real path (the template its copies are made from). */
  real: boolean;
}

const orderRef = (t: string) => ({
  orders: eq(orders.id, t),
  orderLines: eq(orderLines.orderId, t),
  orderParts: eq(orderParts.orderId, t),
  orderEvents: eq(orderEvents.orderId, t),
  payments: eq(payments.orderId, t),
  presaleOrders: eq(presaleOrders.orderId, t),
  inventoryReservations: eq(inventoryReservations.ref, t),
  inventoryLedger: eq(inventoryLedger.ref, t),
  notifications: eq(notifications.orderId, t),
});

/** The tables an order placed and paid through the real path writes rows to (and the copy copies), in insert order. */
export const ORDER_TABLES = {
  orders,
  orderLines,
  orderParts,
  orderEvents,
  payments,
  presaleOrders,
  inventoryReservations,
  inventoryLedger,
  notifications,
  jobs,
} as const;
export type OrderTable = keyof typeof ORDER_TABLES;
/** Their names in the database (the comparison checks no other table changes). */
export const ORDER_TABLE_NAMES = [
  "orders",
  "order_lines",
  "order_parts",
  "order_events",
  "payments",
  "presale_orders",
  "inventory_reservations",
  "inventory_ledger",
  "notifications",
  "jobs",
];
/** Tables whose id is a serial: a copy takes a new one. */
const SERIAL = new Set<OrderTable>(["orderEvents", "inventoryLedger", "notifications", "jobs"]);

type Rows = Record<OrderTable, Record<string, unknown>[]>;

/** Every row one order wrote, by table: the order's own rows, and the jobs that name it or its notifications. */
export async function rowsOfOrder(orderId: string, ex: Executor = db()) {
  const where = orderRef(orderId);
  const out = {} as Rows;
  for (const [name, cond] of Object.entries(where) as [Exclude<OrderTable, "jobs">, SQL][]) {
    const table = ORDER_TABLES[name] as PgTable;
    // Serial tables in insertion order: a copy's rows then come in the same order.
    const byId = SERIAL.has(name) ? [asc((table as unknown as { id: never }).id)] : [];
    out[name] = (await ex
      .select()
      .from(table)
      .where(cond)
      .orderBy(...byId)) as Record<string, unknown>[];
  }
  const noteIds = out.notifications.map((n) => String(n.id));
  out.jobs = await ex
    .select()
    .from(jobs)
    .where(
      sql`${jobs.payload}->>'orderId' = ${orderId} or (${jobs.kind} = 'deliver_notification' and ${jobs.payload}->>'notificationId' in (${sql.join(
        (noteIds.length ? noteIds : ["-1"]).map((id) => sql`${id}`),
        sql`, `,
      )}))`,
    )
    .orderBy(asc(jobs.id));
  return out;
}

interface Template {
  orderId: string;
  tokens: string[];
  rows: Rows;
}

async function template(orderId: string): Promise<Template> {
  const rows = await rowsOfOrder(orderId);
  const o = rows.orders[0]!;
  const tokens = [
    orderId,
    o.code as string,
    o.submitKey as string,
    ...rows.payments.map((p) => p.id as string),
    ...rows.inventoryReservations.map((r) => r.id as string),
  ];
  return { orderId, tokens, rows };
}

/** `value` with every template id replaced by the copy's (strings, and inside JSON). */
function swap(value: unknown, map: Map<string, string>): unknown {
  if (typeof value === "string") {
    let s = value;
    for (const [from, to] of map) if (s.includes(from)) s = s.split(from).join(to);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => swap(v, map));
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v, map)]));
  return value;
}

const freshFor = (token: string) => {
  if (token.startsWith("sub_")) return newSubmitKey();
  if (/^HL[0-9A-Z]{8}$/.test(token)) return newOrderCode();
  return newId(token.slice(0, token.indexOf("_")));
};

/** Copies of templates, in line in the order given: one transaction, a few multi-row inserts per table. */
async function copies(w: PresaleWorld, batch: { t: Template; spec: BulkSpec }[]) {
  if (!batch.length) return [];
  return db().transaction(async (tx) => {
    const seqs = (
      (await tx.execute(
        sql`select nextval('presale_queue_seq')::bigint as n from generate_series(1, ${batch.length}::int)`,
      )) as unknown as { rows: { n: string | number }[] }
    ).rows
      .map((r) => Number(r.n))
      .sort((a, b) => a - b);
    const made = batch.map(({ t, spec }, i) => {
      const map = new Map(t.tokens.map((token) => [token, freshFor(token)]));
      const rows = {} as Rows;
      for (const name of Object.keys(ORDER_TABLES) as OrderTable[]) {
        rows[name] = t.rows[name].map((r) => {
          const copy = swap(r, map) as Record<string, unknown>;
          if (SERIAL.has(name)) delete copy.id;
          return copy;
        });
      }
      rows.presaleOrders[0]!.queueSeq = seqs[i];
      return { orderId: map.get(t.orderId)!, spec, rows, t };
    });
    const insert = async (name: OrderTable, values: Record<string, unknown>[]) => {
      const table = ORDER_TABLES[name] as PgTable;
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < values.length; i += 500) {
        const part = values.slice(i, i + 500);
        if (!part.length) continue;
        if (name === "notifications")
          out.push(
            ...((await tx.insert(table).values(part).returning({ id: notifications.id })) as Record<
              string,
              unknown
            >[]),
          );
        else await tx.insert(table).values(part);
      }
      return out;
    };
    for (const name of Object.keys(ORDER_TABLES) as OrderTable[]) {
      if (name === "jobs") continue;
      const values = made.flatMap((m) => m.rows[name]);
      const ids = await insert(name, values);
      if (name !== "notifications") continue;
      // A delivery job names its notification by its (new) serial id.
      let k = 0;
      for (const m of made) {
        const renamed = new Map<number, number>();
        for (const n of m.t.rows.notifications) renamed.set(n.id as number, ids[k++]!.id as number);
        m.rows.jobs = m.rows.jobs.map((j) => {
          if (j.kind !== "deliver_notification") return j;
          const id = renamed.get((j.payload as { notificationId: number }).notificationId)!;
          return { ...j, payload: { notificationId: id }, dedupeKey: `deliver_notification:${id}` };
        });
      }
    }
    await insert(
      "jobs",
      made.flatMap((m) => m.rows.jobs),
    );
    // The units the copies hold, taken from the presale's pool as reserve() takes them.
    const units = made.reduce(
      (s, m) => s + m.rows.inventoryReservations.reduce((q, r) => q + (r.quantity as number), 0),
      0,
    );
    const took = (await tx.execute(
      sql`update offer_levels set available = available - ${units}::integer, reserved = reserved + ${units}::integer, updated_at = now()
        where offer_id = ${w.offerId} and available >= ${units}::integer returning offer_id`,
    )) as unknown as { rows: unknown[] };
    if (took.rows.length !== 1) throw new Error(`bulkPreorders: the presale has not ${units} left`);
    return made.map((m) => ({ orderId: m.orderId, ...m.spec, real: false }));
  });
}

/**
 * `specs.length` presale orders with their deposits paid, in line in the order given (queue_seq
 * ascending). Guests with `mobile`; each pays with its spec's card (what a later off-session
 * charge to it does: succeed, need authentication, decline).
 */
export async function bulkPreorders(
  w: PresaleWorld,
  specs: BulkSpec[],
  { mobile = "13812345678", batchSize = 1_000 } = {},
): Promise<BulkOrder[]> {
  const templates = new Map<string, Template>();
  const out: BulkOrder[] = [];
  let pending: { t: Template; spec: BulkSpec }[] = [];
  const flush = async () => {
    out.push(...(await copies(w, pending)));
    pending = [];
  };
  for (const spec of specs) {
    const key = `${spec.quantity}:${spec.card}`;
    const t = templates.get(key);
    if (t) {
      pending.push({ t, spec });
      if (pending.length >= batchSize) await flush();
      continue;
    }
    // The first of its kind goes through the real path, after every copy made before it (line order).
    await flush();
    const orderId = await preorder(w, { quantity: spec.quantity, card: CARDS[spec.card], mobile });
    templates.set(key, await template(orderId));
    out.push({ orderId, ...spec, real: true });
  }
  await flush();
  return out;
}

/** The presale_orders rows of `orderIds`, by order id. */
export async function presaleRowsOf(orderIds: string[]) {
  const rows = [];
  for (let i = 0; i < orderIds.length; i += 1_000)
    rows.push(
      ...(await db()
        .select()
        .from(presaleOrders)
        .where(inArray(presaleOrders.orderId, orderIds.slice(i, i + 1_000)))),
    );
  return new Map(rows.map((r) => [r.orderId, r]));
}
