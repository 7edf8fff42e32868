import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { flashSales, liveClaims, liveWaitlist } from "../../db/live-schema";
import { offerLevels, offers } from "../../db/schema";
import { liveSale } from "../factories/live";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { claimRequest as req, saleBooks as books, saleRow } from "../setup/live-books";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { checkoutClaim } from "~/live/checkout.server";
import { grantClaims } from "~/live/claims.server";
import { changeSale, lockSale } from "~/live/sales.server";
import { tickSale } from "~/live/tick.server";
import { joinWaitlist, myPlace } from "~/live/waitlist.server";

withTestDatabase();

const shopper = (key: string) => ({ key, userId: null });
const waiting = (saleId: string) =>
  db().select().from(liveWaitlist).where(eq(liveWaitlist.saleId, saleId)).orderBy(liveWaitlist.seq);

/** Pays nothing: places the claim's order as a guest with this mobile. */
const checkout = (claimId: string, shopperKey: string, mobile = "13800138000") =>
  checkoutClaim({
    claimId,
    shopperKey,
    userId: null,
    submitKey: newSubmitKey(),
    contact: { mobile },
    address: BEIJING,
    ambientService: "express",
  });

describe("the waitlist of a flash sale", () => {
  it("opens only once a live sale is sold out for the quantity asked, and writes nothing when refused", async () => {
    const soon = await liveSale({
      quantity: 2,
      timing: { kind: "countdown", countdownSeconds: 60, durationSeconds: 600 },
    });
    expect(
      await joinWaitlist({ saleId: soon.saleId, shopper: shopper("d:a"), quantity: 1 }),
    ).toMatchObject({
      ok: false,
      error: "not_started",
    });
    const { saleId, host } = await liveSale({ quantity: 2 });
    // Units are left for this quantity: claim them instead.
    expect(await joinWaitlist({ saleId, shopper: shopper("d:a"), quantity: 2 })).toMatchObject({
      ok: false,
      error: "not_sold_out",
    });
    await grantClaims(saleId, [req(1)]);
    // One left, two wanted: that is sold out for this shopper.
    expect(await joinWaitlist({ saleId, shopper: shopper("d:a"), quantity: 2 })).toMatchObject({
      ok: true,
      place: { place: 1, quantity: 2 },
    });
    await changeSale({ hostUserId: host.id, saleId, action: "pause" });
    expect(await joinWaitlist({ saleId, shopper: shopper("d:b"), quantity: 1 })).toMatchObject({
      ok: false,
      error: "paused",
    });
    expect(await waiting(saleId)).toHaveLength(1);
  });

  it("refuses a place no unit could ever serve, and one over the shopper's remaining allowance", async () => {
    const { saleId } = await liveSale({ quantity: 3, perShopperLimit: 2 });
    expect((await grantClaims(saleId, [req(1, { quantity: 2 }), req(2)])).every((a) => a.ok)).toBe(
      true,
    );
    // Three units in the sale, all held: four could never come back.
    expect(await joinWaitlist({ saleId, shopper: shopper("d:x"), quantity: 4 })).toMatchObject({
      ok: false,
      error: "too_many",
      limit: 3,
    });
    // Shopper 1 holds 2 of their 2.
    expect(
      await joinWaitlist({ saleId, shopper: shopper("d:shopper-1"), quantity: 1 }),
    ).toMatchObject({
      ok: false,
      error: "over_limit",
      limit: 0,
    });
    expect(await joinWaitlist({ saleId, shopper: shopper("d:x"), quantity: 3 })).toMatchObject({
      ok: false,
      error: "over_limit",
      limit: 2,
    });
    expect(await waiting(saleId)).toHaveLength(0);
  });

  it("says sold out for good when nothing held could come back", async () => {
    const { saleId } = await liveSale({ quantity: 1 });
    const [claim] = await grantClaims(saleId, [req(1)]);
    if (!claim?.ok) throw new Error("no claim");
    // The claim's units leave the sale for good (as a payment would): nothing could come back.
    await db()
      .update(offerLevels)
      .set({ reserved: 0, sold: 1 })
      .where(eq(offerLevels.offerId, (await saleRow(saleId)).offerId));
    expect(await joinWaitlist({ saleId, shopper: shopper("d:late"), quantity: 1 })).toMatchObject({
      ok: false,
      error: "gone",
    });
  });

  it("the tick lapses a place that can never be served instead of stopping the line", async () => {
    const { saleId } = await liveSale({ quantity: 3, perShopperLimit: 5, holdSeconds: 60 });
    const t0 = new Date();
    expect(
      (await grantClaims(saleId, [req(1, { quantity: 2 }), req(2)], t0)).every((a) => a.ok),
    ).toBe(true);
    // A place as an older version let in: bigger than could ever come back, even trimmed to its
    // shopper's allowance (5 of a sale of 3).
    await db()
      .insert(liveWaitlist)
      .values([
        { id: "wtl_huge", saleId, shopperKey: "d:huge", quantity: 9 },
        { id: "wtl_two", saleId, shopperKey: "d:shopper-2", quantity: 2 },
        { id: "wtl_next", saleId, shopperKey: "d:next", quantity: 1 },
      ]);
    // Shopper 2's claim lapses (their 1 back), then everyone's: 3 free.
    await db()
      .update(liveClaims)
      .set({ expiresAt: new Date(t0.getTime() + 1_000) })
      .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.shopperKey, "d:shopper-2")));
    await tickSale(saleId, new Date(t0.getTime() + 2_000));
    // 1 free: the huge place lapsed, shopper 2 wants 2 and waits, nobody behind them jumps ahead.
    let line = await waiting(saleId);
    expect(line.map((w) => [w.id, w.status])).toEqual([
      ["wtl_huge", "lapsed"],
      ["wtl_two", "waiting"],
      ["wtl_next", "waiting"],
    ]);
    await tickSale(saleId, new Date(t0.getTime() + 61_000));
    line = await waiting(saleId);
    expect(line.map((w) => [w.id, w.status, w.quantity])).toEqual([
      ["wtl_huge", "lapsed", 9],
      ["wtl_two", "offered", 2],
      ["wtl_next", "offered", 1],
    ]);
    expect((await myPlace(saleId, "d:shopper-2")).claim).toMatchObject({
      status: "held",
      quantity: 2,
    });
    await books(saleId);
  });

  it("a place is trimmed to what its shopper may still have when units come back", async () => {
    const { saleId } = await liveSale({ quantity: 2, perShopperLimit: 2, holdSeconds: 60 });
    const t0 = new Date();
    await grantClaims(saleId, [req(1), req(2)], t0);
    // Shopper 1 still holds 1 of 2 and waits for 2 more (a place from before the limit was counted).
    await db()
      .insert(liveWaitlist)
      .values({ id: "wtl_more", saleId, shopperKey: "d:shopper-1", quantity: 2 });
    await db()
      .update(liveClaims)
      .set({ expiresAt: new Date(t0.getTime() + 1_000) })
      .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.shopperKey, "d:shopper-2")));
    await tickSale(saleId, new Date(t0.getTime() + 2_000));
    const [w] = await waiting(saleId);
    expect(w).toMatchObject({ status: "offered", quantity: 1 });
    await books(saleId);
  });
});

