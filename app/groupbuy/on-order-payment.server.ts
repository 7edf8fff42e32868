import { and, eq, inArray } from "drizzle-orm";
import { groupbuyDeals, groupbuyJoins } from "../../db/groupbuy-schema";
import { registerChannelPayments } from "../orders/channel-payments.server";
import { heldQuantity } from "./settle.server";
import { enqueueSettlement } from "./settle-queue.server";

/*
 * Loaded by app/lib/registry.server.ts, never imported. What a group join pays: its order's total
 * at tier 1's price, held on the card (`authorize` deals) or taken at once to be settled later
 * (`charge` deals, longer than a card hold lives). A held join counts towards the group; once the
 * held joins fill the deal's maximum, it settles at once instead of at its deadline.
 */
registerChannelPayments("groupbuy", {
  async due(tx, order) {
    if (order.status !== "pending_payment") return null;
    const [join] = await tx
      .select({
        state: groupbuyJoins.state,
        holdMode: groupbuyDeals.holdMode,
        dealState: groupbuyDeals.state,
      })
      .from(groupbuyJoins)
      .innerJoin(groupbuyDeals, eq(groupbuyDeals.offerId, groupbuyJoins.offerId))
      .where(eq(groupbuyJoins.orderId, order.id));
    // A deal closed to joins takes no more money (settlement lapses its unpaid joins).
    if (join?.state !== "pending" || join.dealState !== "open") return null;
    return {
      amountFen: order.totalFen,
      purpose: "authorization",
      saveMethod: false,
      capture: join.holdMode === "charge" ? "charge" : "manual",
    };
  },
  async paymentHeld(tx, { order }) {
    const [join] = await tx
      .update(groupbuyJoins)
      .set({ state: "held", updatedAt: new Date() })
      .where(and(eq(groupbuyJoins.orderId, order.id), eq(groupbuyJoins.state, "pending")))
      .returning({ offerId: groupbuyJoins.offerId });
    if (!join) return;
    const [deal] = await tx
      .select({ maxQuantity: groupbuyDeals.maxQuantity })
      .from(groupbuyDeals)
      .where(eq(groupbuyDeals.offerId, join.offerId));
    if (deal && (await heldQuantity(tx, join.offerId)) >= deal.maxQuantity)
      await enqueueSettlement(tx, { offerId: join.offerId, when: { full: deal.maxQuantity } });
  },
  async holdLapsed(tx, { order }) {
    await tx
      .update(groupbuyJoins)
      .set({ state: "voided", updatedAt: new Date() })
      .where(
        and(eq(groupbuyJoins.orderId, order.id), inArray(groupbuyJoins.state, ["pending", "held"])),
      );
  },
});
