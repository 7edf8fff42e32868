import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, notifications, orderEvents, orders, payments } from "../../db/orders-schema";
import { inventoryLevels, inventoryReservations } from "../../db/schema";
import { db } from "~/lib/db.server";
import {
  expireOrder,
  recordPaymentFailed,
  recordPaymentSucceeded,
  startPayment,
} from "~/orders/payment-flow.server";
import { createProduct } from "../factories/catalog";
import { submittedOrder } from "../factories/orders";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const level = async (variantId: string) =>
  (await db().select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId)))[0]!;
const order = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0]!;
const jobKeys = async () => (await db().select().from(jobs)).map((j) => j.dedupeKey).sort();
const events = async (id: string) =>
  (await db().select().from(orderEvents).where(eq(orderEvents.orderId, id))).map((e) => e.event);
const succeed = (p: { providerRef: string | null; amountFen: number }, actor = "simulated") =>
  recordPaymentSucceeded({
    provider: "simulated",
    providerRef: p.providerRef!,
    amountFen: p.amountFen,
    actor,
  });

describe("startPayment", () => {
  it("opens one payment with the simulated provider and reuses it on a second click", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    expect(o.redirectUrl).toBe(`/pay/${o.payment.id}`);
    expect(o.payment).toMatchObject({
      provider: "simulated",
      status: "pending",
      providerRef: `sim_${o.payment.id}`,
      amountFen: (await order(o.orderId)).totalFen,
    });
    const again = await startPayment({ orderId: o.orderId, origin: "http://shop.test" });
    expect(again).toEqual({ ok: true, redirectUrl: o.redirectUrl });
    expect(await db().select().from(payments)).toHaveLength(1);
  });

  it("refuses an order that is not awaiting payment or whose hold has lapsed", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    const late = new Date(Date.now() + 16 * 60_000);
    expect(
      await startPayment({ orderId: o.orderId, origin: "http://shop.test", now: late }),
    ).toMatchObject({ ok: false, error: "expired" });
    await succeed(o.payment);
    expect(await startPayment({ orderId: o.orderId, origin: "http://shop.test" })).toMatchObject({
      ok: false,
      error: "not_payable",
    });
    expect(await startPayment({ orderId: "ord_nope", origin: "http://shop.test" })).toMatchObject({
      ok: false,
      error: "not_payable",
    });
  });
});

