import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { orderParts, orders, payments, refunds } from "../../db/orders-schema";
import { inventoryLevels } from "../../db/schema";
import { shipments } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { submitCheckout } from "~/orders/checkout.server";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { recordPaymentSucceeded, startPayment } from "~/orders/payment-flow.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import { createSimulatedProvider } from "~/payments/simulated.server";
import * as detail from "~/routes/admin.orders.$orderId";
import * as list from "~/routes/admin.orders._index";
import {
  BEIJING,
  cartWith,
  createOrangesAndGrapes,
  newSubmitKey,
  orderRowsSnapshot,
} from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();
afterEach(() => setPaymentProviderForTests(undefined));

/**
 * A paid order of oranges (A) and grapes (B) with its parcels, driven as a shopper and the payment
 * provider would: checkout, payment started and confirmed, shipments job run.
 */
async function paidOrder() {
  const w = await createOrangesAndGrapes();
  const cartId = await cartWith([
    { variantId: w.oranges.variant.id, quantity: 3 },
    { variantId: w.grapes.variant.id, quantity: 2 },
  ]);
  const submitted = await submitCheckout({
    cartId,
    submitKey: newSubmitKey(),
    contact: { email: "shopper@example.com" },
    address: BEIJING,
    ambientService: "express",
  });
  if (!submitted.ok) throw new Error(submitted.message);
  const started = await startPayment({ orderId: submitted.orderId, origin: "http://shop.test" });
  if (!started.ok) throw new Error(started.message);
  const [payment] = await db()
    .select()
    .from(payments)
    .where(eq(payments.orderId, submitted.orderId));
  const paid = await recordPaymentSucceeded({
    provider: "simulated",
    providerRef: payment!.providerRef!,
    amountFen: payment!.amountFen,
    actor: "simulated",
  });
  expect(paid).toMatchObject({ ok: true, outcome: "paid" });
  expect((await createOrderShipments({ orderId: submitted.orderId })).created).toBeGreaterThan(0);
  const owner = await signedInUser({
    name: "李果农",
    memberOf: [{ cooperativeId: w.coopA.id, role: "owner" }],
  });
  const ownerB = await signedInUser({ memberOf: [{ cooperativeId: w.coopB.id, role: "owner" }] });
  const part = async (cooperativeId: string) =>
    (
      await db()
        .select()
        .from(orderParts)
        .where(
          and(
            eq(orderParts.orderId, submitted.orderId),
            eq(orderParts.cooperativeId, cooperativeId),
          ),
        )
    )[0]!;
  return { ...w, orderId: submitted.orderId, owner, ownerB, part };
}

type Reply = {
  done?: Record<string, number>;
  error?: string;
  errors?: { amount?: string; reason?: string };
  values?: Record<string, string>;
};
const post = (orderId: string, cookie: string, form: Record<string, string>) =>
  callRoute<Reply>(detail.action as RouteFn, {
    url: `http://localhost/admin/orders/${orderId}`,
    method: "POST",
    form,
    cookie,
    params: { orderId },
  });

async function available(variantId: string) {
  return (
    await db().select().from(inventoryLevels).where(eq(inventoryLevels.variantId, variantId))
  )[0]!.available;
}

const statusIn = async (cookie: string) =>
  (
    await callRoute<{ orders: Array<{ status: string; refundedFen: number }> }>(
      list.loader as RouteFn,
      { url: "http://localhost/admin/orders", cookie },
    )
  ).data.orders[0]!;

