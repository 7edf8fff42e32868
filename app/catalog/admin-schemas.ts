import { z } from "zod";
import { fieldErrors, type FieldErrors } from "../lib/field-errors";
import { PROVINCES } from "../lib/regions";
import { DIMENSION_MM, PRICE_FEN, SHELF_LIFE_DAYS, WEIGHT_G } from "./limits";
import { CATEGORIES, STORAGE_CLASSES } from "./schemas";

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/*
 * Admin forms. Owners type yuan, kilograms and centimetres; the schemas turn them into the
 * integer fen, grams and millimetres the database stores. Error messages are keys of the admin
 * dictionaries (`app/catalog/admin-messages.ts`, and the shell's generic ones in
 * `app/components/admin/admin-messages.ts`), so the form shows them in the user's language.
 */

export const HARVEST_STATUSES = ["planned", "growing", "harvesting", "harvested"] as const;
export type HarvestStatus = (typeof HARVEST_STATUSES)[number];

/** zod 3: the same message whether the field is missing or not a string. */
const msg = (message: string) => ({ required_error: message, invalid_type_error: message });
const choose = { errorMap: () => ({ message: "error.choose" }) };

// PostgreSQL text cannot hold U+0000: a NUL is refused here rather than failing the INSERT.
const noNul = (s: string) => !s.includes("\u0000");
export const required = (max: number) =>
  z
    .string(msg("error.required"))
    .trim()
    .min(1, "error.required")
    .max(max, "error.tooLong")
    .refine(noNul, "error.invalid");
const optional = (max: number) =>
  z
    .string(msg("error.invalid"))
    .trim()
    .max(max, "error.tooLong")
    .refine(noNul, "error.invalid")
    .default("");
export const id = (prefix: string) =>
  z
    .string(msg("error.required"))
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), "error.invalid");

/** A decimal such as "39.90" as an integer count of its smallest unit ("3990" with scale 2). */
export function decimal({
  scale,
  min,
  max,
  error,
}: {
  scale: number;
  min: number;
  max: number;
  error: string;
}) {
  return z
    .string(msg("error.required"))
    .trim()
    .min(1, "error.required")
    .refine((s) => new RegExp(`^\\d{1,9}(\\.\\d{1,${scale}})?$`).test(s), error)
    .transform((s) => {
      const [whole, frac = ""] = s.split(".");
      return Number(whole) * 10 ** scale + Number(frac.padEnd(scale, "0"));
    })
    .refine((n) => n >= min && n <= max, error);
}
const optionalDecimal = (opts: Parameters<typeof decimal>[0]) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    decimal(opts).optional(),
  );

/** Whole numbers in ASCII digits: not z.coerce, which takes "1e3", "0x10" and " " (as 0) for numbers. */
export const int = (min: number, max: number, error: string) =>
  z
    .string(msg(error))
    .trim()
    .regex(/^\d{1,9}$/, error)
    .transform(Number)
    .refine((n) => n >= min && n <= max, error);

// Limits shared with bulk edit and the CSV import (app/catalog/limits.ts).
/** Price in yuan → fen. */
const yuan = () => decimal({ scale: 2, ...PRICE_FEN, error: "error.price" });
/** Kilograms → grams. */
const kg = () => decimal({ scale: 3, ...WEIGHT_G, error: "error.weight" });
/** Centimetres → millimetres. */
const cm = () => decimal({ scale: 1, ...DIMENSION_MM, error: "error.dimension" });

export const variantFields = z
  .object({
    labelZh: required(40),
    labelEn: optional(60),
    sku: z
      .string(msg("error.required"))
      .trim()
      .min(1, "error.required")
      .max(40, "error.tooLong")
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "error.sku"),
    priceFen: yuan(),
    compareAtFen: optionalDecimal({ scale: 2, ...PRICE_FEN, error: "error.price" }),
    netWeightG: kg(),
    shippingWeightG: kg(),
    lengthMm: cm(),
    widthMm: cm(),
    heightMm: cm(),
  })
  .superRefine((v, ctx) => {
    if (v.compareAtFen !== undefined && v.compareAtFen <= v.priceFen) {
      ctx.addIssue({ code: "custom", path: ["compareAtFen"], message: "error.compareAt" });
    }
    if (v.shippingWeightG < v.netWeightG) {
      ctx.addIssue({ code: "custom", path: ["shippingWeightG"], message: "error.shippingWeight" });
    }
  });
export type VariantInput = z.infer<typeof variantFields>;

const productShape = {
  nameZh: required(80),
  nameEn: optional(120),
  // Blank means "make one from the name"; the storefront URL is /p/<slug>.
  slug: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v),
    z
      .string(msg("error.slug"))
      .max(120, "error.tooLong")
      .regex(SLUG_PATTERN, "error.slug")
      .optional(),
  ),
  descriptionZh: required(5000),
  descriptionEn: optional(5000),
  originStoryZh: optional(5000),
  originStoryEn: optional(5000),
  category: z.enum(CATEGORIES, choose),
  storageClass: z.enum(STORAGE_CLASSES, choose),
  shelfLifeDays: int(SHELF_LIFE_DAYS.min, SHELF_LIFE_DAYS.max, "error.shelfLife"),
  seasonMonths: z
    .array(z.coerce.number().int().min(1).max(12), msg("error.season"))
    .min(1, "error.season")
    .max(12, "error.season")
    .transform((ms) => [...new Set(ms)].sort((a, b) => a - b)),
};

export const productFields = z.object(productShape);
export type ProductInput = z.infer<typeof productFields>;

