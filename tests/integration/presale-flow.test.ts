import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, orders, payments, refunds } from "../../db/orders-schema";
import { presaleReleases } from "../../db/presale-schema";
import { inventoryLevels, inventoryReservations, offerLevels } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { createProduct } from "../factories/catalog";
import {
  CARDS,
  drainJobs,
  orderStatus,
  payDue,
  paymentsOf,
  preorder,
  presaleRow,
  presaleWorld,
  releasePacks,
  type PresaleWorld,
} from "../factories/presale-world";
import { withTestDatabase } from "../setup/test-db";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/stock-invariant.server";
import { db } from "~/lib/db.server";
import { cancelOrderPart, refundOrderPart } from "~/orders/cancel-refund.server";
import { newId } from "~/lib/ids";
import { chargeBalance, passDeadline } from "~/presale/balance.server";
import { chooseForOrder, makeChoice, viewChoice } from "~/presale/choice.server";
import { allocateRelease, releaseHarvest } from "~/presale/release.server";
import { harvestBatches } from "../../db/schema";

withTestDatabase();

const drain = drainJobs;
const release = releasePacks;

async function newBatch(w: PresaleWorld) {
  const id = newId("hb");
  await db().insert(harvestBatches).values({
    id,
    productId: w.product.id,
    expectedDate: "2027-01-20",
    expectedQuantityG: 1_000_000,
  });
  return id;
}

async function levels(w: PresaleWorld) {
  const [offer] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, w.offerId));
  const [variant] = await db()
    .select()
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, w.variantId));
  return { offer: offer!, variant: variant! };
}

async function balanced(w: PresaleWorld) {
  expect((await offerInvariant({ offerId: w.offerId })).balanced).toBe(true);
  const v = await stockInvariant({ variantId: w.variantId });
  // The ledger adds up for the variant, and its holds under the presale pool are not its stock.
  expect(v.level).toEqual(v.ledger);
  expect(v.balanced).toBe(true);
}

const kindsFor = async (orderId: string) =>
  (await db().select().from(notifications).where(eq(notifications.orderId, orderId))).map(
    (n) => n.kind,
  );

