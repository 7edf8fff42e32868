import { and, eq } from "drizzle-orm";
import { presaleOrders } from "../../db/presale-schema";
import { registerChannelPayments } from "../orders/channel-payments.server";
import { queueNotification } from "../orders/notifications.server";
import { harvestWindow } from "./facts.server";
import { nextQueueSeq } from "./place.server";

/*
 * Loaded by app/lib/registry.server.ts, never imported. What a presale order owes and when:
 * the deposit while it is pending; the balance from a pay link while it needs the shopper
 * (the off-session charge is balance.server.ts's). A paid deposit takes the next place in line.
 */
registerChannelPayments("presale", {
  async due(tx, order) {
    const [p] = await tx.select().from(presaleOrders).where(eq(presaleOrders.orderId, order.id));
    if (!p) return null;
    if (order.status === "pending_payment" && p.state === "pending")
      return { amountFen: p.depositFen, purpose: "deposit", saveMethod: p.balanceFen > 0 };
    if (order.status === "deposit_paid" && p.state === "action_needed" && p.deadlineAt)
      return {
        amountFen: p.balanceFen,
        purpose: "balance",
        saveMethod: false,
        until: p.deadlineAt,
      };
    return null;
  },
  async depositPaid(tx, { order, paymentId }) {
    const [p] = await tx
      .update(presaleOrders)
      .set({
        state: "waiting",
        queueSeq: nextQueueSeq,
        depositPaymentId: paymentId,
        updatedAt: new Date(),
      })
      .where(and(eq(presaleOrders.orderId, order.id), eq(presaleOrders.state, "pending")))
      .returning();
    if (!p) return;
    await queueNotification({
      tx,
      orderId: order.id,
      kind: "presale_deposit",
      presale: {
        depositFen: p.depositFen,
        balanceFen: p.balanceFen,
        when: await harvestWindow(tx, p.offerId),
      },
    });
  },
  async balancePaid(tx, { order, paymentId }) {
    await tx
      .update(presaleOrders)
      .set({
        state: "paid",
        balancePaymentId: paymentId,
        deadlineAt: null,
        updatedAt: new Date(),
      })
      .where(eq(presaleOrders.orderId, order.id));
  },
});
