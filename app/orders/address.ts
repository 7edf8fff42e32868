import { z } from "zod";
import type { DeliveryAddress } from "../../db/orders-schema";
import { isProvinceCode, provinceName } from "../lib/regions";

export type { DeliveryAddress };

// Control characters (a NUL makes PostgreSQL refuse the row) never belong in an address line.
const noControl = (s: string) =>
  ![...s].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);

/** A mainland mobile number: 11 digits starting 13–19; spaces and dashes are dropped first. */
export const mobileSchema = z
  .string({ required_error: "mobile" })
  .transform((s) => s.replace(/[\s-]+/g, ""))
  .refine((s) => /^1[3-9]\d{9}$/.test(s), "mobile");

export const emailSchema = z.string().trim().toLowerCase().max(254).email("email");

/**
 * The delivery address as typed into the checkout form. Messages are keys the page translates
 * (`address.<key>`); the server then checks the city and district codes belong to the province
 * (`resolveRegion` in app/lib/regions.server.ts) and fills in their names.
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

/**
 * 江西赣州市信丰县 … 88 号, as a Chinese address is written: a municipality's name once (北京 and
 * 北京市 are the same place), a city that is its own district once (东莞市).
 */
export function formatAddress(
  a: Pick<DeliveryAddress, "province" | "city" | "district" | "detail" | "postcode">,
): string {
  const province = provinceName(a.province, "zh");
  const district = a.district === a.city ? "" : a.district;
  const region = a.city.startsWith(province)
    ? `${a.city}${district}`
    : `${province}${a.city}${district}`;
  return `${region} ${a.detail}${a.postcode ? ` ${a.postcode}` : ""}`;
}
