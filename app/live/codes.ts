// No 0/o, 1/l/i: a code is read out on air and typed from a screen.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/**
 * A short sale code for `/l/:code`: 8 characters from 31 gives about 8.5 × 10^11 codes, so at a
 * thousand live sales a guess finds one about once in 850 million tries (and claims are rate-limited).
 */
export function newSaleCode(length = 8): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = "";
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  for (const b of bytes) {
    if (b >= 248) continue;
    out += ALPHABET[b % ALPHABET.length];
    if (out.length === length) return out;
  }
  return out + newSaleCode(length - out.length);
}

export const SALE_CODE_PATTERN = /^[2-9a-hjkmnp-z]{8}$/;
