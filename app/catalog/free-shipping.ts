import { z } from "zod";

/** ¥999,999.99, the most one order may come to (orders' MAX_ORDER_TOTAL_FEN; the column's check). */
const FREE_SHIPPING_MAX_FEN = 99_999_999;

/**
 * The owner's free-shipping threshold as typed on the shipping page: yuan with at most two
 * decimals ("99" or "99.50"), from ¥0.01 up to the largest order; blank turns it off. Messages
 * are keys of the shipping dictionary (app/shipping/messages.ts).
 */
export const freeShippingFormSchema = z.object({
  freeShippingMin: z
    .string({ required_error: "error.format", invalid_type_error: "error.format" })
    .trim()
    .max(16, "error.format")
    .refine((s) => s === "" || /^\d{1,9}(\.\d{1,2})?$/.test(s), "error.format")
    .transform((s) => {
      if (s === "") return null;
      const [whole, frac = ""] = s.split(".");
      return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
    })
    .refine((n) => n === null || n >= 1, "error.positive")
    .refine((n) => n === null || n <= FREE_SHIPPING_MAX_FEN, "error.tooLarge"),
});

/** A stored threshold back to what the owner typed: 9900 → "99", 9950 → "99.50". */
export function freeShippingInput(minFen: number | null): string {
  if (minFen === null) return "";
  const frac = minFen % 100;
  return frac
    ? `${Math.floor(minFen / 100)}.${String(frac).padStart(2, "0")}`
    : String(minFen / 100);
}
