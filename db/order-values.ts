/*
 * An order's status and channel values: the columns in orders-schema.ts are checked against these,
 * and the admin order filters (client code) list them. No drizzle here, so importing them does not
 * put the table definitions into a browser bundle.
 */
export const ORDER_STATUSES = [
  "pending_payment",
  /** A presale's deposit is paid; the balance comes due when its harvest is released. */
  "deposit_paid",
  /** A group-buy join whose payment is held (authorized, or charged at the highest tier) until the deal settles. */
  "payment_held",
  "paid",
  "fulfilling",
  "shipped",
  "delivered",
  "cancelled",
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const CHANNELS = ["standard", "presale", "groupbuy", "flash"] as const;
export type Channel = (typeof CHANNELS)[number];
/** How an order's ambient (non-chilled) parcels travel; chilled ones always go cold chain. */
export const AMBIENT_SERVICES = ["express", "economy"] as const;
export type AmbientService = (typeof AMBIENT_SERVICES)[number];
