import type { OrderRow, PaymentPurpose } from "../../db/orders-schema";
import type { Tx } from "../lib/db.server";
import { registry } from "../lib/registry.server";
import type { CaptureMode } from "../payments/provider.server";

/*
 * A channel whose orders are not paid in one go (a presale: a deposit now, the balance when the
 * harvest ships) tells orders what is due and hears when it was paid, without orders importing it:
 * it registers here from app/<channel>/on-order-payment.server.ts. A channel that registers
 * nothing is paid in full while its order is pending payment.
 */

export interface PaymentDue {
  amountFen: number;
  purpose: PaymentPurpose;
  /** Keep the payment method for a later off-session charge (a presale's deposit). */
  saveMethod: boolean;
  /** Until when the shopper may pay it (else the order's hold, else a day). */
  until?: Date;
  /**
   * Settled later by the channel (captureHeldPayment / voidHeldPayment); purpose "authorization".
   * "manual": the amount is held; "charge": it is taken at once and what the order does not keep
   * is refunded at settlement (a deal longer than a card hold lasts).
   */
  capture?: CaptureMode;
}

export interface ChannelPayments {
  /** What the shopper pays now, or null when nothing is payable. Under the order's row lock. */
  due(tx: Tx, order: OrderRow): Promise<PaymentDue | null>;
  /** A deposit arrived: the order is now `deposit_paid`. In the payment's transaction. */
  depositPaid?(tx: Tx, a: { order: OrderRow; paymentId: string; actor: string }): Promise<void>;
  /** The balance arrived: the order is now `paid` and its shipments are queued. In the payment's transaction. */
  balancePaid?(tx: Tx, a: { order: OrderRow; paymentId: string; actor: string }): Promise<void>;
  /**
   * A payment due with `capture` went through: the order is now `payment_held`, its stock held
   * until the channel captures (captureHeldPayment) or voids (voidHeldPayment). `held: false`: the
   * money was taken (`capture: "charge"`, or a method that cannot be held); capturing less refunds
   * the difference, voiding refunds it all. In the payment's transaction.
   */
  paymentHeld?(
    tx: Tx,
    a: { order: OrderRow; paymentId: string; held: boolean; actor: string },
  ): Promise<void>;
  /**
   * The hold ended at the provider without us (it lapsed): the order is now cancelled and its stock
   * released. Not called for voidHeldPayment, which the channel asked for. In that transaction.
   */
  holdLapsed?(tx: Tx, a: { order: OrderRow; paymentId: string; actor: string }): Promise<void>;
}

const channels = registry<ChannelPayments>("channel payments");

export function registerChannelPayments(channel: string, handlers: ChannelPayments): void {
  channels.register(channel, handlers);
}

const overrides = new Map<string, ChannelPayments>();

export function channelPayments(channel: string): Promise<ChannelPayments | undefined> {
  const override = overrides.get(channel);
  return override ? Promise.resolve(override) : channels.find(channel);
}

/**
 * Tests stand in for a channel (e.g. the hold of a group-buy join before that channel exists),
 * ahead of whatever it registers; `undefined` removes the stand-in.
 */
export function setChannelPaymentsForTests(
  channel: string,
  handlers: ChannelPayments | undefined,
): void {
  if (handlers) overrides.set(channel, handlers);
  else overrides.delete(channel);
}
