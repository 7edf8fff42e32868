import { eq } from "drizzle-orm";
import { orders, payments } from "../../db/orders-schema";
import { db } from "~/lib/db.server";
import { submitCheckout } from "~/orders/checkout.server";
import { startPayment } from "~/orders/payment-flow.server";
import { BEIJING, cartWith, createOrangesAndGrapes, newSubmitKey } from "../factories/orders";

/**
 * A real checkout (oranges + grapes from two cooperatives) and a started payment through
 * whichever provider is active (tests swap in Stripe-against-the-fake with setPaymentProviderForTests).
 */
export async function orderAwaitingPayment() {
  const w = await createOrangesAndGrapes();
  const cartId = await cartWith([
    { variantId: w.oranges.variant.id, quantity: 2 },
    { variantId: w.grapes.variant.id, quantity: 1 },
  ]);
  const submitted = await submitCheckout({
    cartId,
    submitKey: newSubmitKey(),
    contact: { email: "shopper@example.com" },
    address: BEIJING,
    ambientService: "express",
  });
  if (!submitted.ok) throw new Error(`checkout refused: ${submitted.message}`);
  const started = await startPayment({ orderId: submitted.orderId, origin: "http://store.test" });
  if (!started.ok) throw new Error(`payment not started: ${started.message}`);
  const [payment] = await db()
    .select()
    .from(payments)
    .where(eq(payments.orderId, submitted.orderId));
  return {
    world: w,
    orderId: submitted.orderId,
    code: submitted.code,
    redirectUrl: started.redirectUrl,
    payment: payment!,
  };
}

export async function orderRow(orderId: string) {
  return (await db().select().from(orders).where(eq(orders.id, orderId)))[0]!;
}

export async function paymentRow(paymentId: string) {
  return (await db().select().from(payments).where(eq(payments.id, paymentId)))[0]!;
}
