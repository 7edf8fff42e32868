import { z } from "zod";
import type { DeliveryAddress } from "../../db/orders-schema";
import { isProvinceCode } from "../shipping/provinces";

export type { DeliveryAddress };

// Control characters (a NUL makes PostgreSQL refuse the row) never belong in an address line.
const noControl = (s: string) => ![...s].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);

/** A mainland mobile number: 11 digits starting 13–19; spaces and dashes are dropped first. */
export const mobileSchema = z
  .string({ required_error: "mobile" })
  .transform((s) => s.replace(/[\s-]+/g, ""))
  .refine((s) => /^1[3-9]\d{9}$/.test(s), "mobile");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .email("email");

/**
 * The delivery address as typed into the checkout form. Messages are keys the page translates
 * (`address.<key>`); the server then checks the city and district codes belong to the province
 * (regions.server.ts `resolveRegion`) and fills in their names.
 */
export const addressInputSchema = z.object({
  name: z.string().trim().min(1, "name").max(40, "name").refine(noControl, "name"),
  mobile: mobileSchema,
  province: z.string().refine((c) => isProvinceCode(c), "province"),
  cityCode: z.string().regex(/^\d{4}$/, "city"),
  districtCode: z.string().regex(/^\d{6}$/, "district"),
  detail: z.string().trim().min(4, "detail").max(120, "detail").refine(noControl, "detail"),
  postcode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, "postcode")
    .optional()
    .transform((v) => v || undefined),
});
export type AddressInput = z.infer<typeof addressInputSchema>;

/** 江西省 赣州市 信丰县 … in the order a Chinese address is written. */
export function formatAddress(a: DeliveryAddress, provinceName: string): string {
  const city = a.city === provinceName ? "" : ` ${a.city}`;
  return `${provinceName}${city} ${a.district} ${a.detail}`;
}