describe("presale: deposit now, balance at harvest", () => {
  it("a deposit is paid with the card saved, the order waits in line with its units held without a deadline", async () => {
    const w = await presaleWorld({ depositKind: "percent", depositValue: 20 });
    const orderId = await preorder(w, { quantity: 2 });
    expect(await orderStatus(orderId)).toBe("deposit_paid");
    const p = await presaleRow(orderId);
    expect(p.state).toBe("waiting");
    expect(p.queueSeq).toBeGreaterThan(0);
    expect(p.depositFen).toBe(2 * 1_200); // 20 % of ¥60 per pack
    const [pay] = await paymentsOf(orderId);
    expect(pay).toMatchObject({ purpose: "deposit", status: "succeeded", amountFen: p.depositFen });
    expect(pay!.methodRef).toMatch(/^simpm_/);
    expect(pay!.customerRef).toBeTruthy();
    const holds = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, orderId));
    expect(holds).toMatchObject([{ status: "held", quantity: 2, expiresAt: null }]);
    const { offer, variant } = await levels(w);
    expect(offer).toMatchObject({ cap: 1_000, available: 998, reserved: 2, sold: 0 });
    expect(variant).toMatchObject({ available: 0, reserved: 0, sold: 0 });
    expect(await kindsFor(orderId)).toContain("presale_deposit");
    await balanced(w);
  });

  it("a full harvest: every order is charged its balance once, paid and shipped; the surplus joins the stock", async () => {
    const w = await presaleWorld();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await preorder(w, { quantity: 1 + (i % 3) }));
    const unpaid = await preorder(w, { quantity: 1, card: null });
    const wanted = 1 + 2 + 3 + 1;
    expect(await release(w, 10)).toMatchObject({ ok: true });
    await drain();
    for (const id of ids) {
      expect(await orderStatus(id)).toMatch(/fulfilling|paid/);
      expect((await presaleRow(id)).state).toBe("paid");
      const pays = await paymentsOf(id);
      expect(pays.filter((p) => p.purpose === "balance")).toMatchObject([
        { status: "succeeded", offSession: true },
      ]);
      const parcels = await db().select().from(shipments).where(eq(shipments.orderId, id));
      expect(parcels.length).toBeGreaterThan(0);
    }
    // The unpaid order is not in line and got nothing.
    expect((await presaleRow(unpaid)).state).toBe("pending");
    const { offer, variant } = await levels(w);
    expect(offer.sold).toBe(wanted);
    expect(variant).toMatchObject({ sold: wanted, available: 10 - wanted });
    const [rel] = await db().select().from(presaleReleases);
    expect(rel).toMatchObject({ status: "done", allocated: 10 });
    // Running the allocation and the charges again changes nothing.
    await allocateRelease(rel!.id);
    for (const id of ids) expect(await chargeBalance(id)).toBe("skipped");
    await drain();
    for (const id of ids)
      expect((await paymentsOf(id)).filter((p) => p.purpose === "balance")).toHaveLength(1);
    await balanced(w);
  });

  it("cancelling a presale paid in two payments refunds both, the balance first, and nothing more", async () => {
    const w = await presaleWorld();
    const id = await preorder(w, { quantity: 2 });
    expect(await release(w, 2)).toMatchObject({ ok: true });
    await drain();
    const pays = await paymentsOf(id);
    const deposit = pays.find((p) => p.purpose === "deposit")!;
    const balance = pays.find((p) => p.purpose === "balance")!;
    expect(balance).toMatchObject({ status: "succeeded" });
    const [order] = await db().select().from(orders).where(eq(orders.id, id));
    expect(deposit.amountFen + balance.amountFen).toBe(order!.totalFen);

    const done = await cancelOrderPart({
      orderId: id,
      cooperativeId: w.cooperativeId,
      actor: "owner@test",
      reason: "frost took the crop",
    });
    expect(done).toEqual({ ok: true, refundedFen: order!.totalFen });
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, id));
    expect(
      rows.map((r) => ({ paymentId: r.paymentId, amountFen: r.amountFen, status: r.status })),
    ).toEqual(
      expect.arrayContaining([
        { paymentId: balance.id, amountFen: balance.amountFen, status: "succeeded" },
        { paymentId: deposit.id, amountFen: deposit.amountFen, status: "succeeded" },
      ]),
    );
    expect(rows).toHaveLength(2);
    const [after] = await db().select().from(orders).where(eq(orders.id, id));
    expect(after).toMatchObject({ status: "cancelled", refundedFen: order!.totalFen });
    // Nothing is left to give back.
    const again = await refundOrderPart({
      orderId: id,
      cooperativeId: w.cooperativeId,
      amountFen: 1,
      actor: "owner@test",
      reason: "again",
    });
    expect(again).toMatchObject({ ok: false });
  });

  it("a short harvest fills the earliest in order, offers the first it cannot fill what is left, tells the rest, and no later order jumps the line", async () => {
    const w = await presaleWorld();
    const a = await preorder(w, { quantity: 2 });
    const b = await preorder(w, { quantity: 2 });
    const c = await preorder(w, { quantity: 2 }); // does not fit: offered the 1 left
    const d = await preorder(w, { quantity: 1 }); // would fit, but must not jump c
    expect(await release(w, 5)).toMatchObject({ ok: true });
    await drain();
    expect((await presaleRow(a)).state).toBe("paid");
    expect((await presaleRow(b)).state).toBe("paid");
    expect(await presaleRow(c)).toMatchObject({ state: "offered", allocatedQuantity: 1 });
    expect(await kindsFor(c)).toContain("presale_offered");
    expect(await presaleRow(d)).toMatchObject({ state: "short", allocatedQuantity: 0 });
    expect(await kindsFor(d)).toContain("presale_short");
    for (const id of [c, d]) {
      expect((await presaleRow(id)).deadlineAt).not.toBeNull();
      expect(await orderStatus(id)).toBe("deposit_paid");
    }
    // The fifth pack is set aside for c while it decides: not for d, not for buy-now.
    expect((await levels(w)).variant).toMatchObject({ sold: 4, available: 0 });
    const [rel] = await db().select().from(presaleReleases);
    expect(rel).toMatchObject({ allocated: 5, status: "done" }); // every pack placed or set aside

    // c turns the offer down to wait for a whole order: the pack passes to d, who fits.
    expect(await chooseForOrder(c, "wait")).toEqual({ ok: true });
    expect(await chooseForOrder(c, "cancel")).toEqual({ ok: false });
    await drain();
    expect((await presaleRow(d)).state).toBe("paid");
    expect(await presaleRow(c)).toMatchObject({
      state: "waiting",
      allocatedQuantity: 0,
      passedReleaseId: rel!.id,
    });
    expect((await levels(w)).variant).toMatchObject({ sold: 5, available: 0 });
    expect((await db().select().from(presaleReleases))[0]).toMatchObject({
      allocated: 5,
      status: "done",
    });
    expect((await levels(w)).offer.reserved).toBe(2); // c's packs, still held
    // c kept its place: the next batch goes to it first.
    expect(await release(w, 2, await newBatch(w))).toMatchObject({ ok: true });
    await drain();
    expect((await presaleRow(c)).state).toBe("paid");
    await balanced(w);
  });

  it("an order takes the packs a short harvest could fill: the order shrinks, shipping is quoted again, the balance is what the smaller order owes", async () => {
    const w = await presaleWorld({ depositKind: "percent", depositValue: 20 });
    const a = await preorder(w, { quantity: 3 });
    const [before] = await db().select().from(orders).where(eq(orders.id, a));
    expect(await release(w, 2)).toMatchObject({ ok: true });
    await drain();
    expect(await presaleRow(a)).toMatchObject({ state: "offered", allocatedQuantity: 2 });
    expect(await chooseForOrder(a, "partial")).toEqual({ ok: true });
    expect(await chooseForOrder(a, "partial")).toEqual({ ok: false });
    await drain();
    const p = await presaleRow(a);
    expect(p).toMatchObject({ state: "paid", quantity: 2, choice: "partial" });
    const [after] = await db().select().from(orders).where(eq(orders.id, a));
    expect(after!.itemsFen).toBe((before!.itemsFen / 3) * 2);
    expect(after!.shippingFen).toBeLessThanOrEqual(before!.shippingFen);
    expect(after!.totalFen).toBe(after!.itemsFen + after!.shippingFen);
    expect(p.balanceFen).toBe(after!.totalFen - p.depositFen);
    const balance = (await paymentsOf(a)).filter((x) => x.purpose === "balance");
    expect(balance).toMatchObject([{ status: "succeeded", amountFen: p.balanceFen }]);
    expect(await db().select().from(shipments).where(eq(shipments.orderId, a))).not.toHaveLength(0);
    // The third pack went back to the presale: it can be pre-ordered again.
    const { offer, variant } = await levels(w);
    expect(offer).toMatchObject({ sold: 2, reserved: 0, available: offer.cap - 2 });
    expect(variant).toMatchObject({ sold: 2, available: 0 });
    await balanced(w);
  });

  it("a full-price order that takes fewer packs gets back what it paid beyond them", async () => {
    const w = await presaleWorld({ depositKind: "full" });
    const a = await preorder(w, { quantity: 3 });
    const paid = (await presaleRow(a)).depositFen;
    await release(w, 1);
    await drain();
    expect(await chooseForOrder(a, "partial")).toEqual({ ok: true });
    await drain();
    const [order] = await db().select().from(orders).where(eq(orders.id, a));
    expect(await presaleRow(a)).toMatchObject({ state: "paid", quantity: 1, balanceFen: 0 });
    const back = await db().select().from(refunds).where(eq(refunds.orderId, a));
    expect(back).toMatchObject([{ amountFen: paid - order!.totalFen, status: "succeeded" }]);
    expect((await paymentsOf(a)).filter((x) => x.purpose === "balance")).toHaveLength(0);
    await balanced(w);
  });

  it("a card that needs authentication gets a pay link; paying it ships the order", async () => {
    const w = await presaleWorld();
    const id = await preorder(w, { quantity: 1, card: CARDS.needsAuthLater });
    await release(w, 1);
    await drain();
    const p = await presaleRow(id);
    expect(p.state).toBe("action_needed");
    expect(p.deadlineAt!.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    expect(await kindsFor(id)).toContain("presale_action_needed");
    const failed = (await paymentsOf(id)).find((x) => x.purpose === "balance");
    expect(failed).toMatchObject({ status: "failed", failureCode: "authentication_required" });
    await payDue(id, CARDS.saves);
    await drain();
    expect((await presaleRow(id)).state).toBe("paid");
    expect(await orderStatus(id)).toMatch(/fulfilling|paid/);
    await balanced(w);
  });

  it("a declined balance not paid by its deadline lapses: the deposit is refunded and the pack goes to the next in line", async () => {
    const w = await presaleWorld({ lapseDeposit: "refund" });
    const first = await preorder(w, { quantity: 1, card: CARDS.declinesLater });
    const second = await preorder(w, { quantity: 1 });
    await release(w, 1);
    await drain();
    expect((await presaleRow(first)).state).toBe("action_needed");
    expect((await presaleRow(second)).state).toBe("short");
    const later = new Date(Date.now() + 49 * 3_600_000);
    expect(await passDeadline(first, { now: later })).toBe("lapsed");
    expect(await passDeadline(first, { now: later })).toBe("skipped");
    await drain();
    expect(await orderStatus(first)).toBe("cancelled");
    const [lapsed] = await db().select().from(orders).where(eq(orders.id, first));
    expect(lapsed!.refundedFen).toBe((await presaleRow(first)).depositFen);
    expect((await presaleRow(second)).state).toBe("paid");
    await balanced(w);
  });

  it("the choice link works once and not after its deadline; an unanswered choice takes the default", async () => {
    const w = await presaleWorld({ shortDefault: "cancel" });
    const a = await preorder(w, { quantity: 3 });
    const b = await preorder(w, { quantity: 3 });
    const c = await preorder(w, { quantity: 1 });
    await release(w, 2);
    await drain();
    // Read the token from the message sent to the shopper.
    const tokenOf = async (orderId: string, kind: "presale_offered" | "presale_short") => {
      const [msg] = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.orderId, orderId), eq(notifications.kind, kind)));
      return /\/presale\/choice\/([A-Za-z0-9_-]+)/.exec(msg!.body)![1]!;
    };
    const token = await tokenOf(a, "presale_offered");
    expect(await viewChoice(token)).toMatchObject({
      ok: true,
      quantity: 3,
      offer: { packs: 2, refundFen: 0 },
    });
    expect(await makeChoice(token, "wait")).toMatchObject({ ok: true, choice: "wait" });
    expect(await makeChoice(token, "cancel")).toEqual({ ok: false, reason: "used" });
    expect(await viewChoice("x".repeat(32))).toEqual({ ok: false, reason: "unknown" });
    expect((await presaleRow(a)).state).toBe("waiting");
    await drain();
    // The two packs a passed on are offered to b, the next in line; c still may not jump it.
    expect(await presaleRow(b)).toMatchObject({ state: "offered", allocatedQuantity: 2 });
    expect((await presaleRow(c)).state).toBe("short");
    const short = await tokenOf(c, "presale_short");
    expect(await viewChoice(short)).toMatchObject({ ok: true, offer: null });
    expect(await makeChoice(short, "partial")).toEqual({ ok: false, reason: "invalid" });
    // b never answers: past the deadline the presale's default (cancel) applies, and the packs
    // go on to c.
    expect(await passDeadline(b, { now: new Date(Date.now() + 49 * 3_600_000) })).toBe("cancelled");
    await drain();
    expect(await orderStatus(b)).toBe("cancelled");
    expect((await presaleRow(c)).state).toBe("paid");
    // Nobody else is in line: the last pack joins the stock for buy-now.
    expect((await levels(w)).variant).toMatchObject({ sold: 1, available: 1 });
    await balanced(w);
  });

  it("bad releases are refused and change nothing", async () => {
    const w = await presaleWorld();
    await preorder(w, { quantity: 1 });
    const other = await createProduct();
    const foreignBatch = newId("hb");
    await db().insert(harvestBatches).values({
      id: foreignBatch,
      productId: other.product.id,
      expectedDate: "2027-01-20",
      expectedQuantityG: 100_000,
    });
    expect(await release(w, 1, foreignBatch)).toMatchObject({ ok: false, field: "harvestBatchId" });
    expect(
      await releaseHarvest({
        cooperativeId: other.product.cooperativeId,
        offerId: w.offerId,
        harvestBatchId: w.batchId,
        packs: 1,
        harvestedKg: 5,
        actor: "x",
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await releaseHarvest({
        cooperativeId: w.cooperativeId,
        offerId: w.offerId,
        harvestBatchId: w.batchId,
        packs: 3,
        harvestedKg: 10,
        actor: "x",
      }),
    ).toMatchObject({ ok: false, field: "packs", message: "presale.release.aboveHarvest" });
    expect(await release(w, 0)).toMatchObject({ ok: false, field: "packs" });
    expect(await db().select().from(presaleReleases)).toHaveLength(0);
    expect(await release(w, 1)).toMatchObject({ ok: true });
    expect(await release(w, 1)).toMatchObject({ ok: false, status: 409 });
    expect(await db().select().from(presaleReleases)).toHaveLength(1);
    expect(await db().select().from(payments).where(eq(payments.purpose, "balance"))).toHaveLength(
      0,
    );
  });
});
