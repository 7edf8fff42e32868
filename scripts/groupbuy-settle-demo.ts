// Settles the demo group deal now, for screenshots and trying the leader console: three more
// neighbours join (the group reaches its second tier), settlement runs as at the deadline, and
// leader1 hands one order out. Changes the data: run it on a scratch or demo database.
// Usage: tsx scripts/groupbuy-settle-demo.ts
import { and, eq } from "drizzle-orm";
import { users } from "../db/auth-schema";
import { groupbuyDeals, groupbuyJoins, pickupPoints } from "../db/groupbuy-schema";
import { offers, variants } from "../db/schema";
import { joinDeal } from "../app/groupbuy/join.server";
import { collectByCode } from "../app/groupbuy/pickup.server";
import { settleDeal } from "../app/groupbuy/settle.server";
import { boot } from "../app/lib/boot.server";
import { newId } from "../app/lib/ids";
import { startPayment } from "../app/orders/payment-flow.server";
import { paySimulated } from "../app/payments/simulated-pay.server";
import { DEMO_GROUPBUY_SKU } from "./seed/groupbuy";

const handle = await boot();
const db = handle.db;
try {
  const [deal] = await db
    .select({ offerId: groupbuyDeals.offerId, endsAt: offers.endsAt })
    .from(groupbuyDeals)
    .innerJoin(offers, eq(offers.id, groupbuyDeals.offerId))
    .innerJoin(variants, eq(variants.id, groupbuyDeals.variantId))
    .where(and(eq(variants.sku, DEMO_GROUPBUY_SKU), eq(groupbuyDeals.state, "open")))
    .limit(1);
  if (!deal) throw new Error("no open demo group deal (seed the demo data first)");
  const [leader] = await db
    .select({ id: users.id, pointId: pickupPoints.id })
    .from(pickupPoints)
    .innerJoin(users, eq(users.id, pickupPoints.leaderUserId))
    .where(eq(users.email, "leader1@harvest.example"));
  for (const [i, quantity] of [1, 2, 1].entries()) {
    const mobile = `1397971300${i}`;
    const joined = await joinDeal({
      offerId: deal.offerId,
      quantity,
      delivery: { pickupPointId: leader!.pointId },
      who: { name: ["吴静", "郑涛", "冯敏"][i]!, mobile },
      userId: null,
      submitKey: newId("demo", 24),
      contact: { mobile },
      ambientService: "express",
    });
    if (!joined.ok) throw new Error(`join refused: ${joined.message}`);
    const started = await startPayment({ orderId: joined.orderId, origin: "http://127.0.0.1" });
    if (!started.ok) throw new Error(`payment not started: ${started.error}`);
    const paid = await paySimulated({
      paymentId: started.redirectUrl.replace("/pay/", ""),
      form: { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "demo" },
    });
    if (paid.kind !== "paid") throw new Error(`not held: ${paid.kind}`);
  }
  const settled = await settleDeal(deal.offerId, {
    now: new Date((deal.endsAt?.getTime() ?? Date.now()) + 60_000),
  });
  console.log("settled", settled);
  const [first] = await db
    .select({ code: groupbuyJoins.pickupCode })
    .from(groupbuyJoins)
    .where(
      and(
        eq(groupbuyJoins.offerId, deal.offerId),
        eq(groupbuyJoins.pickupPointId, leader!.pointId),
      ),
    )
    .limit(1);
  if (first?.code)
    console.log(
      "collected",
      await collectByCode({ leaderUserId: leader!.id, pointId: leader!.pointId, code: first.code }),
    );
  console.log(`deal /admin/groupbuys/${deal.offerId}`);
} finally {
  await handle.close();
}
