import type { Zone } from "../../db/shipping-schema";
import { isProvinceCode, type ProvinceCode } from "../lib/regions";

export type { Zone };

export const REGIONS = {
  north: ["11", "12", "13", "14", "15"],
  northeast: ["21", "22", "23"],
  east: ["31", "32", "33", "34", "35", "36", "37"],
  central: ["41", "42", "43"],
  south: ["44", "45", "46"],
  southwest: ["50", "51", "52", "53", "54"],
  northwest: ["61", "62", "63", "64", "65"],
} as const satisfies Record<string, readonly ProvinceCode[]>;
export type Region = keyof typeof REGIONS;

/** Taiwan, Hong Kong and Macao: known codes, but no service reaches them yet. */
export const NOT_SERVED_PROVINCES: readonly ProvinceCode[] = ["71", "81", "82"];
/** Destinations that make any route `remote`, whatever the origin. */
export const REMOTE_PROVINCES: readonly ProvinceCode[] = ["15", "46", "54", "62", "63", "64", "65"];

const regionOf = new Map<string, Region>(
  Object.entries(REGIONS).flatMap(([region, codes]) =>
    codes.map((c) => [c, region as Region] as const),
  ),
);

export function provinceRegion(code: string): Region | undefined {
  return regionOf.get(code);
}

export function isServedProvince(code: string): boolean {
  return isProvinceCode(code) && !NOT_SERVED_PROVINCES.includes(code);
}

/**
 * The zone of a route between two served provinces; the first rule that matches wins, so a
 * Xinjiang-to-Xinjiang parcel is `local` and Shaanxi to Gansu is `remote`, not `regional`.
 */
export function zoneFor(from: string, to: string): Zone {
  if (from === to) return "local";
  if ((REMOTE_PROVINCES as readonly string[]).includes(to)) return "remote";
  const a = regionOf.get(from);
  if (a !== undefined && a === regionOf.get(to)) return "regional";
  return "national";
}