describe("cancel a part from the order page", () => {
  it("refunds the part's items and shipping, puts its stock back and leaves the other cooperative's part alone", async () => {
    const w = await paidOrder();
    const before = {
      a: await w.part(w.coopA.id),
      b: await w.part(w.coopB.id),
      oranges: await available(w.oranges.variant.id),
      grapes: await available(w.grapes.variant.id),
    };
    const res = await post(w.orderId, w.owner.cookie, {
      intent: "cancel",
      reason: "果园遭冰雹，缺货",
    });
    expect(res.status).toBe(200);
    expect(res.data.done).toEqual({ refundedFen: before.a.itemsFen + before.a.shippingFen });
    expect(await w.part(w.coopA.id)).toMatchObject({
      status: "cancelled",
      refundedFen: before.a.itemsFen + before.a.shippingFen,
    });
    expect(await w.part(w.coopB.id)).toEqual(before.b);
    expect(await available(w.oranges.variant.id)).toBe(before.oranges + 3);
    expect(await available(w.grapes.variant.id)).toBe(before.grapes);
    const rows = await db().select().from(refunds).where(eq(refunds.orderId, w.orderId));
    expect(rows).toEqual([
      expect.objectContaining({
        cooperativeId: w.coopA.id,
        amountFen: before.a.itemsFen + before.a.shippingFen,
        status: "succeeded",
        actor: w.owner.user.id,
      }),
    ]);
    expect(await statusIn(w.owner.cookie)).toMatchObject({ status: "cancelled" });
    expect(await statusIn(w.ownerB.cookie)).toMatchObject({ status: "fulfilling" });
    // The page no longer offers it, and a second post (another tab) is refused and changes nothing.
    const page = await callRoute<{
      order: {
        canCancel: boolean;
        events: Array<{ event: string; note: string; actor: { kind: string; name?: string } }>;
      };
    }>(detail.loader as RouteFn, {
      url: `http://localhost/admin/orders/${w.orderId}`,
      cookie: w.owner.cookie,
      params: { orderId: w.orderId },
    });
    expect(page.data.order.canCancel).toBe(false);
    const member = { kind: "member", name: "李果农" };
    expect(page.data.order.events.slice(-2)).toMatchObject([
      { event: "part_cancelled", note: "果园遭冰雹，缺货", actor: member },
      { event: "partial_refund", actor: member },
    ]);
    const snap = await orderRowsSnapshot();
    const again = await post(w.orderId, w.owner.cookie, { intent: "cancel", reason: "再取消一次" });
    expect(again.status).toBe(409);
    expect(again.data.error).toBe("orders.error.not_cancellable");
    expect(await orderRowsSnapshot()).toBe(snap);
  });

  it("is refused once one of its parcels is with the carrier (409), and without a reason (422); nothing changes", async () => {
    const w = await paidOrder();
    let snap = await orderRowsSnapshot();
    for (const reason of ["", "   ", "\u0000"]) {
      const res = await post(w.orderId, w.owner.cookie, { intent: "cancel", reason });
      expect(res.status).toBe(422);
      expect(res.data.errors?.reason).toBe("orders.reasonRequired");
    }
    expect(await orderRowsSnapshot()).toBe(snap);
    const [parcel] = await db()
      .select()
      .from(shipments)
      .where(and(eq(shipments.orderId, w.orderId), eq(shipments.cooperativeId, w.coopA.id)));
    expect(
      (await post(w.orderId, w.owner.cookie, { intent: "handover", shipmentId: parcel!.id }))
        .status,
    ).toBe(200);
    snap = await orderRowsSnapshot();
    const res = await post(w.orderId, w.owner.cookie, { intent: "cancel", reason: "缺货" });
    expect(res.status).toBe(409);
    expect(res.data.error).toBe("orders.error.already_shipped");
    expect(await orderRowsSnapshot()).toBe(snap);
  });
});

