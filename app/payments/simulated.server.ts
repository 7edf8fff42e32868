import { createHash } from "node:crypto";
import { newId } from "../lib/ids";
import type {
  CaptureMode,
  CaptureResult,
  ChargeSavedResult,
  PaymentProvider,
  VoidResult,
} from "./provider.server";
import { LATER_OUTCOMES, type LaterOutcome } from "./test-cards";

/**
 * The built-in provider: no account, no network. The "payment" happens on our own page
 * (/pay/:paymentId), which reports the result straight to the orders module.
 */
export function createSimulatedProvider(): PaymentProvider {
  // What became of each hold, and the answer given to each key, as a provider keeps them: a call
  // repeated with its key gets the first answer and changes nothing. In memory, because a simulated
  // hold is money nowhere; the orders side records what was captured and never asks twice anyway.
  const holds = new Map<string, { state: "captured" | "voided"; capturedFen: number }>();
  const answers = new Map<string, CaptureResult | VoidResult>();
  const replay = <R extends CaptureResult | VoidResult>(key: string, answer: () => R): R => {
    const seen = answers.get(key);
    if (seen) return seen as R;
    const fresh = answer();
    answers.set(key, fresh);
    return fresh;
  };
  return {
    name: "simulated",
    async createPayment({ paymentId, capture }) {
      // The page reads the rest from the payment's row: whether the card is saved from its purpose
      // (a deposit saves), whether an authorization is held or taken at once from this ref.
      return { providerRef: simulatedRef(paymentId, capture), redirectUrl: `/pay/${paymentId}` };
    },
    async cancelPayment() {
      // Nothing is held anywhere but in our own tables.
    },
    async refund() {
      return { ok: true, providerRef: newId("simrf"), status: "succeeded" };
    },
    async chargeSaved({
      paymentId,
      customerRef,
      methodRef,
      amountFen,
      idempotencyKey,
    }): Promise<ChargeSavedResult> {
      if (!Number.isInteger(amountFen) || amountFen < 1)
        throw new Error(`payment ${paymentId}: cannot charge ${amountFen} fen`);
      // Derived from the key alone, so a retry (even after a restart) answers the same attempt.
      const providerRef = `simpi_${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
      const method = parseSimulatedMethod(methodRef);
      if (!method || customerRef !== method.customerRef)
        return {
          status: "declined",
          providerRef: null,
          code: "resource_missing",
          message: `No saved method ${methodRef} for customer ${customerRef}`,
        };
      switch (method.later) {
        case "succeeded":
          return { status: "succeeded", providerRef, providerPaymentRef: providerRef };
        case "authentication_required":
          return {
            status: "authentication_required",
            providerRef,
            message: "This payment requires the cardholder to authenticate.",
          };
        case "declined":
          return {
            status: "declined",
            providerRef,
            code: "card_declined",
            message: "Your card was declined.",
          };
        default:
          throw new Error(
            `unhandled later outcome ${JSON.stringify(method.later satisfies never)}`,
          );
      }
    },
    async capture({ providerRef, amountFen, idempotencyKey }) {
      if (!Number.isInteger(amountFen) || amountFen < 1)
        throw new Error(`hold ${providerRef}: cannot capture ${amountFen} fen`);
      return replay(idempotencyKey, (): CaptureResult => {
        const hold = holds.get(providerRef);
        if (hold?.state === "voided")
          return { status: "failed", message: `Hold ${providerRef} was released` };
        if (hold) return { status: "already", capturedFen: hold.capturedFen };
        holds.set(providerRef, { state: "captured", capturedFen: amountFen });
        return { status: "captured", capturedFen: amountFen };
      });
    },
    async voidHold({ providerRef, idempotencyKey }) {
      return replay(idempotencyKey, (): VoidResult => {
        const hold = holds.get(providerRef);
        if (hold?.state === "captured")
          return { status: "failed", message: `Hold ${providerRef} was captured` };
        if (hold) return { status: "already" };
        holds.set(providerRef, { state: "voided", capturedFen: 0 });
        return { status: "voided" };
      });
    },
  };
}

export function simulatedRef(paymentId: string, capture?: CaptureMode): string {
  return capture === "charge" ? `${CHARGE_REF}${paymentId}` : `sim_${paymentId}`;
}

const CHARGE_REF = "sim_charge_";

/**
 * Whether a simulated payment was created with `capture: "charge"` (its ref says so): the page
 * then takes the money at once, announced as authorized with `held: false`, on every test card.
 */
export function simulatedTakesAtOnce(providerRef: string): boolean {
  return providerRef.startsWith(CHARGE_REF);
}

/**
 * The method a simulated payment saved: the refs encode what a later charge does, so nothing is
 * kept in memory and a saved method survives restarts (the orders side stores the refs).
 */
export function simulatedSavedMethod({
  paymentId,
  later,
}: {
  paymentId: string;
  later: LaterOutcome;
}): { customerRef: string; methodRef: string } {
  return { customerRef: `simcus_${paymentId}`, methodRef: `simpm_${later}_${paymentId}` };
}

const METHOD_REF = new RegExp(`^simpm_(${LATER_OUTCOMES.join("|")})_(.+)$`);

function parseSimulatedMethod(
  methodRef: string,
): { later: LaterOutcome; customerRef: string } | undefined {
  const m = METHOD_REF.exec(methodRef);
  if (!m) return undefined;
  return { later: m[1] as LaterOutcome, customerRef: `simcus_${m[2]}` };
}
