import type { PaymentProviderName } from "../../db/orders-schema";
import type { Tx } from "../lib/db.server";
import { registry } from "../lib/registry.server";

/*
 * What a provider tells us about a payment, announced to the one handler the side that owns the
 * payment registers (the order side today: app/orders/on-payment.server.ts). Payments never import
 * orders; a handler answers with what the provider's caller needs (the webhook's reply, the pay
 * page's redirect). An outcome nobody handles throws: it is never dropped.
 *
 * A new outcome is a new entry here and a new registration on the owning side; nothing else
 * changes. Captures and voids are asked for by the order side (PaymentProvider.capture/voidHold),
 * which records their answers itself, so only a hold ending at the provider's end (a lapsed or
 * dashboard-cancelled authorization) is announced.
 */

export type PaymentSucceededResult =
  | { ok: true; orderId: string; changed: boolean; outcome: "paid" | "already_paid" | "refunding" }
  | { ok: false; error: "unknown_payment" | "amount_mismatch" };

export type PaymentAuthorizedResult =
  | {
      ok: true;
      orderId: string;
      changed: boolean;
      /** `released`: the order had closed (or was held by another attempt), so this one goes back. */
      outcome: "held" | "already_held" | "released";
    }
  | { ok: false; error: "unknown_payment" | "amount_mismatch" };

export interface PaymentOutcomes {
  /**
   * The money arrived. The handler opens its own transaction (it locks what it changes) and is
   * idempotent; the webhook records the event as handled only after it returned, so a crash in
   * between means a redelivery, which changes nothing the second time.
   */
  succeeded: {
    outcome: {
      provider: PaymentProviderName;
      providerRef: string;
      providerPaymentRef?: string;
      amountFen: number;
      actor: string;
      /**
       * The method this payment saved for later off-session charges (it was created with
       * saveMethod, and the shopper paid with a method that can be saved), for ChargeSavedInput.
       */
      saved?: { customerRef: string; methodRef: string };
    };
    result: PaymentSucceededResult;
  };
  /**
   * A payment created with a `capture` mode went through: the amount is held (`held`), or taken at
   * once (`held: false`: capture "charge", or a method that cannot be held, Alipay, WeChat Pay;
   * what is not kept at settlement is refunded). Idempotent like succeeded.
   */
  authorized: {
    outcome: {
      provider: PaymentProviderName;
      providerRef: string;
      providerPaymentRef?: string;
      amountFen: number;
      held: boolean;
      actor: string;
    };
    result: PaymentAuthorizedResult;
  };
  /**
   * A hold ended at the provider without being captured (it lapsed, or was cancelled there). Found
   * by the provider's payment ref; a hold we voided ourselves, or do not know, changes nothing.
   */
  voided: {
    outcome: { provider: PaymentProviderName; providerPaymentRef: string; actor: string };
    result: { ok: boolean; orderId?: string; changed: boolean };
  };
  /** An attempt was declined or lapsed (a report after a success changes nothing). Like succeeded. */
  failed: {
    outcome: { provider: PaymentProviderName; providerRef: string; code: string; actor: string };
    result: { ok: boolean; orderId?: string };
  };
  /**
   * A refund we asked for moved (events arrive in any order). Runs in the webhook's transaction
   * `tx`, which also records the event as handled: both commit or neither.
   */
  refunded: {
    outcome: {
      provider: PaymentProviderName;
      refundRef: string;
      status: "pending" | "succeeded" | "failed";
      actor: string;
      tx: Tx;
    };
    /** Whether the refund was ours and its status changed. */
    result: { updated: boolean };
  };
}

export type PaymentOutcomeType = keyof PaymentOutcomes;
export type PaymentOutcome<T extends PaymentOutcomeType> = PaymentOutcomes[T]["outcome"];
export type PaymentOutcomeHandler<T extends PaymentOutcomeType> = (
  outcome: PaymentOutcome<T>,
) => Promise<PaymentOutcomes[T]["result"]>;

const handlers = registry<(outcome: never) => Promise<unknown>>("payment outcome");

/** Registers the handler of one outcome (once per process; a second registration throws). */
export function handlePaymentOutcome<T extends PaymentOutcomeType>(
  type: T,
  handler: PaymentOutcomeHandler<T>,
): void {
  handlers.register(type, handler);
}

/** Hands an outcome to its handler and returns its answer; throws when none is registered. */
export async function announcePaymentOutcome<T extends PaymentOutcomeType>(
  type: T,
  outcome: PaymentOutcome<T>,
): Promise<PaymentOutcomes[T]["result"]> {
  const handler = (await handlers.require(type)) as PaymentOutcomeHandler<T>;
  return handler(outcome);
}
