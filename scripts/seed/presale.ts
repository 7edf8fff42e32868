import { and, eq } from "drizzle-orm";
import { db as globalDb, type Database } from "../../app/lib/db.server";
import { newId } from "../../app/lib/ids";
import { startPayment } from "../../app/orders/payment-flow.server";
import { activeProviderName } from "../../app/payments/provider.server";
import { paySimulated } from "../../app/payments/simulated-pay.server";
import { placePresaleOrder } from "../../app/presale/place.server";
import { createPresale } from "../../app/presale/terms.server";
import { memberships, users } from "../../db/auth-schema";
import { products, variants } from "../../db/schema";
import { DEMO_ORDERS, DEMO_SHOPPER_EMAIL } from "./orders";

/*
 * The demo presale: the 10 kg box of Gannan navel oranges pre-sold for January's harvest (the
 * product's "growing" batch), with orders waiting in line, their deposits paid the way shoppers
 * pay them (placeOrder, the simulated card page, which saves the card). Two pay with cards whose
 * balance will need the shopper (authentication, a decline), so a release shows pay links too.
 * The owner releases the batch from /admin/presales/<offer> and watches it fill.
 */
export const DEMO_PRESALE_SKU = "XF-NAVEL-10";
const DAY = 86_400_000;
/** The pre-orders the demo presale starts with: the first is the demo shopper's, the others guests'. */
export const DEMO_PRESALE_CARDS = [
  "4242 4242 4242 4242",
  "4242 4242 4242 4242",
  "4000 0027 6000 3184",
  "4242 4242 4242 4242",
  "4000 0000 0000 0341",
  "4242 4242 4242 4242",
];

export async function seedDemoPresale({
  db,
  log = () => {},
  now = new Date(),
}: {
  db: Database;
  log?: (line: string) => void;
  now?: Date;
}): Promise<{ offerId: string | null; orders: number }> {
  if (globalDb() !== db)
    throw new Error("seedDemoPresale: the database given must be the app's (setDatabase)");
  if (activeProviderName() !== "simulated") {
    log("demo presale orders skipped: deposits are paid with the simulated provider");
  }
  const [pack] = await db
    .select({ id: variants.id, cooperativeId: products.cooperativeId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.sku, DEMO_PRESALE_SKU));
  if (!pack) return { offerId: null, orders: 0 };
  const [owner] = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.cooperativeId, pack.cooperativeId), eq(memberships.role, "owner")));
  const created = await createPresale({
    cooperativeId: pack.cooperativeId,
    actor: owner?.id ?? "seed",
    now,
    input: {
      variantId: pack.id,
      priceFen: 8_800,
      depositKind: "percent",
      depositValue: 20,
      cap: 400,
      startsAt: new Date(now.getTime() - DAY),
      endsAt: new Date(now.getTime() + 30 * DAY),
      harvestFrom: "2027-01-10",
      harvestTo: "2027-01-25",
      shortDefault: "wait",
      lapseDeposit: "refund",
      policyZh: "采摘前可联系合作社取消并全额退款；收成不足时可选择等下一批或全额退款。",
      policyEn:
        "Before the harvest, ask the cooperative to cancel for a full refund; if the harvest comes in short, choose to wait for the next batch or get a full refund.",
      deadlineHours: 48,
    },
  });
  if (!created.ok) throw new Error(`demo presale refused: ${JSON.stringify(created)}`);
  if (activeProviderName() !== "simulated") return { offerId: created.offerId, orders: 0 };

  const [shopper] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_SHOPPER_EMAIL));
  let placed = 0;
  for (const [i, card] of DEMO_PRESALE_CARDS.entries()) {
    // The demo shopper's own pre-order is the first in line; the others are guests.
    const demo = DEMO_ORDERS[i % DEMO_ORDERS.length]!;
    const userId = i === 0 ? (shopper?.id ?? null) : null;
    const order = await placePresaleOrder({
      offerId: created.offerId,
      quantity: 1 + (i % 3),
      userId,
      submitKey: newId("seed", 24),
      contact: userId ? {} : { mobile: demo.address.mobile },
      address: demo.address,
      ambientService: "express",
      now,
    });
    if (!order.ok) throw new Error(`demo pre-order refused: ${JSON.stringify(order)}`);
    const started = await startPayment({ orderId: order.orderId, origin: "http://127.0.0.1:3000" });
    if (!started.ok) throw new Error(`demo deposit not started: ${started.error}`);
    const paid = await paySimulated({
      paymentId: started.redirectUrl.replace("/pay/", ""),
      form: { number: card, expiry: "12/39", cvc: "123", name: demo.address.name },
      now,
    });
    if (paid.kind !== "paid") throw new Error(`demo deposit not paid: ${paid.kind}`);
    placed++;
  }
  log(`demo presale ${created.offerId}: ${placed} orders waiting for the harvest`);
  return { offerId: created.offerId, orders: placed };
}
