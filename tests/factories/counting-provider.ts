import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { ChargeSavedInput, PaymentProvider } from "~/payments/provider.server";
import { createSimulatedProvider } from "~/payments/simulated.server";

/*
 * The real simulated provider, with every off-session charge it is asked for counted (and every
 * capture or release of a hold, in `holdCalls`, and every refund, in `refundCalls`): the
 * instrumentation that shows a balance is charged once, a hold captured or voided once. With
 * `log`, each charge and hold call is also appended to a file as it is made, before the provider
 * is asked (synchronously: a process killed at any point after asking has left its line), to count
 * calls made in another process.
 */

export interface ChargeCall {
  orderId: string;
  idempotencyKey: string;
  amountFen: number;
  /** What the provider answered (not known for a logged call). */
  status?: string;
  /** A logged capture or release of a hold (absent: an off-session charge). */
  kind?: "capture" | "void";
}

export interface HoldCall {
  kind: "capture" | "void";
  providerRef: string;
  idempotencyKey: string;
  amountFen?: number;
  /** What the provider answered. */
  status?: string;
}

export interface RefundCall {
  providerRef: string;
  idempotencyKey: string;
  amountFen: number;
  /** Whether the provider accepted it. */
  ok?: boolean;
}

export function countingProvider({ log }: { log?: string } = {}) {
  const inner = createSimulatedProvider();
  const calls: ChargeCall[] = [];
  const holdCalls: HoldCall[] = [];
  // A hold's key names its order (capture:<orderId> / void:<orderId>): logged as that order's call.
  const logHold = (call: HoldCall) => {
    if (log)
      appendFileSync(
        log,
        `${JSON.stringify({ orderId: call.idempotencyKey.split(":").pop(), kind: call.kind, idempotencyKey: call.idempotencyKey, amountFen: call.amountFen })}\n`,
      );
  };
  const refundCalls: RefundCall[] = [];
  const provider: PaymentProvider = {
    ...inner,
    async refund(i) {
      const call: RefundCall = {
        providerRef: i.providerRef,
        idempotencyKey: i.idempotencyKey,
        amountFen: i.amountFen,
      };
      refundCalls.push(call);
      const result = await inner.refund(i);
      call.ok = result.ok;
      return result;
    },
    async chargeSaved(i: ChargeSavedInput) {
      const call: ChargeCall = {
        orderId: i.orderId,
        idempotencyKey: i.idempotencyKey,
        amountFen: i.amountFen,
      };
      if (log) appendFileSync(log, `${JSON.stringify(call)}\n`);
      calls.push(call);
      const result = await inner.chargeSaved(i);
      call.status = result.status;
      return result;
    },
    async capture(i) {
      const call: HoldCall = {
        kind: "capture",
        providerRef: i.providerRef,
        idempotencyKey: i.idempotencyKey,
        amountFen: i.amountFen,
      };
      logHold(call);
      holdCalls.push(call);
      const result = await inner.capture(i);
      call.status = result.status;
      return result;
    },
    async voidHold(i) {
      const call: HoldCall = {
        kind: "void",
        providerRef: i.providerRef,
        idempotencyKey: i.idempotencyKey,
      };
      logHold(call);
      holdCalls.push(call);
      const result = await inner.voidHold(i);
      call.status = result.status;
      return result;
    },
  };
  return { provider, calls, holdCalls, refundCalls };
}

/** The calls a counting provider appended to `log` (any process). */
export function loggedCalls(log: string): ChargeCall[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ChargeCall);
}

/** Calls per order id. */
export function callsByOrder(calls: ChargeCall[]): Map<string, ChargeCall[]> {
  const by = new Map<string, ChargeCall[]>();
  for (const c of calls) by.set(c.orderId, [...(by.get(c.orderId) ?? []), c]);
  return by;
}
