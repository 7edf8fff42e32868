import { and, count, eq, inArray, sql } from "drizzle-orm";
import { expect } from "vitest";
import { notifications, orderEvents, orders, payments } from "../../db/orders-schema";
import { presaleReleases } from "../../db/presale-schema";
import { inventoryLevels, offerLevels } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { presaleRowsOf, type BulkOrder } from "../factories/presale-bulk";
import type { PresaleWorld } from "../factories/presale-world";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db } from "~/lib/db.server";
import { hashLinkToken } from "~/presale/release.server";

/** Shared by the presale suites at scale: what one release must have done to a line of orders, checked exact. */

/** Every table's row count and content digest (`except` left out): equal before and after means nothing changed. */
export async function tableDigest(except: string[] = []): Promise<Record<string, string>> {
  const rows = <T>(q: ReturnType<typeof sql>) =>
    db()
      .execute(q)
      .then((r) => (r as unknown as { rows: T[] }).rows);
  const tables = await rows<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const [row] = await rows<{ digest: string; n: number }>(
      sql`select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest, count(*)::int as n from ${sql.identifier(name)} t`,
    );
    out[name] = `${row!.n}:${row!.digest}`;
  }
  return out;
}

/** Row counts of every table. */
export async function tableCounts(): Promise<Record<string, number>> {
  const digest = await tableDigest();
  return Object.fromEntries(Object.entries(digest).map(([k, v]) => [k, Number(v.split(":")[0])]));
}

export type Expected = "paid" | "action_needed" | "offered" | "short";

/**
 * What one release of `packs` does to `line` (in queue order): the longest prefix that fits is
 * allocated (paid, or a pay link for a card whose later charges fail), the first that does not fit
 * is offered what is left (if anything is), and every later order is short. Returns each order's
 * expected state and the packs used.
 */
export function expectedRelease(line: BulkOrder[], packs: number) {
  let left = packs;
  let blocked = false;
  const states = new Map<string, Expected>();
  let offeredPacks = 0;
  for (const o of line) {
    if (!blocked && o.quantity <= left) {
      left -= o.quantity;
      states.set(o.orderId, o.card === "saves" ? "paid" : "action_needed");
    } else if (!blocked && left > 0) {
      blocked = true;
      offeredPacks = left;
      left = 0;
      states.set(o.orderId, "offered");
    } else {
      blocked = true;
      states.set(o.orderId, "short");
    }
  }
  const units = (s: Expected) =>
    line.filter((o) => states.get(o.orderId) === s).reduce((n, o) => n + o.quantity, 0);
  return {
    states,
    allocatedPacks: packs - left,
    offeredPacks,
    paidPacks: units("paid"),
    surplus: left,
  };
}

const inChunks = async <T>(ids: string[], f: (part: string[]) => Promise<T[]>): Promise<T[]> => {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 1_000) out.push(...(await f(ids.slice(i, i + 1_000))));
  return out;
};

/**
 * After a release of `packs` to `line` and every job run: each order in the state the queue order
 * gives it, one balance payment per allocated order (none for the rest), shopper told (pay link,
 * choice link), paid orders shipped, the release done, and the offer's and variant's books exact.
 * Returns the expectation, for the caller's own checks (provider calls).
 */
