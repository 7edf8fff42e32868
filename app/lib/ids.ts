const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Opaque, URL-safe, unguessable id such as `prd_7fQ2…` (never sequential). */
export function newId(prefix: string, length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

/**
 * Whether a value from a URL or a form can be one of our ids: anything else (a NUL byte PostgreSQL
 * text refuses, 3,000 characters, a path) is answered as not found without asking the database.
 */
export function isIdShaped(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
