import type { Service } from "../../db/shipping-schema";

/**
 * UPU S10 item identifiers: 2 service letters, an 8-digit serial, a mod-11 check digit and the
 * 2-letter country of origin, e.g. `EA123456785CN`. Pure: no I/O.
 */

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** The service indicator our carrier assigns: EMS-style express, ordinary parcel, fresh. */
export const SERVICE_PREFIX = {
  express: "EA",
  economy: "CA",
  cold_chain: "EF",
} as const satisfies Record<Service, string>;

export const ORIGIN_COUNTRY = "CN";

const S10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** Check digit of an 8-digit serial: 11 − (Σ digit × weight mod 11), where 10 → 0 and 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial))
    throw new RangeError(`S10 serial must be 8 digits, got ${JSON.stringify(serial)}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

/** A full tracking number for a sequence value (10000000–99999999) and a service. */
export function formatTrackingNumber({
  service,
  serial,
  country = ORIGIN_COUNTRY,
}: {
  service: Service;
  serial: number | bigint | string;
  country?: string;
}): string {
  const digits = String(serial);
  if (!/^\d{1,8}$/.test(digits)) throw new RangeError(`serial out of range: ${digits}`);
  const padded = digits.padStart(8, "0");
  return `${SERVICE_PREFIX[service]}${padded}${s10CheckDigit(padded)}${country}`;
}

/** Upper-cases and drops spaces and dashes people type or copy from a printed label. */
export function normalizeTrackingNumber(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

/** True for any well-formed S10 identifier whose check digit matches (any prefix, any country). */
export function isValidS10(value: string): boolean {
  const m = S10.exec(value);
  return m !== null && s10CheckDigit(m[2]!) === Number(m[3]);
}

/** The parts of a valid S10 identifier, or null. */
export function parseS10(
  value: string,
): { prefix: string; serial: string; checkDigit: number; country: string } | null {
  const m = S10.exec(value);
  if (!m || s10CheckDigit(m[2]!) !== Number(m[3])) return null;
  return { prefix: m[1]!, serial: m[2]!, checkDigit: Number(m[3]), country: m[4]! };
}

/** Human-readable grouping as printed under a barcode: `EA 1234 5678 5 CN`. */
export function displayTrackingNumber(value: string): string {
  const m = S10.exec(value);
  if (!m) return value;
  return `${m[1]} ${m[2]!.slice(0, 4)} ${m[2]!.slice(4)} ${m[3]} ${m[4]}`;
}
