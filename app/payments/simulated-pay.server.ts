import { fieldErrors } from "../lib/field-errors";
import { announcePaymentOutcome } from "./outcomes.server";
import { loadSimulatedPayment, type PayPageState, type PayPageView } from "./payment-page.server";
import { simulatedSavedMethod, simulatedTakesAtOnce } from "./simulated.server";
import {
  cardFormSchema,
  cardOutcome,
  laterOutcome,
  type CardFieldError,
  type CardOutcome,
} from "./test-cards";

export type CardValues = { number: string; expiry: string; name: string };

export type PayOutcome =
  | { kind: "not_found" }
  | {
      kind: "paid";
      orderId: string;
      refunding: boolean;
      /** The card this payment saved (a deposit), as announced with the succeeded outcome. */
      saved?: { customerRef: string; methodRef: string };
    }
  | { kind: "closed"; view: PayPageView; state: Exclude<PayPageState, "payable" | "already_paid"> }
  | {
      kind: "invalid";
      view: PayPageView;
      errors: Partial<Record<keyof CardValues | "cvc", CardFieldError>>;
      values: CardValues;
    }
  | {
      kind: "failed";
      view: PayPageView;
      outcome: Exclude<CardOutcome, "succeeded">;
      values: CardValues;
    }
  | { kind: "mismatch"; view: PayPageView };

// The failure code a failed outcome reports, named like Stripe's decline codes.
const FAILURE_CODES: Record<Exclude<CardOutcome, "succeeded">, string> = {
  declined: "card_declined",
  insufficient_funds: "insufficient_funds",
  processing_error: "processing_error",
  not_accepted: "card_not_accepted",
};

/**
 * The simulated "charge". Safe to repeat: a payment that already succeeded (a double click, a
 * reload that resubmits) goes straight to the order page, and the succeeded outcome's handler is
 * idempotent under the order's row lock, so two submits racing each other pay once.
 */
export async function paySimulated({
  paymentId,
  form,
  now = new Date(),
}: {
  paymentId: string;
  form: Record<string, unknown>;
  now?: Date;
}): Promise<PayOutcome> {
  const view = await loadSimulatedPayment({ paymentId, now });
  if (!view) return { kind: "not_found" };
  if (view.state === "already_paid")
    return { kind: "paid", orderId: view.orderId, refunding: false };
  if (view.state !== "payable") return { kind: "closed", view, state: view.state };

  const values: CardValues = {
    number: text(form.number),
    expiry: text(form.expiry),
    name: text(form.name),
  };
  const parsed = cardFormSchema(now).safeParse({ ...values, cvc: text(form.cvc) });
  if (!parsed.success) {
    return { kind: "invalid", view, errors: fieldErrors<CardFieldError>(parsed.error), values };
  }

  const outcome = cardOutcome(parsed.data.number);
  if (outcome !== "succeeded") {
    await announcePaymentOutcome("failed", {
      provider: "simulated",
      providerRef: view.providerRef,
      code: FAILURE_CODES[outcome],
      actor: "simulated",
    });
    return { kind: "failed", view, outcome, values };
  }
  if (view.purpose === "authorization") {
    // Settled later (a group-buy join): every test card that pays can be held, unless the payment
    // asked for the money at once (capture "charge"); captured or voided (refunded) later.
    const authorized = await announcePaymentOutcome("authorized", {
      provider: "simulated",
      providerRef: view.providerRef,
      amountFen: view.amountFen,
      held: !simulatedTakesAtOnce(view.providerRef),
      actor: "simulated",
    });
    if (!authorized.ok)
      return authorized.error === "unknown_payment"
        ? { kind: "not_found" }
        : { kind: "mismatch", view };
    return {
      kind: "paid",
      orderId: authorized.orderId,
      refunding: authorized.outcome === "released",
    };
  }
  // A deposit saves the card (as Stripe Checkout does when asked to): its balance is charged later.
  const later = view.purpose === "deposit" ? laterOutcome(parsed.data.number) : undefined;
  const saved = later ? simulatedSavedMethod({ paymentId: view.paymentId, later }) : undefined;
  const result = await announcePaymentOutcome("succeeded", {
    provider: "simulated",
    providerRef: view.providerRef,
    amountFen: view.amountFen,
    actor: "simulated",
    ...(saved ? { saved } : {}),
  });
  if (!result.ok) {
    if (result.error === "unknown_payment") return { kind: "not_found" };
    return { kind: "mismatch", view };
  }
  return {
    kind: "paid",
    orderId: result.orderId,
    refunding: result.outcome === "refunding",
    ...(saved ? { saved } : {}),
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
