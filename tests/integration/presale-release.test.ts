import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { presaleReleases } from "../../db/presale-schema";
import { offerLevels } from "../../db/schema";
import { callsByOrder, countingProvider } from "../factories/counting-provider";
import {
  bulkPreorders,
  ORDER_TABLE_NAMES,
  ORDER_TABLES,
  presaleRowsOf,
  rowsOfOrder,
  type BulkOrder,
  type BulkSpec,
  type Card,
} from "../factories/presale-bulk";
import {
  CARDS,
  drainJobs,
  preorder,
  presaleWorld,
  releasePacks,
  type PresaleWorld,
} from "../factories/presale-world";
import { checkReleaseBooks, tableCounts, tableDigest } from "../setup/presale-books";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { enqueueJob } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { allocateRelease } from "~/presale/release.server";

/*
 * Issue 13's release at scale, on PGlite and (with DATABASE_URL) on PostgreSQL: 1,000 pre-orders
 * of 1–3 packs, a harvest of 600 packs. The earliest are filled strictly in order of purchase,
 * each balance is charged exactly once (the provider's calls counted), declined cards get pay
 * links, the rest are told and may choose; a second release of the batch and a second allocation
 * pass change nothing; the offer's and the variant's books are exact. The 1,000 orders come from
 * the bulk factory; a smaller line through the real path shows the factory writes the same rows.
 */

withTestDatabase();
const SLOW = 600_000;

afterEach(() => setPaymentProviderForTests(undefined));

/** A repeatable mix: 1–3 packs each, every tenth order (from the 4th) on the card whose later charges decline. */
function specs(n: number, declining = (i: number) => i % 10 === 3): BulkSpec[] {
  let x = 12_345;
  return Array.from({ length: n }, (_, i) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const card: Card = declining(i) ? "declinesLater" : "saves";
    return { quantity: 1 + (x % 3), card };
  });
}

/**
 * One order's rows with everything that differs between two equal orders taken out: ids become
 * their first-seen rank within the order (so which row points at which still has to agree),
 * times and serial ids are dropped, the place in line is checked apart.
 */
function normalized(rows: Awaited<ReturnType<typeof rowsOfOrder>>) {
  const seen = new Map<string, string>();
  const ID =
    /(ord|pay|rsv|ofr|var|prd|coop|sub|hb|simpi)_[A-Za-z0-9]+|HL[2-9A-HJ-NP-Z]{8}|SKU-[a-z0-9]+/g;
  const norm = (v: unknown): unknown => {
    if (v instanceof Date) return "<time>";
    if (typeof v === "string")
      return v.replace(ID, (m) => {
        const kind = m.startsWith("HL") ? "code" : m.split(/[_-]/)[0];
        if (!seen.has(m)) seen.set(m, `<${kind}#${seen.size}>`);
        return seen.get(m)!;
      });
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== "notificationId")
          .map(([k, x]) => [k, norm(x)]),
      );
    return v;
  };
  return Object.fromEntries(
    (Object.keys(ORDER_TABLES) as (keyof typeof ORDER_TABLES)[]).map((name) => [
      name,
      rows[name].map((r) => {
        const { id, queueSeq: _seq, ...rest } = r;
        const row = SERIAL_IDS.has(name) ? rest : { id, ...rest };
        // A delivery job's key names its notification's serial id; every other key is compared.
        if (typeof row.dedupeKey === "string" && row.dedupeKey.startsWith("deliver_notification:"))
          row.dedupeKey = "deliver_notification:<n>";
        return norm(row);
      }),
    ]),
  );
}
const SERIAL_IDS = new Set(["orderEvents", "inventoryLedger", "notifications", "jobs"]);

function tableDelta(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.keys(after)
      .filter((k) => after[k] !== before[k])
      .map((k) => [k, after[k]! - (before[k] ?? 0)]),
  );
}