describe("claim batches and the per-shopper limit", () => {
  it("a request refused as sold out does not count toward its shopper's limit in the same batch", async () => {
    const { saleId } = await liveSale({ quantity: 2, perShopperLimit: 3 });
    const answers = await grantClaims(saleId, [
      req(1, { quantity: 3 }), // more than is left: sold out
      req(2, { shopperKey: "d:shopper-1", quantity: 2 }), // fits the limit once the 3 is not counted
    ]);
    expect(answers).toMatchObject([
      { ok: false, error: "sold_out" },
      { ok: true, quantity: 2 },
    ]);
    // First come, first served inside a batch too: the earlier shopper's smaller request wins.
    const one = await liveSale({ quantity: 1, perShopperLimit: 2 });
    expect(
      await grantClaims(one.saleId, [
        req(10, { shopperKey: "d:a", quantity: 2 }),
        req(11, { shopperKey: "d:a", quantity: 1 }),
        req(12, { shopperKey: "d:b", quantity: 1 }),
      ]),
    ).toMatchObject([
      { ok: false, error: "sold_out" },
      { ok: true, quantity: 1 },
      { ok: false, error: "sold_out" },
    ]);
    await books(one.saleId);
    // The shopper's page learns what they hold or bought, to stop offering a claim at the limit.
    expect((await myPlace(saleId, "d:shopper-1")).bought).toBe(2);
    // And a real over-the-limit request still says how many more are allowed.
    const more = await grantClaims(saleId, [req(3, { shopperKey: "d:shopper-1", quantity: 2 })]);
    expect(more).toMatchObject([{ ok: false, error: "over_limit", limit: 1 }]);
    await books(saleId);
  });
});

