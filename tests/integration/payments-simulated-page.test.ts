import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orders, payments } from "../../db/orders-schema";
import { inventoryLevels } from "../../db/schema";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { orderAwaitingPayment, orderRow, paymentRow } from "./payments-world";
import { db } from "~/lib/db.server";
import { expireOrder } from "~/orders/payment-flow.server";
import { createSimulatedProvider } from "~/payments/simulated.server";
import { paySimulated } from "~/payments/simulated-pay.server";
import { action, loader } from "~/routes/_store.pay.$paymentId";

withTestDatabase();

const CARD = { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "王小明" };
const pay = (paymentId: string, form: Partial<typeof CARD>) =>
  callRoute<Record<string, unknown>>(action, {
    method: "POST",
    url: `http://localhost/pay/${paymentId}`,
    params: { paymentId },
    form: { ...CARD, ...form },
  });
const view = (paymentId: string) =>
  callRoute<{ view: { state: string; orderCode: string; amountFen: number; purpose: string } }>(
    loader,
    {
      url: `http://localhost/pay/${paymentId}`,
      params: { paymentId },
    },
  );
const paidEvents = async (orderId: string) =>
  db()
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.event, "paid")));

describe("simulated payment page /pay/:paymentId", () => {
  it("checkout sends the shopper here; the page shows the order code and amount", async () => {
    const o = await orderAwaitingPayment();
    expect(o.redirectUrl).toBe(`/pay/${o.payment.id}`);
    expect(o.payment.providerRef).toBe(`sim_${o.payment.id}`);
    const page = await view(o.payment.id);
    expect(page.status).toBe(200);
    expect(page.data.view).toMatchObject({
      state: "payable",
      orderCode: o.code,
      amountFen: (await orderRow(o.orderId)).totalFen,
    });
  });

  it("the success card pays the order and redirects to it; a second submit does not pay twice", async () => {
    const o = await orderAwaitingPayment();
    const first = await pay(o.payment.id, {});
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
    const again = await pay(o.payment.id, {});
    expect(again.headers.get("Location")).toBe(`/orders/${o.orderId}?paid=1`);
    expect((await orderRow(o.orderId)).status).toBe("paid");
    expect((await paymentRow(o.payment.id)).status).toBe("succeeded");
    expect(await paidEvents(o.orderId)).toHaveLength(1);
    const sold = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, o.world.oranges.variant.id));
    expect(sold[0]!.sold).toBe(2);
    expect((await view(o.payment.id)).data.view.state).toBe("already_paid");
  });

  it("two submits at once pay once", async () => {
    const o = await orderAwaitingPayment();
    const both = await Promise.all([pay(o.payment.id, {}), pay(o.payment.id, {})]);
    expect(both.map((r) => r.status)).toEqual([302, 302]);
    expect(await paidEvents(o.orderId)).toHaveLength(1);
  });

  it.each([
    ["4000 0000 0000 0002", "card_declined", /declined|拒绝/],
    ["4000 0000 0000 9995", "insufficient_funds", /余额不足|insufficient/],
    ["4000 0000 0000 0119", "processing_error", /出错|error/],
    ["5555 5555 5555 4444", "card_not_accepted", /测试模式|test mode/],
  ])(
    "card %s is refused with a message (422), the order stays pending, and the shopper can retry and pay",
    async (number, code) => {
      const o = await orderAwaitingPayment();
      const refused = await pay(o.payment.id, { number });
      expect(refused.status).toBe(422);
      expect(refused.data).toMatchObject({
        formError: expect.stringMatching(/^pay\.failed\./),
        values: { number },
      });
      expect(await paymentRow(o.payment.id)).toMatchObject({ status: "failed", failureCode: code });
      expect((await orderRow(o.orderId)).status).toBe("pending_payment");
      expect((await view(o.payment.id)).data.view.state).toBe("payable");
      const retry = await pay(o.payment.id, {});
      expect(retry.status).toBe(302);
      expect((await orderRow(o.orderId)).status).toBe("paid");
    },
  );

  it("a number failing Luhn, a past expiry and a short CVC are field errors (422); nothing is recorded", async () => {
    const o = await orderAwaitingPayment();
    const bad = await pay(o.payment.id, {
      number: "4242 4242 4242 4241",
      expiry: "01/20",
      cvc: "1",
    });
    expect(bad.status).toBe(422);
    expect(bad.data).toMatchObject({
      formError: "pay.formError",
      errors: { number: "card.error.number", expiry: "card.error.expired", cvc: "card.error.cvc" },
    });
    expect((await paymentRow(o.payment.id)).status).toBe("pending");
    expect(
      await db()
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, o.orderId), eq(orderEvents.event, "payment_failed"))),
    ).toHaveLength(0);
  });

  it("an expired order shows that instead of the form (410) and cannot be paid", async () => {
    const o = await orderAwaitingPayment();
    await db()
      .update(orders)
      .set({ reservedUntil: new Date(Date.now() - 1000) })
      .where(eq(orders.id, o.orderId));
    expect((await view(o.payment.id)).status).toBe(410);
    expect((await pay(o.payment.id, {})).status).toBe(410);
    expect((await expireOrder({ orderId: o.orderId })).expired).toBe(true);
    const page = await view(o.payment.id);
    expect(page).toMatchObject({ status: 410, data: { view: { state: "expired" } } });
    expect((await pay(o.payment.id, {})).status).toBe(410);
    expect((await orderRow(o.orderId)).status).toBe("cancelled");
    expect((await paymentRow(o.payment.id)).status).toBe("cancelled");
  });

  it("a cancelled order is 410 with its own message", async () => {
    const o = await orderAwaitingPayment();
    await db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, o.orderId));
    expect(await view(o.payment.id)).toMatchObject({
      status: 410,
      data: { view: { state: "cancelled" } },
    });
  });

  it("an unknown id, an id with odd characters and a Stripe payment are 404", async () => {
    const o = await orderAwaitingPayment();
    expect((await view("pay_nothing")).status).toBe(404);
    expect((await view("pay_%00x")).status).toBe(404);
    expect((await pay("pay_nothing", {})).status).toBe(404);
    await db()
      .update(payments)
      .set({ provider: "stripe", providerRef: "cs_test_x" })
      .where(eq(payments.id, o.payment.id));
    expect((await view(o.payment.id)).status).toBe(404);
  });
});

