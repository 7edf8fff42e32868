import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../db/auth-schema";
import { liveClaims, liveWaitlist } from "../../db/live-schema";
import { jobs, orders } from "../../db/orders-schema";
import { inventoryReservations } from "../../db/schema";
import { liveSale } from "../factories/live";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { claimRequest, saleBooks, saleRow } from "../setup/live-books";
import { withTestDatabase } from "../setup/test-db";
import { stockInvariant } from "~/inventory/reservations.server";
import { sweepExpiredHolds } from "~/jobs/worker.server";
import { runDueJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { checkoutClaim } from "~/live/checkout.server";
import { grantClaims, submitClaim } from "~/live/claims.server";
import { changeSale, scheduleTick } from "~/live/sales.server";
import { readSaleStock } from "~/live/stock.server";
import { tickSale } from "~/live/tick.server";
import { joinWaitlist, myPlace } from "~/live/waitlist.server";

withTestDatabase();

const req = claimRequest;
const books = saleBooks;

describe("flash-sale claims", () => {
  it("5,000 concurrent claims for 1,000 units: exactly 1,000 granted, counted from committed rows", async () => {
    const { saleId } = await liveSale({ stock: 1_500, quantity: 1_000 });
    const answers = await Promise.all(
      Array.from({ length: 5_000 }, (_, i) => submitClaim(saleId, req(i))),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1_000);
    expect(answers.filter((a) => !a.ok && a.error === "sold_out")).toHaveLength(4_000);
    const [claims] = await db()
      .select({ n: count() })
      .from(liveClaims)
      .where(eq(liveClaims.saleId, saleId));
    expect(claims!.n).toBe(1_000);
    const { offer } = await books(saleId);
    expect(offer).toMatchObject({ available: 0, reserved: 1_000, sold: 0, cap: 1_000 });
    // The 500 units never drawn into the sale were never touched.
    const variant = await stockInvariant({ variantId: (await saleRow(saleId)).variantId });
    expect(variant.level.available).toBe(500);
  });

  it("a replayed key returns the same claim, in one batch or the next, and another shopper's use of it is refused", async () => {
    const { saleId } = await liveSale({ quantity: 10 });
    const same = await Promise.all(
      Array.from({ length: 20 }, () => submitClaim(saleId, req(1, { quantity: 2 }))),
    );
    const ids = new Set(same.map((a) => (a.ok ? a.claimId : a.error)));
    expect(ids.size).toBe(1);
    expect(same.filter((a) => a.ok && !a.replay)).toHaveLength(1);
    const later = await submitClaim(saleId, req(1, { quantity: 2 }));
    expect(later).toMatchObject({ ok: true, replay: true, claimId: [...ids][0] });
    const thief = await submitClaim(saleId, req(1, { shopperKey: "d:someone-else" }));
    expect(thief).toEqual({ ok: false, error: "key_reused" });
    const { offer } = await books(saleId);
    expect(offer.reserved).toBe(2);
  });

  it("claims that lapse mid-storm return to the pool and are granted again, never twice", async () => {
    const { saleId } = await liveSale({ quantity: 300, holdSeconds: 60 });
    const t0 = new Date();
    const first = await grantClaims(
      saleId,
      Array.from({ length: 400 }, (_, i) => req(i)),
      t0,
    );
    expect(first.filter((a) => a.ok)).toHaveLength(300);
    // Two minutes on: every hold lapsed. The tick returns them while a second storm claims.
    const t1 = new Date(t0.getTime() + 120_000);
    const storm = Promise.all(
      Array.from({ length: 40 }, (_, b) =>
        grantClaims(
          saleId,
          Array.from({ length: 25 }, (_, i) => req(1_000 + b * 25 + i)),
          t1,
        ),
      ),
    );
    await Promise.all([tickSale(saleId, t1), storm]);
    await tickSale(saleId, t1);
    const again = await grantClaims(
      saleId,
      Array.from({ length: 400 }, (_, i) => req(5_000 + i)),
      t1,
    );
    const granted =
      (await storm).flat().filter((a) => a.ok).length + again.filter((a) => a.ok).length;
    expect(granted).toBe(300);
    const { offer, heldUnits } = await books(saleId);
    expect(heldUnits).toBe(300);
    expect(offer).toMatchObject({ available: 0, reserved: 300, sold: 0 });
    const [expired] = await db()
      .select({ n: count() })
      .from(liveClaims)
      .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.status, "expired")));
    expect(expired!.n).toBe(300);
  });

  it("once sold out, claims are answered by a read: replays keep their claim, the limit holds, units back are granted", async () => {
    const { saleId } = await liveSale({ quantity: 3, perShopperLimit: 2, holdSeconds: 60 });
    const storm = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submitClaim(saleId, req(i))),
    );
    expect(storm.filter((a) => a.ok)).toHaveLength(3);
    const winner = storm.findIndex((a) => a.ok);
    const won = storm[winner]!;
    const claimCount = async () =>
      (await db().select({ n: count() }).from(liveClaims).where(eq(liveClaims.saleId, saleId)))[0]!
        .n;
    // The sale now looks sold out: these are checked, not granted, and write nothing.
    const [replay, thief, over, late] = await Promise.all([
      submitClaim(saleId, req(winner)),
      submitClaim(saleId, req(winner, { shopperKey: "d:someone-else" })),
      submitClaim(saleId, req(50, { quantity: 3 })),
      submitClaim(saleId, req(51)),
    ]);
    expect(replay).toMatchObject({ ok: true, replay: true });
    expect(won.ok && replay.ok && replay.claimId === won.claimId).toBe(true);
    expect(won.ok && replay.ok && replay.expiresAt.getTime() === won.expiresAt.getTime()).toBe(
      true,
    );
    expect(thief).toEqual({ ok: false, error: "key_reused" });
    expect(over).toEqual({ ok: false, error: "over_limit", limit: 2 });
    expect(late).toEqual({ ok: false, error: "sold_out" });
    expect(await claimCount()).toBe(3);
    // The holds lapse: the units are back in the pool and the next claims get them, no more.
    await tickSale(saleId, new Date(Date.now() + 120_000));
    expect((await books(saleId)).offer).toMatchObject({ available: 3, reserved: 0 });
    const again = await Promise.all(
      Array.from({ length: 5 }, (_, i) => submitClaim(saleId, req(100 + i))),
    );
    expect(again.filter((a) => a.ok)).toHaveLength(3);
    expect(again.filter((a) => !a.ok && a.error === "sold_out")).toHaveLength(2);
    expect((await books(saleId)).offer).toMatchObject({ available: 0, reserved: 3 });
    expect(await claimCount()).toBe(6);
  });

  it("the per-shopper limit holds under concurrent claims from one shopper", async () => {
    const { saleId } = await liveSale({ quantity: 100, perShopperLimit: 3 });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => submitClaim(saleId, req(i, { shopperKey: "u:one" }))),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    expect(answers.filter((a) => !a.ok && a.error === "over_limit")).toHaveLength(57);
    const two = await submitClaim(saleId, req(99, { shopperKey: "u:two", quantity: 4 }));
    expect(two).toMatchObject({ ok: false, error: "over_limit", limit: 3 });
    const { offer } = await books(saleId);
    expect(offer.reserved).toBe(3);
  });

  it("refuses claims before the start, while paused and after the end, and the end returns what is left", async () => {
    const { saleId, host } = await liveSale({
      quantity: 50,
      timing: { kind: "countdown", countdownSeconds: 30, durationSeconds: 600 },
    });
    expect(await submitClaim(saleId, req(1))).toEqual({ ok: false, error: "not_started" });
    await changeSale({ hostUserId: host.id, saleId, action: "start" });
    expect(await submitClaim(saleId, req(2))).toEqual({ ok: false, error: "not_started" });
    const open = new Date(Date.now() + 31_000);
    expect((await grantClaims(saleId, [req(3)], open))[0]).toMatchObject({ ok: true });
    await changeSale({ hostUserId: host.id, saleId, action: "pause", now: open });
    expect((await grantClaims(saleId, [req(4)], open))[0]).toEqual({ ok: false, error: "paused" });
    await changeSale({ hostUserId: host.id, saleId, action: "resume", now: open });
    await changeSale({ hostUserId: host.id, saleId, action: "end", now: open });
    expect((await grantClaims(saleId, [req(5)], open))[0]).toEqual({ ok: false, error: "ended" });
    const { offer } = await books(saleId);
    // The one claim still held; the other 49 went back to the pack's stock.
    expect(offer).toMatchObject({ available: 0, reserved: 1, cap: 1 });
    const stock = (await readSaleStock([saleId])).get(saleId)!;
    expect(stock).toMatchObject({ remaining: 0, claimed: 1, phase: "ended" });
  });

  it("a claim is paid through placeOrder: the order takes over the same held units at the flash price", async () => {
    const { saleId } = await liveSale({ quantity: 5, priceFen: 990 });
    const claim = await submitClaim(saleId, req(1, { quantity: 2 }));
    if (!claim.ok) throw new Error(claim.error);
    const placed = await checkoutClaim({
      claimId: claim.claimId,
      shopperKey: "d:shopper-1",
      userId: null,
      submitKey: newSubmitKey(),
      contact: { mobile: "13800138000" },
      address: BEIJING,
      ambientService: "express",
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const [order] = await db().select().from(orders).where(eq(orders.id, placed.orderId));
    expect(order).toMatchObject({ channel: "flash", itemsFen: 1_980 });
    expect(order!.reservedUntil?.getTime()).toBe(claim.expiresAt.getTime());
    const holds = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, placed.orderId));
    expect(holds).toMatchObject([{ ownerKind: "order", quantity: 2, status: "held" }]);
    const { offer } = await books(saleId);
    expect(offer).toMatchObject({ available: 3, reserved: 2 });
    // Another shopper cannot check the claim out; the claim cannot be used twice.
    const twice = await checkoutClaim({
      claimId: claim.claimId,
      shopperKey: "d:shopper-1",
      userId: null,
      submitKey: newSubmitKey(),
      contact: { mobile: "13800138000" },
      address: BEIJING,
      ambientService: "express",
    });
    expect(twice).toMatchObject({ ok: false, error: "claim_gone" });
  });

  it("sold out offers a line: a lapsed claim's unit goes to the first in line, with a held claim and a message", async () => {
    const { saleId } = await liveSale({ quantity: 2, holdSeconds: 60 });
    const t0 = new Date();
    const granted = await grantClaims(saleId, [req(1), req(2)], t0);
    expect(granted.every((a) => a.ok)).toBe(true);
    const first = { key: "d:first", userId: null };
    const second = { key: "d:second", userId: null };
    const third = { key: "d:third", userId: null };
    expect(
      await joinWaitlist({ saleId, shopper: first, quantity: 1, email: "first@example.com" }),
    ).toMatchObject({ ok: true, place: { place: 1, reachable: true } });
    await joinWaitlist({ saleId, shopper: second, quantity: 1 });
    const late = await joinWaitlist({ saleId, shopper: third, quantity: 1 });
    // Two units are held in all: the third in line can no longer be reached, and is told so.
    expect(late).toMatchObject({ ok: true, place: { place: 3, unitsAhead: 2, reachable: false } });
    // A new claim does not jump the line.
    expect((await grantClaims(saleId, [req(9)], t0))[0]).toEqual({ ok: false, error: "sold_out" });

    await tickSale(saleId, new Date(t0.getTime() + 61_000));
    const mine = await myPlace(saleId, "d:first");
    expect(mine.claim).toMatchObject({ status: "held", quantity: 1 });
    expect(mine.waitlist).toMatchObject({ status: "offered" });
    expect((await myPlace(saleId, "d:second")).waitlist).toMatchObject({ status: "offered" });
    expect((await myPlace(saleId, "d:third")).waitlist).toMatchObject({
      status: "waiting",
      place: 1,
      reachable: true,
    });
    const mails = await db()
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, "first@example.com"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain("/l/");
    const entries = await db().select().from(liveWaitlist).where(eq(liveWaitlist.saleId, saleId));
    expect(entries.filter((e) => e.status === "offered")).toHaveLength(2);
    await books(saleId);
  });

  it("a running sale's tick runs as a job: the sweeper hands it lapsed claims, one job per slot, units back in the pool", async () => {
    const { saleId } = await liveSale({ quantity: 10, holdSeconds: 60 });
    const answers = await Promise.all([1, 2, 3].map((i) => submitClaim(saleId, req(i))));
    expect(answers.every((a) => a.ok)).toBe(true);
    // The holds lapse (as if the hold time had passed), and nothing else looks at them.
    const past = new Date(Date.now() - 1_000);
    await db().update(liveClaims).set({ expiresAt: past }).where(eq(liveClaims.saleId, saleId));
    const offerId = (await saleRow(saleId)).offerId;
    await db()
      .update(inventoryReservations)
      .set({ expiresAt: past })
      .where(eq(inventoryReservations.offerId, offerId));
    await db().delete(jobs).where(eq(jobs.kind, "live_sale_tick"));

    // One instant for the three asks, so they fall in one 5-second slot however slow the machine.
    const now = new Date();
    await sweepExpiredHolds({ now });
    await sweepExpiredHolds({ now }); // asked again in the same slot: still one job
    await scheduleTick(db(), saleId, now);
    const queued = await db().select().from(jobs).where(eq(jobs.kind, "live_sale_tick"));
    expect(queued).toHaveLength(1);
    await runDueJobs({ now: new Date(queued[0]!.runAt.getTime() + 1) });
    const { offer, heldUnits } = await books(saleId);
    expect(heldUnits).toBe(0);
    expect(offer).toMatchObject({ available: 10, reserved: 0 });
    // The tick queued the next one for the running sale.
    const next = await db().select().from(jobs).where(eq(jobs.kind, "live_sale_tick"));
    // The next one is the very next 5-second slot: the chain ticks every slot, not every other.
    expect(next.map((j) => j.runAt.getTime())).toContain(queued[0]!.runAt.getTime() + 5_000);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "two processes claiming one sale on PostgreSQL grant exactly the stock, and the limit holds across them",
    async () => {
      const { saleId } = await liveSale({ quantity: 400, perShopperLimit: 5 });
      // Each process: 20 claims by one shared shopper, then 580 by shoppers of its own.
      const databaseUrl = await testDatabaseUrl();
      const run = (from: number) =>
        runWorkerScript<{ granted: number; overLimit: number }>({
          script: "tests/integration/live-claims-worker.ts",
          args: [saleId, String(from), "600"],
          databaseUrl,
        });
      const [a, b] = await Promise.all([run(0), run(600)]);
      const { offer } = await books(saleId);
      expect(a.granted + b.granted).toBe(400);
      expect(a.overLimit + b.overLimit).toBe(35);
      expect(offer.reserved).toBe(400);
      // Shopper "u:shared" claimed from both processes: no more than its limit in all.
      const [shared] = await db()
        .select({ units: sql<number>`coalesce(sum(${liveClaims.quantity}), 0)`.mapWith(Number) })
        .from(liveClaims)
        .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.shopperKey, "u:shared")));
      expect(shared!.units).toBe(5);
    },
  );
});