/** A calendar date (`YYYY-MM-DD`, a real day between 2000 and 2100), as a date input sends it. */
export const isoDay = (error = "error.date") =>
  z
    .string(msg("error.required"))
    .regex(/^\d{4}-\d{2}-\d{2}$/, error)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return (
        !Number.isNaN(d.getTime()) &&
        d.toISOString().startsWith(s) &&
        s >= "2000-01-01" &&
        s <= "2100-12-31"
      );
    }, error);

/** A `datetime-local` value, read as Beijing time (where cooperatives, hosts and shoppers are). */
export const beijingTime = (error = "error.datetime") =>
  z
    .string(msg(error))
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, error)
    .transform((s) => new Date(`${s.length === 16 ? `${s}:00` : s}+08:00`))
    .refine(
      (d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() < 2100,
      error,
    );

export const batchFields = z.object({
  productId: id("prd"),
  expectedDate: isoDay(),
  // Up to 2,000 tonnes: stored in grams in a 32-bit integer.
  expectedQuantityG: decimal({ scale: 3, min: 1, max: 2_000_000_000, error: "error.quantity" }),
  status: z.enum(HARVEST_STATUSES, choose),
  noteZh: optional(500),
  noteEn: optional(500),
});
export type BatchInput = z.infer<typeof batchFields>;

const PROVINCE_CODES = Object.keys(PROVINCES) as [string, ...string[]];

export const profileFields = z.object({
  nameZh: required(60),
  nameEn: optional(120),
  taglineZh: optional(120),
  taglineEn: optional(200),
  storyZh: optional(5000),
  storyEn: optional(5000),
  provinceCode: z.enum(PROVINCE_CODES, choose),
  // Which city and district are checked against the province on save (regions.server.ts).
  cityCode: z.string(choose).regex(/^\d{4}$/, "error.choose"),
  districtCode: z.string(choose).regex(/^\d{6}$/, "error.choose"),
  cityEn: optional(80),
  addressZh: required(200),
  addressEn: optional(300),
  contactName: required(60),
  contactPhone: z
    .string(msg("error.required"))
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,19}$/, "error.phone"),
  contactEmail: z
    .string(msg("error.required"))
    .trim()
    .toLowerCase()
    .email("error.email")
    .max(200, "error.tooLong"),
  handlingDays: int(0, 60, "error.handlingDays"),
});
export type ProfileInput = z.infer<typeof profileFields>;

export const PRODUCT_STATUS_FILTERS = ["active", "archived", "all"] as const;
export const productListQuery = z.object({
  q: z.string().trim().max(100).refine(noNul).catch("").default(""),
  status: z.enum(PRODUCT_STATUS_FILTERS).catch("active"),
});

export const variantIdField = z.object({ variantId: id("var") });
/** A product id from the URL: anything else (a NUL would fail the query) is simply not found. */
export const productIdParam = id("prd");
export const batchIdField = z.object({ batchId: id("hb") });
export const switchFields = z.object({
  cooperativeId: id("coop"),
  redirectTo: z
    .string()
    .regex(/^\/admin(\/[^\s\\]*)?$/)
    .catch("/admin"),
});

// zod's own messages (a wrong type, a missing field) are not keys the admin can translate.
const adminMessage = (m: string) => (m.startsWith("error.") ? m : "error.invalid");

/** Form data as a plain object; fields that may repeat come back as arrays. */
export function formObject(
  form: FormData,
  arrays: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form) if (typeof v === "string" && !arrays.includes(k)) out[k] = v;
  for (const k of arrays) out[k] = form.getAll(k).filter((v) => typeof v === "string");
  return out;
}

/** The reverse of the form parsers: integer units back to what the owner typed (3990 → "39.9"). */
export function intToDecimalInput(n: number, scale: number): string {
  const whole = Math.floor(n / 10 ** scale);
  const frac = String(n % 10 ** scale)
    .padStart(scale, "0")
    .replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

export interface VariantFormValues {
  labelZh: string;
  labelEn: string;
  sku: string;
  priceFen: string;
  compareAtFen: string;
  netWeightG: string;
  shippingWeightG: string;
  lengthMm: string;
  widthMm: string;
  heightMm: string;
}

export function variantFormValues(v: {
  labelZh: string;
  labelEn: string;
  sku: string;
  priceFen: number;
  compareAtFen: number | null;
  netWeightG: number;
  shippingWeightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}): VariantFormValues {
  return {
    labelZh: v.labelZh,
    labelEn: v.labelEn,
    sku: v.sku,
    priceFen: intToDecimalInput(v.priceFen, 2),
    compareAtFen: v.compareAtFen == null ? "" : intToDecimalInput(v.compareAtFen, 2),
    netWeightG: intToDecimalInput(v.netWeightG, 3),
    shippingWeightG: intToDecimalInput(v.shippingWeightG, 3),
    lengthMm: intToDecimalInput(v.lengthMm, 1),
    widthMm: intToDecimalInput(v.widthMm, 1),
    heightMm: intToDecimalInput(v.heightMm, 1),
  };
}

/** The fields under `prefix` ("variant.") with the prefix taken off. */
export function withoutPrefix(
  values: Record<string, unknown>,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Parses with a schema; on failure the errors are keyed by field, prefixed to match the form's names. */
export function parseWith<S extends z.ZodTypeAny>(
  schema: S,
  values: unknown,
  prefix = "",
): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const [k, v] of Object.entries(fieldErrors(result.error, { message: adminMessage })))
    errors[`${prefix}${k}`] = v;
  return { ok: false, errors };
}
