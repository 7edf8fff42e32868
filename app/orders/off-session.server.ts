import { and, desc, eq, or } from "drizzle-orm";
import { orders, payments } from "../../db/orders-schema";
import { db } from "../lib/db.server";
import { newId } from "../lib/ids";
import { paymentProvider } from "../payments/provider.server";
import { recordOwnPaymentSucceeded, recordPaymentFailed } from "./payment-flow.server";

export type OffSessionOutcome =
  | { status: "succeeded"; paymentId: string }
  | { status: "authentication_required" | "declined"; paymentId: string; code: string }
  /** The order owes nothing now (already paid, cancelled) or has no saved method. */
  | { status: "not_due" | "no_method"; paymentId?: undefined };

/**
 * Charges an order's balance to the method its deposit saved, with the shopper not present.
 * Exactly once however often it runs: one balance payment row per order, and the provider is
 * called with the same idempotency key every time (a retry after a crash gets the first answer
 * back, never a second charge). A success goes through the same path as any reported payment
 * (recordOwnPaymentSucceeded: stock sold, order paid, shipments queued); a decline or a request for
 * authentication is recorded on the payment and returned, so the channel can send a pay link.
 */
export async function chargeSavedMethod({
  orderId,
  amountFen,
  description,
  actor,
}: {
  orderId: string;
  amountFen: number;
  description: string;
  actor: string;
}): Promise<OffSessionOutcome> {
  const provider = paymentProvider();
  const prepared = await db().transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order || order.status !== "deposit_paid") return { status: "not_due" } as const;
    // The paid deposit (its saved method) and this balance's earlier attempt, in one read.
    const mine = await tx
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.orderId, orderId),
          or(
            and(eq(payments.purpose, "deposit"), eq(payments.status, "succeeded")),
            and(eq(payments.purpose, "balance"), eq(payments.offSession, true)),
          ),
        ),
      )
      .orderBy(desc(payments.createdAt));
    const deposit = mine.find((p) => p.purpose === "deposit");
    if (!deposit?.customerRef || !deposit.methodRef || deposit.provider !== provider.name)
      return { status: "no_method" } as const;
    const earlier = mine.find((p) => p.purpose === "balance");
    const payment =
      earlier ??
      (
        await tx
          .insert(payments)
          .values({
            id: newId("pay"),
            orderId,
            provider: provider.name,
            amountFen,
            purpose: "balance",
            offSession: true,
          })
          .returning()
      )[0]!;
    return { status: "charge", payment, deposit } as const;
  });
  if (prepared.status !== "charge") return prepared;
  const { payment, deposit } = prepared;
  if (payment.status === "succeeded") return { status: "succeeded", paymentId: payment.id };
  if (payment.status === "failed")
    return {
      status:
        payment.failureCode === "authentication_required" ? "authentication_required" : "declined",
      paymentId: payment.id,
      code: payment.failureCode ?? "declined",
    };

  // The same key for this order's one off-session balance charge, whatever the attempt.
  const charged = await provider.chargeSaved({
    paymentId: payment.id,
    orderId,
    customerRef: deposit.customerRef!,
    methodRef: deposit.methodRef!,
    amountFen: payment.amountFen,
    idempotencyKey: `balance:${orderId}`,
    description,
  });
  const providerRef = charged.providerRef ?? `${provider.name}_failed_${payment.id}`;
  if (charged.status === "succeeded") {
    // The provider's ref is written with the success, in its transaction.
    const recorded = await recordOwnPaymentSucceeded({
      paymentId: payment.id,
      orderId,
      providerRef,
      providerPaymentRef: charged.providerPaymentRef,
      amountFen: payment.amountFen,
      actor,
    });
    if (!recorded.ok) throw new Error(`chargeSavedMethod ${orderId}: ${recorded.error}`);
    return { status: "succeeded", paymentId: payment.id };
  }
  await db()
    .update(payments)
    .set({ providerRef, updatedAt: new Date() })
    .where(eq(payments.id, payment.id));
  const code = charged.status === "authentication_required" ? charged.status : charged.code;
  await recordPaymentFailed({ provider: provider.name, providerRef, code, actor });
  return { status: charged.status, paymentId: payment.id, code };
}
