import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, orders, payments } from "../../db/orders-schema";
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

  it("a short harvest fills the earliest in order, tells the rest at once, and no later order jumps the line", async () => {
    const w = await presaleWorld();
    const a = await preorder(w, { quantity: 2 });
    const b = await preorder(w, { quantity: 2 });
    const c = await preorder(w, { quantity: 2 }); // does not fit in the 1 left
    const d = await preorder(w, { quantity: 1 }); // would fit, but must not jump c
    expect(await release(w, 5)).toMatchObject({ ok: true });
    await drain();
    expect((await presaleRow(a)).state).toBe("paid");
    expect((await presaleRow(b)).state).toBe("paid");
    for (const id of [c, d]) {
      const p = await presaleRow(id);
      expect(p.state).toBe("short");
      expect(p.deadlineAt).not.toBeNull();
      expect(await kindsFor(id)).toContain("presale_short");
      expect(await orderStatus(id)).toBe("deposit_paid");
    }
    // The pack no order in line could take joins the stock for buy-now.
    expect((await levels(w)).variant).toMatchObject({ sold: 4, available: 1 });

    // c cancels (full refund); d waits and gets the next batch.
    expect(await chooseForOrder(c, "cancel")).toEqual({ ok: true });
    expect(await chooseForOrder(c, "wait")).toEqual({ ok: false });
    expect(await chooseForOrder(d, "wait")).toEqual({ ok: true });
    await drain();
    expect(await orderStatus(c)).toBe("cancelled");
    const [cancelled] = await db().select().from(orders).where(eq(orders.id, c));
    expect(cancelled!.refundedFen).toBe((await presaleRow(c)).depositFen);
    expect((await presaleRow(c)).state).toBe("cancelled");
    expect((await levels(w)).offer.reserved).toBe(1); // d's pack, still held
    expect(await release(w, 1, await newBatch(w))).toMatchObject({ ok: true });
    await drain();
    expect((await presaleRow(d)).state).toBe("paid");
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
    await release(w, 2);
    await drain();
    // Read the token from the message sent to the shopper.
    const [msg] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.orderId, a), eq(notifications.kind, "presale_short")));
    const token = /\/presale\/choice\/([A-Za-z0-9_-]+)/.exec(msg!.body)![1]!;
    expect(await viewChoice(token)).toMatchObject({ ok: true, quantity: 3 });
    expect(await makeChoice(token, "wait")).toMatchObject({ ok: true, choice: "wait" });
    expect(await makeChoice(token, "cancel")).toEqual({ ok: false, reason: "used" });
    expect(await viewChoice("x".repeat(32))).toEqual({ ok: false, reason: "unknown" });
    expect((await presaleRow(a)).state).toBe("waiting");
    // b never answers: past the deadline the presale's default (cancel) applies.
    expect(await passDeadline(b, { now: new Date(Date.now() + 49 * 3_600_000) })).toBe("cancelled");
    await drain();
    expect(await orderStatus(b)).toBe("cancelled");
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