describe("presale release at scale", () => {
  it(
    "the bulk factory writes what placePresaleOrder and a paid deposit write (60 orders, every card and size)",
    async () => {
      const line = Array.from({ length: 60 }, (_, i) => ({
        quantity: 1 + (i % 3),
        card: (["saves", "needsAuthLater", "declinesLater"] as const)[Math.floor(i / 3) % 3]!,
      }));
      const real = await presaleWorld({ cap: 500 });
      const bulk = await presaleWorld({ cap: 500 });
      const t0 = await tableCounts();
      const realIds: string[] = [];
      for (const s of line)
        realIds.push(await preorder(real, { quantity: s.quantity, card: CARDS[s.card] }));
      const t1 = await tableCounts();
      const made = await bulkPreorders(bulk, line);
      const t2 = await tableCounts();

      // The same tables grow by the same numbers, and only the ones the factory copies.
      expect(tableDelta(t1, t2)).toEqual(tableDelta(t0, t1));
      expect(Object.keys(tableDelta(t0, t1)).every((t) => ORDER_TABLE_NAMES.includes(t))).toBe(
        true,
      );
      // Order by order, the same rows (ids and times aside), pointing at each other the same way.
      expect(made.map((m) => ({ quantity: m.quantity, card: m.card }))).toEqual(line);
      expect(made.filter((m) => m.real)).toHaveLength(9);
      for (const [i, m] of made.entries()) {
        const a = normalized(await rowsOfOrder(realIds[i]!));
        const b = normalized(await rowsOfOrder(m.orderId));
        expect(b, `order ${i} (${m.real ? "real" : "copy"})`).toEqual(a);
      }
      // In line in the order made, and the same books.
      const inLine = async (ids: string[]) => {
        const rows = await presaleRowsOf(ids);
        const seqs = ids.map((id) => rows.get(id)!.queueSeq!);
        return seqs.every((q, i) => i === 0 || q > seqs[i - 1]!);
      };
      expect(await inLine(realIds)).toBe(true);
      expect(await inLine(made.map((m) => m.orderId))).toBe(true);
      const pools = await db().select().from(offerLevels);
      const poolOf = (w: PresaleWorld) => {
        const { cap, available, reserved, sold } = pools.find((p) => p.offerId === w.offerId)!;
        return { cap, available, reserved, sold };
      };
      expect(poolOf(bulk)).toEqual(poolOf(real));
      expect((await offerInvariant({ offerId: bulk.offerId })).balanced).toBe(true);
      expect((await offerInvariant({ offerId: real.offerId })).balanced).toBe(true);
    },
    SLOW,
  );

  it(
    "1,000 orders, 600 packs: filled in order, each balance charged once, declines get pay links, the rest are told; a second release or allocation changes nothing",
    async () => {
      const w = await presaleWorld({ cap: 3_000 });
      const started = performance.now();
      const line: BulkOrder[] = await bulkPreorders(w, specs(1_000));
      console.log(
        `1,000 pre-orders in ${((performance.now() - started) / 1000).toFixed(1)} s (bulk factory)`,
      );
      const { provider, calls } = countingProvider();
      setPaymentProviderForTests(provider);

      expect(await releasePacks(w, 600)).toMatchObject({ ok: true });
      const t = performance.now();
      await drainJobs(undefined, { rounds: 1_000 });
      console.log(
        `release of 600 packs to 1,000 orders: ${((performance.now() - t) / 1000).toFixed(1)} s of jobs`,
      );

      const books = await checkReleaseBooks(w, line, 600);
      // Roughly 600 / 2 allocated, a tenth of them on declining cards: the test covers each case.
      expect(books.allocated.length).toBeGreaterThan(200);
      expect(books.actionNeeded.length).toBeGreaterThan(10);
      expect(books.short.length).toBeGreaterThan(500);
      // Each allocated balance charged exactly once, under its one key; nobody else charged.
      const byOrder = callsByOrder(calls);
      expect([...byOrder.keys()].sort()).toEqual([...books.allocated].sort());
      for (const [orderId, c] of byOrder)
        expect(c, orderId).toEqual([
          expect.objectContaining({ idempotencyKey: `balance:${orderId}` }),
        ]);
      expect(calls).toHaveLength(books.allocated.length);

      // A second release of the same batch is refused and changes nothing.
      const before = await tableDigest();
      expect(await releasePacks(w, 600)).toMatchObject({ ok: false, status: 409 });
      expect(await tableDigest()).toEqual(before);
      // The allocation again, directly and as a job, and every job again: nothing changes.
      const [rel] = await db()
        .select()
        .from(presaleReleases)
        .where(eq(presaleReleases.offerId, w.offerId));
      expect(await allocateRelease(rel!.id)).toEqual({ allocated: 0, short: 0 });
      await drainJobs();
      expect(await tableDigest()).toEqual(before);
      await enqueueJob({
        kind: "presale_allocate",
        payload: { releaseId: rel!.id },
        dedupeKey: `presale_allocate:${rel!.id}:again`,
      });
      await drainJobs();
      expect(await tableDigest(["jobs"])).toEqual(
        Object.fromEntries(Object.entries(before).filter(([k]) => k !== "jobs")),
      );
      expect(calls).toHaveLength(books.allocated.length);
      await checkReleaseBooks(w, line, 600);
    },
    SLOW,
  );
});
