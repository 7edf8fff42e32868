import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupbuyDeals } from "../../db/groupbuy-schema";
import { payments } from "../../db/orders-schema";
import { countingProvider, type HoldCall } from "../factories/counting-provider";
import { groupbuyWorld, join, joinsOf, type GroupbuyWorld } from "../factories/groupbuy";
import { drainJobs } from "../factories/held-orders";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";
import type { JoinOutcome } from "~/groupbuy/join.server";
import { SettlementBusy, settleDeal } from "~/groupbuy/settle.server";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db } from "~/lib/db.server";
import { announcePaymentOutcome } from "~/payments/outcomes.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { simulatedRef } from "~/payments/simulated.server";
import { startPayment } from "~/orders/payment-flow.server";

/*
 * Group deals under real concurrency (Promise.all: truly parallel on PostgreSQL's pool,
 * interleaved on PGlite; and two processes on PostgreSQL): 500 joins racing for a maximum of 100
 * packs never join more; the hold reported twice at once is held once; settlement run twice at
 * once captures each hold once.
 */

withTestDatabase();
const PG = Boolean(process.env.DATABASE_URL);
const SLOW = 300_000;
const MAX = 100;

let holdCalls: HoldCall[];
beforeEach(() => {
  const counting = countingProvider();
  holdCalls = counting.holdCalls;
  setPaymentProviderForTests(counting.provider);
});
afterEach(() => setPaymentProviderForTests(undefined));

async function checkJoined(w: GroupbuyWorld, outcomes: JoinOutcome[]) {
  const won = outcomes.filter((o) => o.ok);
  expect(won).toHaveLength(MAX);
  for (const o of outcomes.filter((o) => !o.ok))
    expect(o).toMatchObject({ ok: false, error: "sold_out" });
  const pool = await offerInvariant({ offerId: w.offerId });
  expect(pool.balanced, JSON.stringify(pool)).toBe(true);
  expect(pool.level).toEqual({ cap: MAX, available: 0, reserved: MAX, sold: 0 });
  expect(await joinsOf(w.offerId)).toHaveLength(MAX);
  const stock = await stockInvariant({ variantId: w.variantId });
  expect(stock.balanced, JSON.stringify(stock)).toBe(true);
  return won.map((o) => (o as { orderId: string }).orderId);
}

describe("group deals under concurrency", () => {
  it(
    "500 joins at once against a maximum of 100: exactly 100 join; paid, the deal settles full, twice at once, capturing each hold once",
    async () => {
      const w = await groupbuyWorld({ maxQuantity: MAX, minQuantity: 50 });
      const outcomes = await Promise.all(
        Array.from({ length: 500 }, (_, i) => join(w, { point: i % 2 })),
      );
      const orderIds = await checkJoined(w, outcomes);

      // Every hold reported twice at once (a redelivered webhook racing the first): held once.
      for (const orderId of orderIds) {
        const started = await startPayment({ orderId, origin: "http://localhost" });
        if (!started.ok) throw new Error(started.error);
        const paymentId = started.redirectUrl.replace("/pay/", "");
        const [payment] = await db().select().from(payments).where(eq(payments.id, paymentId));
        const report = () =>
          announcePaymentOutcome("authorized", {
            provider: "simulated",
            providerRef: simulatedRef(paymentId),
            amountFen: payment!.amountFen,
            held: true,
            actor: "test",
          });
        const [a, b] = await Promise.all([report(), report()]);
        expect([a, b].filter((r) => r.ok && r.changed)).toHaveLength(1);
      }
      expect((await joinsOf(w.offerId)).every((j) => j.state === "held")).toBe(true);

      // Full: settled now, by two runs at once and the queued job.
      // A run that finds a capture claimed by the other throws SettlementBusy (its job retries).
      const runs = await Promise.allSettled([settleDeal(w.offerId), settleDeal(w.offerId)]);
      for (const r of runs)
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(SettlementBusy);
      await drainJobs();
      expect(await settleDeal(w.offerId)).toMatchObject({ status: "succeeded", captured: 0 });
      const captures = holdCalls.filter((c) => c.kind === "capture");
      expect(new Set(captures.map((c) => c.idempotencyKey)).size).toBe(MAX);
      expect(captures).toHaveLength(MAX);
      expect(captures.every((c) => c.amountFen === 2200)).toBe(true);
      const [deal] = await db()
        .select()
        .from(groupbuyDeals)
        .where(eq(groupbuyDeals.offerId, w.offerId));
      expect(deal).toMatchObject({
        state: "succeeded",
        reachedQuantity: MAX,
        settledPriceFen: 2200,
      });
      expect((await offerInvariant({ offerId: w.offerId })).level).toEqual({
        cap: MAX,
        available: 0,
        reserved: 0,
        sold: MAX,
      });
      const stock = await stockInvariant({ variantId: w.variantId });
      expect(stock.balanced, JSON.stringify(stock)).toBe(true);
    },
    SLOW,
  );

  it.skipIf(!PG)(
    "two app processes, 250 joins each at once against a maximum of 100: exactly 100 join",
    async () => {
      const w = await groupbuyWorld({ maxQuantity: MAX, minQuantity: 50 });
      const url = await testDatabaseUrl();
      const run = (prefix: string, point: number) =>
        runWorkerScript<JoinOutcome[]>({
          script: "tests/integration/groupbuy-race-worker.ts",
          args: [url, w.offerId, w.points[point]!.id, "250", prefix],
          databaseUrl: url,
          label: prefix,
        });
      const [a, b] = await Promise.all([run("pa", 0), run("pb", 1)]);
      await checkJoined(w, [...a, ...b]);
      // Both processes took some: they raced for real.
      expect(a.some((o) => o.ok) && b.some((o) => o.ok)).toBe(true);
    },
    SLOW,
  );
});
