/*
 * The payment methods a provider can put before a shopper, in the order a shopper in China looks
 * for them: WeChat Pay, Alipay, then card. No server code here: the checkout page lists them.
 */
export const STRIPE_METHODS = ["wechat_pay", "alipay", "card"] as const;
export type StripeMethod = (typeof STRIPE_METHODS)[number];

/** The given methods, once each, in STRIPE_METHODS' order. */
export function shopperOrder(methods: readonly StripeMethod[]): StripeMethod[] {
  return STRIPE_METHODS.filter((m) => methods.includes(m));
}