describe("a held claim's checkout", () => {
  it("can still be paid while the host has paused the sale, at the flash price", async () => {
    const { saleId, host } = await liveSale({ quantity: 5, priceFen: 990 });
    const [claim] = await grantClaims(saleId, [req(1, { quantity: 2 })]);
    if (!claim?.ok) throw new Error("no claim");
    await changeSale({ hostUserId: host.id, saleId, action: "pause" });
    const placed = await checkout(claim.claimId, "d:shopper-1");
    expect(placed).toMatchObject({ ok: true });
    // New claims are refused meanwhile.
    expect(await grantClaims(saleId, [req(2)])).toMatchObject([{ ok: false, error: "paused" }]);
    await books(saleId);
  });

  it("counts a guest's mobile however it is written, and the recipient's when no contact mobile is given", async () => {
    const { saleId } = await liveSale({ quantity: 10, perShopperLimit: 1 });
    const claims = await grantClaims(saleId, [req(1), req(2), req(3)]);
    const ids = claims.map((c) => (c.ok ? c.claimId : ""));
    expect(await checkout(ids[0]!, "d:shopper-1", "13800138000")).toMatchObject({ ok: true });
    expect(await checkout(ids[1]!, "d:shopper-2", "138 0013-8000")).toMatchObject({
      ok: false,
      error: "over_limit",
    });
    // No contact mobile (an email instead): the recipient's mobile counts.
    const byEmail = await checkoutClaim({
      claimId: ids[2]!,
      shopperKey: "d:shopper-3",
      userId: null,
      submitKey: newSubmitKey(),
      contact: { email: "guest@example.com" },
      address: { ...BEIJING, mobile: "13800138000" },
      ambientService: "express",
    });
    expect(byEmail).toMatchObject({ ok: false, error: "over_limit" });
  });

  it("counts a guest's limit by mobile one checkout at a time: of two at once, one is refused", async () => {
    const { saleId } = await liveSale({ quantity: 10, perShopperLimit: 1 });
    const claims = await grantClaims(saleId, [req(1), req(2)]);
    const [a, b] = claims.map((c) => {
      if (!c.ok) throw new Error("no claim");
      return c.claimId;
    });
    const results = await Promise.all([
      checkout(a!, "d:shopper-1", "13700137000"),
      checkout(b!, "d:shopper-2", "13700137000"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: "over_limit" }]);
  });
});

describe("the sale lock", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "a claim waiting on a start reads the offer's new window, not the one from before the wait (PostgreSQL)",
    async () => {
      const { saleId, host } = await liveSale({
        quantity: 5,
        timing: { kind: "countdown", countdownSeconds: 60, durationSeconds: 600 },
      });
      void host;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      // A start as changeSale makes it, held open while a claim queues behind the sale's lock.
      const start = db().transaction(async (tx) => {
        const row = await lockSale(tx, saleId);
        const startsAt = new Date(Date.now() + 60_000);
        await tx
          .update(offers)
          .set({ status: "active", startsAt, endsAt: new Date(startsAt.getTime() + 600_000) })
          .where(eq(offers.id, row!.offer.id));
        await tx.update(flashSales).set({ status: "running" }).where(eq(flashSales.id, saleId));
        locked();
        await held;
      });
      await isLocked;
      const claim = grantClaims(saleId, [req(1)]);
      await new Promise((r) => setTimeout(r, 200));
      release();
      await start;
      // Counting down: the claim is refused, not granted on the draft's old window.
      expect(await claim).toMatchObject([{ ok: false, error: "not_started" }]);
      expect((await saleRow(saleId)).status).toBe("running");
    },
  );
});
