import { newId } from "../lib/ids";
import type { PaymentProvider } from "./provider.server";

/**
 * The built-in provider: no account, no network. The "payment" happens on our own page
 * (/pay/:paymentId), which reports the result straight to the orders module.
 */
export function createSimulatedProvider(): PaymentProvider {
  return {
    name: "simulated",
    async createPayment({ paymentId }) {
      return { providerRef: simulatedRef(paymentId), redirectUrl: `/pay/${paymentId}` };
    },
    async cancelPayment() {
      // Nothing is held anywhere but in our own tables.
    },
    async refund() {
      return { ok: true, providerRef: newId("simrf"), status: "succeeded" };
    },
  };
}

export function simulatedRef(paymentId: string): string {
  return `sim_${paymentId}`;
}