describe("refund from the order page", () => {
  it("partial then the rest, exactly to the fen; then nothing is left to refund", async () => {
    const w = await paidOrder();
    const a = await w.part(w.coopA.id);
    const total = a.itemsFen + a.shippingFen;
    const first = await post(w.orderId, w.owner.cookie, {
      intent: "refund",
      amount: "12.5",
      reason: "一箱有坏果",
    });
    expect(first.status).toBe(200);
    expect(first.data.done).toEqual({ amountFen: 1250 });
    expect((await w.part(w.coopA.id)).refundedFen).toBe(1250);
    const restYuan = `¥${Math.floor((total - 1250) / 100)}.${String((total - 1250) % 100).padStart(2, "0")}`;
    const rest = await post(w.orderId, w.owner.cookie, {
      intent: "refund",
      amount: restYuan,
      reason: "全部退",
    });
    expect(rest.status).toBe(200);
    expect((await w.part(w.coopA.id)).refundedFen).toBe(total);
    expect(await statusIn(w.owner.cookie)).toMatchObject({
      status: "refunded",
      refundedFen: total,
    });
    expect((await w.part(w.coopB.id)).refundedFen).toBe(0);
    const snap = await orderRowsSnapshot();
    const more = await post(w.orderId, w.owner.cookie, {
      intent: "refund",
      amount: "0.01",
      reason: "再退",
    });
    expect(more.status).toBe(422);
    expect(more.data.errors?.amount).toBe("orders.refund.tooMuch");
    expect(await orderRowsSnapshot()).toBe(snap);
  });

  it("bad amounts and missing reasons are 422 with the input kept, and change nothing", async () => {
    const w = await paidOrder();
    const a = await w.part(w.coopA.id);
    const over = `${Math.floor((a.itemsFen + a.shippingFen) / 100) + 1}`;
    const snap = await orderRowsSnapshot();
    for (const [amount, error] of [
      ["0", "orders.refund.amountZero"],
      ["0.00", "orders.refund.amountZero"],
      ["-5", "orders.refund.amountInvalid"],
      ["12.345", "orders.refund.amountInvalid"],
      ["abc", "orders.refund.amountInvalid"],
      ["", "orders.refund.amountInvalid"],
      ["1e3", "orders.refund.amountInvalid"],
      ["99999999", "orders.refund.amountInvalid"],
      [over, "orders.refund.tooMuch"],
    ] as const) {
      const res = await post(w.orderId, w.owner.cookie, {
        intent: "refund",
        amount,
        reason: "坏果",
      });
      expect(res.status, amount).toBe(422);
      expect(res.data.errors?.amount, amount).toBe(error);
      expect(res.data.values).toEqual({ amount, reason: "坏果" });
    }
    const noReason = await post(w.orderId, w.owner.cookie, { intent: "refund", amount: "5" });
    expect(noReason.status).toBe(422);
    expect(noReason.data.errors).toEqual({ reason: "orders.reasonRequired" });
    expect(await orderRowsSnapshot()).toBe(snap);
  });

  it("a provider that refuses: 502 with a message, and the part's refunded sum is as before", async () => {
    const w = await paidOrder();
    setPaymentProviderForTests({
      ...createSimulatedProvider(),
      refund: async () => ({ ok: false, message: "card_expired" }),
    });
    const res = await post(w.orderId, w.owner.cookie, {
      intent: "refund",
      amount: "10",
      reason: "坏果",
    });
    expect(res.status).toBe(502);
    expect(res.data.error).toBe("orders.error.provider");
    expect((await w.part(w.coopA.id)).refundedFen).toBe(0);
    expect((await db().select().from(orders).where(eq(orders.id, w.orderId)))[0]!.refundedFen).toBe(
      0,
    );
  });
});

describe("a refund form sent twice", () => {
  it("refunds once whether the two posts race or the second comes after the first finished", async () => {
    const w = await paidOrder();
    const form = {
      intent: "refund",
      amount: "10",
      reason: "少发一斤",
      requestKey: "rfk_double_click_1",
    };
    const [a, b] = await Promise.all([
      post(w.orderId, w.owner.cookie, form),
      post(w.orderId, w.owner.cookie, form),
    ]);
    const late = await post(w.orderId, w.owner.cookie, form);
    for (const res of [a, b, late]) {
      expect(res.status).toBe(200);
      expect(res.data.done).toEqual({ amountFen: 1000 });
    }
    expect((await w.part(w.coopA.id)).refundedFen).toBe(1000);
    expect(await db().select().from(refunds).where(eq(refunds.orderId, w.orderId))).toHaveLength(1);
    // A new form (new key) is a new refund.
    const next = await post(w.orderId, w.owner.cookie, {
      ...form,
      requestKey: "rfk_double_click_2",
    });
    expect(next.data.done).toEqual({ amountFen: 1000 });
    expect((await w.part(w.coopA.id)).refundedFen).toBe(2000);
  });
});
