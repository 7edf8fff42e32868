import { and, count, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { jobs, notifications, orderEvents } from "../../db/orders-schema";
import { presaleOrders, presaleReleases } from "../../db/presale-schema";
import { inventoryReservations } from "../../db/schema";
import { callsByOrder, countingProvider } from "../factories/counting-provider";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { bulkPreorders, type BulkSpec } from "../factories/presale-bulk";
import {
  CARDS,
  drainJobs,
  payDue,
  paymentsOf,
  preorder,
  presaleRow,
  presaleWorld,
  releasePacks,
  type PresaleWorld,
} from "../factories/presale-world";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { checkReleaseBooks } from "../setup/presale-books";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { db } from "~/lib/db.server";
import { startPayment } from "~/orders/payment-flow.server";
import { announcePaymentOutcome } from "~/payments/outcomes.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { simulatedRef, simulatedSavedMethod } from "~/payments/simulated.server";
import { chargeBalance } from "~/presale/balance.server";
import { placePresaleOrder, type PresaleOrderOutcome } from "~/presale/place.server";
import { allocateRelease } from "~/presale/release.server";

/*
 * Presales under real concurrency (Promise.all: truly parallel on PostgreSQL's pool, interleaved
 * on PGlite; and two processes on PostgreSQL): pre-orders racing for a small cap never hold more
 * than it; a deposit reported twice at once is paid once and takes one place in line; the balance
 * job run twice at once charges once; allocation passes racing each other keep the line's order.
 */

const t = withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
const SLOW = 300_000;

afterEach(() => setPaymentProviderForTests(undefined));

const CAP = 40;
/** 1–3 packs each, 150 shoppers: far more wanted than the cap. */
const QUANTITIES = Array.from({ length: 150 }, (_, i) => 1 + ((i * 7) % 3));

type Placed = PresaleOrderOutcome & { quantity: number };

const place = (w: PresaleWorld, quantity: number): Promise<Placed> =>
  placePresaleOrder({
    offerId: w.offerId,
    quantity,
    userId: null,
    submitKey: newSubmitKey(),
    contact: { mobile: "13812345678" },
    address: { ...BEIJING, mobile: "13812345678" },
    ambientService: "express",
  }).then((o) => ({ quantity, ...o }));

/** No more held than the cap, every refusal a sold-out, the pool's and the holds' counts exact. */
async function checkCap(w: PresaleWorld, outcomes: Placed[]) {
  const won = outcomes.filter((o) => o.ok);
  const lost = outcomes.filter((o) => !o.ok);
  const held = won.reduce((n, o) => n + o.quantity, 0);
  expect(held).toBeLessThanOrEqual(CAP);
  expect(lost.length).toBeGreaterThan(0);
  for (const o of lost)
    expect(o).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^(sold_out|above_stock)$/),
    });
  const offer = await offerInvariant({ offerId: w.offerId });
  expect(offer.balanced, JSON.stringify(offer)).toBe(true);
  expect(offer.level).toEqual({ cap: CAP, available: CAP - held, reserved: held, sold: 0 });
  // Nothing is left that any refused order could have taken (the pool only shrank).
  expect(CAP - held).toBeLessThan(Math.min(...lost.map((o) => o.quantity)));
  const holds = await db()
    .select()
    .from(inventoryReservations)
    .where(eq(inventoryReservations.offerId, w.offerId));
  expect(holds).toHaveLength(won.length);
  expect(holds.every((h) => h.status === "held")).toBe(true);
  return won.map((o) => (o as Extract<Placed, { ok: true }>).orderId);
}