describe("recordPaymentSucceeded", () => {
  it("pays the order once: stock sold, paid event, one create_shipments job, one confirmation — twice and concurrently", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 3 }] });
    const first = await succeed(o.payment);
    expect(first).toEqual({ ok: true, orderId: o.orderId, changed: true, outcome: "paid" });
    const rest = await Promise.all([
      succeed(o.payment, "stripe"),
      succeed(o.payment),
      succeed(o.payment),
    ]);
    expect(rest.every((r) => r.ok && !r.changed && r.outcome === "already_paid")).toBe(true);

    expect(await order(o.orderId)).toMatchObject({ status: "paid" });
    expect((await order(o.orderId)).paidAt).toBeInstanceOf(Date);
    expect(await level(v!.id)).toMatchObject({ available: 7, reserved: 0, sold: 3 });
    expect((await jobKeys()).filter((k) => k!.startsWith("create_shipments"))).toEqual([
      `create_shipments:${o.orderId}`,
    ]);
    expect((await events(o.orderId)).filter((e) => e === "paid")).toHaveLength(1);
    const mails = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.orderId, o.orderId));
    expect(mails.map((m) => m.kind)).toEqual(["order_confirmation"]);
  });

  it("all at once on first delivery still pays once", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    const results = await Promise.all(Array.from({ length: 5 }, () => succeed(o.payment)));
    expect(results.filter((r) => r.ok && r.outcome === "paid")).toHaveLength(1);
    expect(results.filter((r) => r.ok && r.outcome === "already_paid")).toHaveLength(4);
    expect(await level(v!.id)).toMatchObject({ available: 9, sold: 1, reserved: 0 });
    expect((await jobKeys()).filter((k) => k!.startsWith("create_shipments"))).toHaveLength(1);
  });

  it("refuses an unknown payment and a wrong amount, changing nothing", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    expect(
      await recordPaymentSucceeded({
        provider: "simulated",
        providerRef: "sim_nope",
        amountFen: 1,
        actor: "simulated",
      }),
    ).toEqual({ ok: false, error: "unknown_payment" });
    expect(
      await recordPaymentSucceeded({
        provider: "stripe",
        providerRef: o.payment.providerRef!,
        amountFen: o.payment.amountFen,
        actor: "stripe",
      }),
    ).toEqual({ ok: false, error: "unknown_payment" });
    expect(await succeed({ ...o.payment, amountFen: o.payment.amountFen - 1 })).toEqual({
      ok: false,
      error: "amount_mismatch",
    });
    expect(await order(o.orderId)).toMatchObject({ status: "pending_payment" });
    expect(await level(v!.id)).toMatchObject({ reserved: 1, sold: 0 });
  });

  it("a declined card leaves the order pending with its stock held; paying after succeeds", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    expect(
      await recordPaymentFailed({
        provider: "simulated",
        providerRef: o.payment.providerRef!,
        code: "card_declined",
        actor: "simulated",
      }),
    ).toEqual({ ok: true, orderId: o.orderId });
    const [failed] = await db().select().from(payments).where(eq(payments.id, o.payment.id));
    expect(failed).toMatchObject({ status: "failed", failureCode: "card_declined" });
    expect(await order(o.orderId)).toMatchObject({ status: "pending_payment" });
    expect(await level(v!.id)).toMatchObject({ reserved: 2 });
    expect(await succeed(o.payment)).toMatchObject({ ok: true, outcome: "paid" });
    // A failure reported after the success (out of order) changes nothing.
    await recordPaymentFailed({
      provider: "simulated",
      providerRef: o.payment.providerRef!,
      code: "card_declined",
      actor: "simulated",
    });
    const [after] = await db().select().from(payments).where(eq(payments.id, o.payment.id));
    expect(after!.status).toBe("succeeded");
    expect(await events(o.orderId)).toEqual(["submitted", "payment_failed", "paid"]);
    expect(
      await recordPaymentFailed({
        provider: "simulated",
        providerRef: "sim_nope",
        code: "x",
        actor: "simulated",
      }),
    ).toEqual({ ok: false });
  });

  it("a late payment whose hold lapsed but whose stock is still there is taken again and paid", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    // The sweeper released the hold but the expire job has not run yet.
    const { releaseReservations } = await import("~/inventory/reservations.server");
    await releaseReservations({ ref: o.orderId, reason: "lapsed", actor: "system" });
    expect(await succeed(o.payment)).toMatchObject({ ok: true, outcome: "paid" });
    expect(await level(v!.id)).toMatchObject({ available: 8, reserved: 0, sold: 2 });
  });

  it("a late payment whose stock was sold to others cancels the order and refunds, selling nothing", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 2 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    const { releaseReservations } = await import("~/inventory/reservations.server");
    await releaseReservations({ ref: o.orderId, reason: "lapsed", actor: "system" });
    const other = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    expect(await succeed(other.payment)).toMatchObject({ outcome: "paid" });

    expect(await succeed(o.payment)).toEqual({
      ok: true,
      orderId: o.orderId,
      changed: true,
      outcome: "refunding",
    });
    expect(await succeed(o.payment)).toMatchObject({ changed: false, outcome: "already_paid" });
    expect(await order(o.orderId)).toMatchObject({ status: "cancelled" });
    expect(await level(v!.id)).toMatchObject({ available: 0, reserved: 0, sold: 2 });
    const keys = await jobKeys();
    expect(keys).toContain(`refund_payment:${o.payment.id}`);
    expect(keys).not.toContain(`create_shipments:${o.orderId}`);
  });

  it("a payment arriving after the order expired is refunded (a cancelled order is never reopened)", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 2 }] });
    expect(
      await expireOrder({ orderId: o.orderId, now: new Date(Date.now() + 16 * 60_000) }),
    ).toEqual({ expired: true });
    expect(await succeed(o.payment)).toMatchObject({ ok: true, outcome: "refunding" });
    expect(await order(o.orderId)).toMatchObject({ status: "cancelled" });
    expect(await level(v!.id)).toMatchObject({ available: 10, reserved: 0, sold: 0 });
    expect(await jobKeys()).toContain(`refund_payment:${o.payment.id}`);
  });
});

describe("expireOrder", () => {
  it("releases the stock and cancels an order still unpaid after its hold, once; leaves others alone", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const o = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 4 }] });
    expect(await expireOrder({ orderId: o.orderId })).toEqual({ expired: false }); // hold not over yet
    const later = new Date(Date.now() + 16 * 60_000);
    const [a, b] = await Promise.all([
      expireOrder({ orderId: o.orderId, now: later }),
      expireOrder({ orderId: o.orderId, now: later }),
    ]);
    expect([a.expired, b.expired].sort()).toEqual([false, true]);
    expect(await order(o.orderId)).toMatchObject({ status: "cancelled" });
    expect((await order(o.orderId)).cancelledAt).toBeInstanceOf(Date);
    expect(await level(v!.id)).toMatchObject({ available: 10, reserved: 0 });
    const holds = await db()
      .select()
      .from(inventoryReservations)
      .where(eq(inventoryReservations.ref, o.orderId));
    expect(holds.map((h) => h.status)).toEqual(["released"]);
    const [p] = await db().select().from(payments).where(eq(payments.id, o.payment.id));
    expect(p!.status).toBe("cancelled");
    expect(
      (await db().select().from(orderEvents).where(eq(orderEvents.orderId, o.orderId))).at(-1),
    ).toMatchObject({ event: "expired", actor: "system", toStatus: "cancelled" });
    const mails = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.orderId, o.orderId));
    expect(mails.map((m) => m.kind)).toEqual(["order_cancelled"]);

    const paid = await submittedOrder({ lines: [{ variantId: v!.id, quantity: 1 }] });
    await succeed(paid.payment);
    expect(await expireOrder({ orderId: paid.orderId, now: later })).toEqual({ expired: false });
    expect(await order(paid.orderId)).toMatchObject({ status: "paid" });
  });
});
