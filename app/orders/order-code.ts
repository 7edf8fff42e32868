import { z } from "zod";

/**
 * What a shopper reads off an email or types into the guest lookup: `HL` and 8 characters from
 * an alphabet without 0/O, 1/I/L or U/V, so nothing read aloud or handwritten is ambiguous.
 * 29^8 ≈ 5e11 codes; the unique index catches the rare collision and the caller draws again.
 */
export const ORDER_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
export const ORDER_CODE_LENGTH = 8;
const CODE_RE = new RegExp(`^HL[${ORDER_CODE_ALPHABET}]{${ORDER_CODE_LENGTH}}$`);

export function newOrderCode(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet).
  const limit = 256 - (256 % ORDER_CODE_ALPHABET.length);
  let out = "HL";
  while (out.length < 2 + ORDER_CODE_LENGTH) {
    for (const b of random(ORDER_CODE_LENGTH)) {
      if (b < limit && out.length < 2 + ORDER_CODE_LENGTH)
        out += ORDER_CODE_ALPHABET[b % ORDER_CODE_ALPHABET.length];
    }
  }
  return out;
}

export function isOrderCode(value: string): boolean {
  return CODE_RE.test(value);
}

/** A code as typed: spaces and dashes dropped, upper-cased, then it must be a code we issue. */
export const orderCodeSchema = z
  .string()
  .max(40)
  .transform((s) => s.replace(/[\s-]+/g, "").toUpperCase())
  .refine(isOrderCode, "code");
