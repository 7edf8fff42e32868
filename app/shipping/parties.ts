import { z } from "zod";
import { isProvinceCode, provinceName } from "../lib/regions";

/** Sender or recipient of a parcel, as printed on the label. Pure: shared by server and pages. */
export const partySchema = z.object({
  name: z.string().trim().min(1).max(60),
  // Mainland mobile (11 digits from 1) or a landline with area code; spaces and dashes dropped.
  phone: z
    .string()
    .transform((s) => s.replace(/[\s-]+/g, ""))
    .refine(
      (s) => /^(1\d{10}|0\d{9,11})$/.test(s),
      "phone must be a mainland mobile or landline number",
    ),
  province: z.string().refine(isProvinceCode, "unknown province code"),
  city: z.string().trim().min(1).max(40),
  address: z.string().trim().min(1).max(200),
  postcode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type Party = z.infer<typeof partySchema>;

/** 13812345678 → 138****5678; landlines keep the area code and the last four. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** 张三丰 → 张**, Li Wei → L*****: enough for the recipient to recognise, nothing more. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("");
  return `${chars[0]}${"*".repeat(chars.length - 1)}`;
}

/** Province and city as one line, in Chinese as the label prints them; 北京 and the other municipalities once. */
export function partyPlace(p: { province: string; city: string }): string {
  const province = provinceName(p.province, "zh");
  return p.city.startsWith(province) ? p.city : `${province}${p.city}`;
}
