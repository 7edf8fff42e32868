import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { refunds } from "../../db/orders-schema";
import { db } from "~/lib/db.server";
import { captureHeldPayment } from "~/orders/held-payments.server";
import { startPayment } from "~/orders/payment-flow.server";
import { setPaymentProviderForTests } from "~/payments/provider.server";
import * as detail from "~/routes/admin.orders.$orderId";
import { action as payAction } from "~/routes/_store.pay.$paymentId";
import { countingProvider, type RefundCall } from "../factories/counting-provider";
import {
  drainJobs,
  groupbuyOrder,
  holdingChannel,
  orderOf,
  paymentsOf,
  removeHoldingChannel,
} from "../factories/held-orders";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

/*
 * The refund a cooperative is offered is what the shopper's payment can still give back at the
 * provider, not only what the part was priced at: a hold captured for less than its authorization
 * (a group-buy settling at a lower tier) has less to give back than the order's total.
 */

withTestDatabase();

let refundCalls: RefundCall[];
afterEach(() => {
  removeHoldingChannel();
  setPaymentProviderForTests(undefined);
});

const CARD = { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "王小明" };

/** A one-cooperative order whose payment is held (or taken at once), then captured for ¥7 less. */
async function capturedForLess(capture: "manual" | "charge") {
  holdingChannel({ capture });
  const counting = countingProvider();
  refundCalls = counting.refundCalls;
  setPaymentProviderForTests(counting.provider);
  const o = await groupbuyOrder({ quantity: 2 });
  const started = await startPayment({ orderId: o.orderId, origin: "http://store.test" });
  if (!started.ok) throw new Error(started.message);
  const [payment] = await paymentsOf(o.orderId);
  const paid = await callRoute(payAction as RouteFn, {
    method: "POST",
    url: `http://localhost/pay/${payment!.id}`,
    params: { paymentId: payment!.id },
    form: CARD,
  });
  expect(paid.status).toBe(302);
  const totalFen = (await orderOf(o.orderId)).totalFen;
  const capturedFen = totalFen - 700;
  expect(
    await captureHeldPayment({ orderId: o.orderId, amountFen: capturedFen, actor: "test" }),
  ).toMatchObject({ status: "captured", capturedFen });
  // A charge taken at once gives the ¥7 back through the refund_payment job.
  await drainJobs();
  const owner = await signedInUser({
    memberOf: [{ cooperativeId: o.world.coopA.id, role: "owner" }],
  });
  return { ...o, totalFen, capturedFen, owner };
}

type Page = { order: { money: { refundableFen: number } } };
const page = (orderId: string, cookie: string) =>
  callRoute<Page>(detail.loader as RouteFn, {
    url: `http://localhost/admin/orders/${orderId}`,
    cookie,
    params: { orderId },
  });
const refund = (orderId: string, cookie: string, amountFen: number) =>
  callRoute<{ errors?: { amount?: string }; done?: { amountFen: number } }>(
    detail.action as RouteFn,
    {
      url: `http://localhost/admin/orders/${orderId}`,
      method: "POST",
      cookie,
      params: { orderId },
      form: {
        intent: "refund",
        amount: (amountFen / 100).toFixed(2),
        reason: "坏果",
      },
    },
  );
const refundRows = (orderId: string) =>
  db().select().from(refunds).where(eq(refunds.orderId, orderId));

describe.each(["manual", "charge"] as const)(
  "refund limit after a %s hold captured for less",
  (mode) => {
    it("offers and allows exactly what the payment took less what went back, never the part's full price", async () => {
      const o = await capturedForLess(mode);
      // Before: the part is priced at the whole total, the payment kept ¥7 less.
      const before = await page(o.orderId, o.owner.cookie);
      expect(before.status).toBe(200);
      expect(before.data.order.money.refundableFen).toBe(o.capturedFen);
      // One fen over the limit is refused and writes nothing.
      const rowsBefore = await refundRows(o.orderId);
      const over = await refund(o.orderId, o.owner.cookie, o.capturedFen + 1);
      expect(over.status).toBe(422);
      expect(over.data.errors?.amount).toBe("orders.refund.tooMuch");
      expect(await refundRows(o.orderId)).toEqual(rowsBefore);
      // A partial refund lowers the limit by exactly its amount.
      expect((await refund(o.orderId, o.owner.cookie, 1000)).status).toBe(200);
      expect((await page(o.orderId, o.owner.cookie)).data.order.money.refundableFen).toBe(
        o.capturedFen - 1000,
      );
      // The rest goes back in full; then nothing is left to offer.
      expect((await refund(o.orderId, o.owner.cookie, o.capturedFen - 1000)).status).toBe(200);
      expect((await page(o.orderId, o.owner.cookie)).data.order.money.refundableFen).toBe(0);
      // At the provider: the payment never gave back more than it took.
      const given = refundCalls.filter((c) => c.ok).reduce((s, c) => s + c.amountFen, 0);
      expect(given).toBe(mode === "charge" ? o.totalFen : o.capturedFen);
      const rows = await refundRows(o.orderId);
      const [payment] = await paymentsOf(o.orderId);
      expect(rows.every((r) => r.paymentId === payment!.id)).toBe(true);
    });
  },
);