export async function checkReleaseBooks(w: PresaleWorld, line: BulkOrder[], packs: number) {
  const want = expectedRelease(line, packs);
  const ids = line.map((o) => o.orderId);
  const rows = await presaleRowsOf(ids);

  // Strict order of purchase: the line is in queue order, and states follow it.
  const seqs = line.map((o) => rows.get(o.orderId)!.queueSeq!);
  expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  const got = new Map(line.map((o) => [o.orderId, rows.get(o.orderId)!.state]));
  const wrong = line.filter((o) => got.get(o.orderId) !== want.states.get(o.orderId));
  expect(
    wrong
      .slice(0, 5)
      .map(
        (o) =>
          `${o.orderId} q${o.quantity} ${o.card}: ${got.get(o.orderId)} ≠ ${want.states.get(o.orderId)}`,
      ),
  ).toEqual([]);
  const of = (s: Expected) => ids.filter((id) => want.states.get(id) === s);
  const allocated = [...of("paid"), ...of("action_needed")];
  for (const id of allocated)
    expect(rows.get(id)!).toMatchObject({ allocatedQuantity: rows.get(id)!.quantity });

  // One balance payment per allocated order, none for the rest.
  const balance = await inChunks(ids, (part) =>
    db()
      .select({
        orderId: payments.orderId,
        status: payments.status,
        offSession: payments.offSession,
      })
      .from(payments)
      .where(and(inArray(payments.orderId, part), eq(payments.purpose, "balance"))),
  );
  const balanceBy = new Map<string, typeof balance>();
  for (const b of balance) balanceBy.set(b.orderId, [...(balanceBy.get(b.orderId) ?? []), b]);
  for (const id of of("paid"))
    expect(balanceBy.get(id), id).toEqual([{ orderId: id, status: "succeeded", offSession: true }]);
  for (const id of of("action_needed"))
    expect(balanceBy.get(id), id).toEqual([{ orderId: id, status: "failed", offSession: true }]);
  expect(balance).toHaveLength(allocated.length);

  // Paid orders: paid once, shipped; the others still wait with their deposit.
  const statuses = new Map(
    (
      await inChunks(ids, (part) =>
        db()
          .select({ id: orders.id, status: orders.status })
          .from(orders)
          .where(inArray(orders.id, part)),
      )
    ).map((o) => [o.id, o.status]),
  );
  for (const id of of("paid")) expect(statuses.get(id), id).toBe("fulfilling");
  for (const id of [...of("action_needed"), ...of("offered"), ...of("short")])
    expect(statuses.get(id), id).toBe("deposit_paid");
  for (const id of of("offered"))
    expect(rows.get(id)!).toMatchObject({ allocatedQuantity: want.offeredPacks });
  const paidEvents = await inChunks(ids, (part) =>
    db()
      .select({ orderId: orderEvents.orderId, n: count() })
      .from(orderEvents)
      .where(and(inArray(orderEvents.orderId, part), eq(orderEvents.event, "paid")))
      .groupBy(orderEvents.orderId),
  );
  expect(paidEvents.filter((e) => e.n !== 1)).toEqual([]);
  expect(paidEvents).toHaveLength(of("paid").length);
  const shipped = new Set(
    (
      await inChunks(ids, (part) =>
        db()
          .selectDistinct({ orderId: shipments.orderId })
          .from(shipments)
          .where(inArray(shipments.orderId, part)),
      )
    ).map((s) => s.orderId),
  );
  expect(of("paid").filter((id) => !shipped.has(id))).toEqual([]);
  expect(shipped.size).toBe(of("paid").length);

  // Told: a pay link (the order's page) or a choice link that is this order's.
  const told = await inChunks(ids, (part) =>
    db()
      .select({
        orderId: notifications.orderId,
        kind: notifications.kind,
        body: notifications.body,
      })
      .from(notifications)
      .where(
        and(
          inArray(notifications.orderId, part),
          inArray(notifications.kind, [
            "presale_action_needed",
            "presale_offered",
            "presale_short",
          ]),
        ),
      ),
  );
  const toldBy = new Map<string, typeof told>();
  for (const n of told) toldBy.set(n.orderId!, [...(toldBy.get(n.orderId!) ?? []), n]);
  for (const id of of("action_needed")) {
    const [n, ...more] = toldBy.get(id) ?? [];
    expect(more, id).toEqual([]);
    expect(n?.kind, id).toBe("presale_action_needed");
    expect(n!.body).toContain(`/orders/${id}`);
    expect(rows.get(id)!.deadlineAt!.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
  }
  for (const id of [...of("offered"), ...of("short")]) {
    const [n, ...more] = toldBy.get(id) ?? [];
    expect(more, id).toEqual([]);
    expect(n?.kind, id).toBe(`presale_${want.states.get(id)}`);
    const token = /\/presale\/choice\/([A-Za-z0-9_-]+)/.exec(n!.body)?.[1];
    expect(token && hashLinkToken(token), id).toBe(rows.get(id)!.linkTokenHash);
    expect(rows.get(id)!.deadlineAt).not.toBeNull();
  }
  for (const id of of("paid")) expect(toldBy.get(id), id).toBeUndefined();

  // The release placed every pack; the books of the offer and the variant are exact.
  const [rel] = await db()
    .select()
    .from(presaleReleases)
    .where(eq(presaleReleases.offerId, w.offerId));
  expect(rel).toMatchObject({ status: "done", quantity: packs, allocated: packs });
  const ordered = line.reduce((n, o) => n + o.quantity, 0);
  const [pool] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, w.offerId));
  expect(pool).toMatchObject({
    available: pool!.cap - ordered,
    reserved: ordered - want.paidPacks,
    sold: want.paidPacks,
  });
  const [level] = await db()
    .select()
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, w.variantId));
  expect(level).toMatchObject({ available: want.surplus, reserved: 0, sold: want.paidPacks });
  const offer = await offerInvariant({ offerId: w.offerId });
  expect(offer.balanced, JSON.stringify(offer)).toBe(true);
  const variant = await stockInvariant({ variantId: w.variantId });
  expect(variant.level).toEqual(variant.ledger);
  return {
    ...want,
    allocated,
    offered: of("offered"),
    short: of("short"),
    actionNeeded: of("action_needed"),
  };
}