describe("a deposit paid on the simulated page saves the card for the balance", () => {
  /** What the orders side records for a presale deposit: the payment's purpose. */
  async function depositAwaitingPayment() {
    const o = await orderAwaitingPayment();
    await db().update(payments).set({ purpose: "deposit" }).where(eq(payments.id, o.payment.id));
    return o;
  }
  const payWith = (paymentId: string, number: string) =>
    paySimulated({ paymentId, form: { ...CARD, number } });
  const chargeLater = (saved: { customerRef: string; methodRef: string }, key: string) =>
    createSimulatedProvider().chargeSaved({
      paymentId: "pay_balance",
      orderId: "ord_x",
      ...saved,
      amountFen: 1000,
      idempotencyKey: key,
      description: "balance",
    });

  it("the page says the card is saved; paying it pays the order and reports the saved card", async () => {
    const o = await depositAwaitingPayment();
    expect((await view(o.payment.id)).data.view.purpose).toBe("deposit");
    const paid = await payWith(o.payment.id, "4242 4242 4242 4242");
    expect(paid).toEqual({
      kind: "paid",
      orderId: o.orderId,
      refunding: false,
      saved: {
        customerRef: `simcus_${o.payment.id}`,
        methodRef: `simpm_succeeded_${o.payment.id}`,
      },
    });
    // A deposit: the order waits for the rest, and the payment keeps the saved card for it.
    expect((await orderRow(o.orderId)).status).toBe("deposit_paid");
    expect(await paymentRow(o.payment.id)).toMatchObject({
      customerRef: `simcus_${o.payment.id}`,
      methodRef: `simpm_succeeded_${o.payment.id}`,
    });
  });

  it("a full payment saves nothing", async () => {
    const o = await orderAwaitingPayment();
    expect((await view(o.payment.id)).data.view.purpose).toBe("full");
    expect(await payWith(o.payment.id, "4242 4242 4242 4242")).toEqual({
      kind: "paid",
      orderId: o.orderId,
      refunding: false,
    });
  });

  it("a card refused now saves nothing", async () => {
    const o = await depositAwaitingPayment();
    expect(await payWith(o.payment.id, "4000 0000 0000 0002")).toMatchObject({ kind: "failed" });
    expect((await paymentRow(o.payment.id)).status).toBe("failed");
  });

  it.each([
    ["4242 4242 4242 4242", { status: "succeeded" }],
    [
      "4000 0027 6000 3184",
      { status: "authentication_required", message: expect.stringMatching(/authenticate/) },
    ],
    ["4000 0000 0000 0341", { status: "declined", code: "card_declined" }],
  ])(
    "card %s, saved by a deposit, charged later off-session: the card's later outcome, the same for the same key",
    async (number, expected) => {
      const o = await depositAwaitingPayment();
      const paid = await payWith(o.payment.id, number);
      if (paid.kind !== "paid" || !paid.saved)
        throw new Error(`not saved: ${JSON.stringify(paid)}`);
      const first = await chargeLater(paid.saved, "balance:one");
      expect(first).toMatchObject({ ...expected, providerRef: expect.stringMatching(/^simpi_/) });
      // Derived from stored refs and the key alone: a retry (even after a restart) answers the same.
      expect(await chargeLater(paid.saved, "balance:one")).toEqual(first);
      const other = await chargeLater(paid.saved, "balance:two");
      expect(other.status).toBe(first.status);
      expect(other.providerRef).not.toBe(first.providerRef);
    },
  );

  it("a method that is not the customer's, or not a simulated one, is declined without a charge", async () => {
    const o = await depositAwaitingPayment();
    const paid = await payWith(o.payment.id, "4242 4242 4242 4242");
    if (paid.kind !== "paid" || !paid.saved) throw new Error("not saved");
    expect(
      await chargeLater({ ...paid.saved, customerRef: "simcus_someone_else" }, "k1"),
    ).toMatchObject({ status: "declined", code: "resource_missing", providerRef: null });
    expect(await chargeLater({ ...paid.saved, methodRef: "pm_test_stripe" }, "k2")).toMatchObject({
      status: "declined",
      code: "resource_missing",
      providerRef: null,
    });
    await expect(
      createSimulatedProvider().chargeSaved({
        paymentId: "pay_balance",
        orderId: "ord_x",
        ...paid.saved,
        amountFen: 0,
        idempotencyKey: "k3",
        description: "balance",
      }),
    ).rejects.toThrow(/cannot charge 0/);
  });
});