describe("presale races", () => {
  it(
    "150 concurrent pre-orders against a cap of 40 packs hold at most 40; their deposits paid at once take one place each",
    async () => {
      const w = await presaleWorld({ cap: CAP });
      const outcomes = await Promise.all(QUANTITIES.map((q) => place(w, q)));
      const won = await checkCap(w, outcomes);
      await Promise.all(won.map((id) => payDue(id)));
      const rows = await db()
        .select()
        .from(presaleOrders)
        .where(inArray(presaleOrders.orderId, won));
      expect(rows.every((r) => r.state === "waiting")).toBe(true);
      expect(new Set(rows.map((r) => r.queueSeq)).size).toBe(won.length);
      expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
    },
    SLOW,
  );

  it.skipIf(!PG)(
    "PostgreSQL, two app processes: 150 pre-orders against a cap of 40 hold at most 40",
    async () => {
      expect(t.handle.kind).toBe("postgres");
      const w = await presaleWorld({ cap: CAP });
      const url = await testDatabaseUrl();
      const half = QUANTITIES.length / 2;
      const run = (qs: number[], prefix: string) =>
        runWorkerScript<Placed[]>({
          script: "tests/integration/presale-race-worker.ts",
          args: [url, w.offerId, qs.join(","), prefix],
          databaseUrl: url,
        });
      const [a, b] = await Promise.all([
        run(QUANTITIES.slice(0, half), "a"),
        run(QUANTITIES.slice(half), "b"),
      ]);
      await checkCap(w, [...a, ...b]);
    },
    SLOW,
  );

  it("a deposit reported three times at once is paid once: one deposit_paid, one place in line, one message", async () => {
    const w = await presaleWorld();
    const orderId = await preorder(w, { quantity: 2, card: null });
    const started = await startPayment({ orderId, origin: "http://localhost" });
    if (!started.ok) throw new Error(started.error);
    const paymentId = started.redirectUrl.replace("/pay/", "");
    const [pay] = await paymentsOf(orderId);
    const report = () =>
      announcePaymentOutcome("succeeded", {
        provider: "simulated",
        providerRef: simulatedRef(paymentId),
        amountFen: pay!.amountFen,
        actor: "simulated",
        saved: simulatedSavedMethod({ paymentId, later: "succeeded" }),
      });
    const results = await Promise.all([report(), report(), report()]);
    expect(results.filter((r) => r.ok && r.outcome === "paid")).toHaveLength(1);
    expect(results.filter((r) => r.ok && r.outcome === "already_paid")).toHaveLength(2);
    const place = (await presaleRow(orderId)).queueSeq;
    expect(await report()).toMatchObject({ ok: true, outcome: "already_paid" });
    expect(await presaleRow(orderId)).toMatchObject({ state: "waiting", queueSeq: place });
    const [events] = await db()
      .select({ n: count() })
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, "deposit_paid")));
    expect(events!.n).toBe(1);
    const told = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.orderId, orderId), eq(notifications.kind, "presale_deposit")));
    expect(told).toHaveLength(1);
    // The repeats drew no place in line: the next order paid takes the very next one.
    const next = await preorder(w, { quantity: 1 });
    expect((await presaleRow(next)).queueSeq).toBe(place! + 1);
    expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
  });

  for (const card of ["saves", "declinesLater"] as const)
    it(`the balance job run twice at once (${card}) charges once, under one key`, async () => {
      const w = await presaleWorld();
      const orderId = await preorder(w, { quantity: 2, card: CARDS[card] });
      const { provider, calls } = countingProvider();
      setPaymentProviderForTests(provider);
      await releasePacks(w, 2);
      // Allocate, but leave the charge job to the racers.
      const [rel] = await db().select().from(presaleReleases);
      await allocateRelease(rel!.id);
      expect((await presaleRow(orderId)).state).toBe("allocated");
      const results = await Promise.all([chargeBalance(orderId), chargeBalance(orderId)]);
      const want = card === "saves" ? "paid" : "action_needed";
      expect(results).toContain(want);
      expect(results.every((r) => r === want || r === "skipped")).toBe(true);
      await drainJobs();
      expect(await chargeBalance(orderId)).toBe("skipped");
      // Every call the provider saw was this order's one charge (its idempotency key): one charge.
      expect([...callsByOrder(calls).keys()]).toEqual([orderId]);
      expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(new Set([`balance:${orderId}`]));
      const balance = (await paymentsOf(orderId)).filter((p) => p.purpose === "balance");
      expect(balance).toHaveLength(1);
      expect(balance[0]!.status).toBe(card === "saves" ? "succeeded" : "failed");
      const [paid] = await db()
        .select({ n: count() })
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, "paid")));
      expect(paid!.n).toBe(card === "saves" ? 1 : 0);
      const shipJobs = await db()
        .select()
        .from(jobs)
        .where(eq(jobs.dedupeKey, `create_shipments:${orderId}`));
      expect(shipJobs).toHaveLength(card === "saves" ? 1 : 0);
      const links = await db()
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.orderId, orderId), eq(notifications.kind, "presale_action_needed")),
        );
      expect(links).toHaveLength(card === "saves" ? 0 : 1);
      expect((await presaleRow(orderId)).state).toBe(want);
      expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
    });

  it(
    "allocation passes racing each other (small chunks) still fill strictly in order, each order once",
    async () => {
      const w = await presaleWorld({ cap: 2_000 });
      const specs: BulkSpec[] = Array.from({ length: 300 }, (_, i) => ({
        quantity: 1 + ((i * 5) % 3),
        card: i % 9 === 4 ? "declinesLater" : "saves",
      }));
      const line = await bulkPreorders(w, specs);
      const { provider, calls } = countingProvider();
      setPaymentProviderForTests(provider);
      expect(await releasePacks(w, 350)).toMatchObject({ ok: true });
      const [rel] = await db().select().from(presaleReleases);
      const passes = await Promise.all(
        [3, 7, 11].map((chunk) => allocateRelease(rel!.id, { chunk })),
      );
      // Between them, every order was allocated or told exactly once.
      const total = passes.reduce((n, p) => n + p.allocated + p.short, 0);
      expect(total).toBe(line.length);
      await drainJobs(undefined, { rounds: 1_000 });
      const books = await checkReleaseBooks(w, line, 350);
      expect(calls).toHaveLength(books.allocated.length);
      expect(new Set(calls.map((c) => c.orderId)).size).toBe(books.allocated.length);
    },
    SLOW,
  );
});
