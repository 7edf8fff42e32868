import { z } from "zod";
import { offerIdSchema } from "../offers/schemas";

export const MAX_LINE_QUANTITY = 999;
/**
 * Different packs one cart may hold: what one shipment plan takes for a cooperative (shipping's
 * MAX_ITEMS, 100), so a paid order can always be packed, and well inside a reservation's lines.
 */
export const MAX_CART_LINES = 100;
/**
 * ¥999,999.99: the most one order may come to. It is the largest amount one card payment takes
 * (Stripe's limit for CNY), and it keeps every money column far inside its 32-bit integer: 999
 * boxes at the top price (¥99,999.99) would overflow it.
 */
export const MAX_ORDER_TOTAL_FEN = 99_999_999;

/** How many of a pack one line may hold: its stock, the line limit and any per-shopper limit. */
export function lineCap(available: number, limit: number | undefined): number {
  return Math.max(0, Math.min(available, MAX_LINE_QUANTITY, limit ?? MAX_LINE_QUANTITY));
}

/** A quantity typed by a shopper: a whole number from 1 to 999, nothing else. */
export const quantitySchema = z.coerce
  .number({ invalid_type_error: "quantity" })
  .int()
  .min(1)
  .max(MAX_LINE_QUANTITY);

export const variantIdSchema = z.string().regex(/^var_[1-9A-HJ-NP-Za-km-z]{8,32}$/);

export const addToCartSchema = z.object({
  variantId: variantIdSchema,
  quantity: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/)
    .pipe(quantitySchema),
});

/** The offer a cart line is sold under; absent (older pages): the variant's standard offer. */
const lineOfferSchema = offerIdSchema.optional();

export const cartIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    variantId: variantIdSchema,
    offerId: lineOfferSchema,
    quantity: addToCartSchema.shape.quantity,
  }),
  z.object({ intent: z.literal("remove"), variantId: variantIdSchema, offerId: lineOfferSchema }),
]);
