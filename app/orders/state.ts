import type { OrderStatus } from "../../db/orders-schema";

export type { OrderStatus };

/**
 * The order state machine. Pure: pages use it to decide which actions to offer, and
 * transitions.server.ts turns it into the `WHERE status IN (…)` of one conditional update, so a
 * late or repeated event (a second webhook, a retried job) simply matches no row.
 *
 * Cancelled and refunded are terminal. A partial refund does not change the status (it is an
 * event); `refunded` means the whole order was refunded.
 */
export const ORDER_TRANSITIONS = {
  pending_payment: ["paid", "deposit_paid", "payment_held", "cancelled"],
  // A presale's deposit is in; its harvest release charges the balance (→ paid) or the order is
  // cancelled with its money back.
  deposit_paid: ["paid", "cancelled"],
  // A group-buy join: its payment is held until the deal settles (captured → paid, voided → cancelled).
  payment_held: ["paid", "cancelled"],
  paid: ["fulfilling", "cancelled", "refunded"],
  fulfilling: ["shipped", "cancelled", "refunded"],
  shipped: ["delivered", "refunded"],
  delivered: ["refunded"],
  cancelled: [],
  refunded: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return (ORDER_TRANSITIONS[from] as readonly OrderStatus[]).includes(to);
}

/** The statuses an order may be in to move to `to` (empty for `pending_payment`, the start). */
export function predecessorsOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter((from) =>
    canTransition(from, to),
  );
}

export function isTerminal(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

/** Whether the shopper's parcels have left (no cancellation any more, only refunds). */
export function hasShipped(status: OrderStatus): boolean {
  return status === "shipped" || status === "delivered";
}
