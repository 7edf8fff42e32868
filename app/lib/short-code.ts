// No 0/o, 1/l/i: a code is read out on air, printed under a QR code and typed from a screen.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/**
 * A short random code for a public link (a live sale's /l/:code, a group deal's /g/:code): 8
 * characters from 31 gives about 8.5 × 10^11 codes, so at a thousand live links a guess finds one
 * about once in 850 million tries.
 */
export function newShortCode(length = 8): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = "";
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  for (const b of bytes) {
    if (b >= 248) continue;
    out += ALPHABET[b % ALPHABET.length];
    if (out.length === length) return out;
  }
  return out + newShortCode(length - out.length);
}

export const SHORT_CODE_PATTERN = /^[2-9a-hjkmnp-z]{8}$/;
