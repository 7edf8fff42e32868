import { z } from "zod";
import { figureSchema, parsePrice, parseWhole } from "../catalog/csv-format";
import { STOCK } from "../catalog/limits";

/** Form and query schemas of the stock, bulk edit and CSV pages; error messages are messages.ts keys. */

export const LOW_STOCK_AT = 10;

export const variantIdSchema = z.string().regex(/^var_[A-Za-z0-9]{1,64}$/);

export const stockListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .refine((s) => !s.includes("\u0000"))
    .optional()
    // A search past the limit (or with a NUL, which PostgreSQL refuses) is dropped like any other junk parameter, not a 500.
    .catch(undefined)
    .transform((v) => v || undefined),
  low: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
});

export const historyQuerySchema = z.object({
  // Past the largest safe integer the cursor is no ledger id (and 1e20 overflows bigint).
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .catch(undefined),
});

export const adjustFormSchema = z.object({
  variantId: variantIdSchema,
  delta: z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,8}$/, "error.delta")
    .transform(Number)
    .refine((n) => n !== 0 && Math.abs(n) <= STOCK.max, "error.delta"),
  // PostgreSQL text cannot hold U+0000.
  reason: z
    .string()
    .trim()
    .min(1, "error.reason")
    .max(200, "error.reason")
    .refine((s) => !s.includes("\u0000"), "error.reason"),
});
export type AdjustErrors = Partial<Record<"delta" | "reason", string>>;

export interface BulkRowInput {
  variantId: string;
  priceFen: number;
  compareAtFen: number | null;
  available: number;
  /** The available figure the page showed; stock moved since then is a conflict, not overwritten. */
  expected: number;
}
export type BulkField = "price" | "compareAt" | "available";
export type BulkErrors = Record<
  string,
  Partial<Record<BulkField, { key: string; current?: number }>>
>;

// The catalog's figure rules and limits (app/catalog/limits.ts), as the product form and the CSV use them.
const priceField = figureSchema(parsePrice, {
  required: "error.price",
  format: "error.price",
  range: "error.price",
});
const bulkRowSchema = z
  .object({
    variantId: variantIdSchema,
    price: priceField,
    // Not a union: a failed union reports zod's own "Invalid input", which is no message key.
    compareAt: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? null : v),
      priceField.nullable(),
    ),
    available: figureSchema((s) => parseWhole(s, STOCK), {
      required: "error.available",
      format: "error.available",
      range: "error.available",
    }),
    expected: z
      .string()
      .regex(/^\d{1,8}$/)
      .transform(Number),
  })
  // Still run when another field failed (so every problem shows at once), but judge only two good prices.
  .refine(
    (r) => typeof r.price !== "number" || typeof r.compareAt !== "number" || r.compareAt > r.price,
    { message: "error.compareAt", path: ["compareAt"] },
  );

/**
 * The bulk form posts `variantId` once per row and `price.<id>`, `compareAt.<id>`,
 * `available.<id>`, `expected.<id>` beside it. Returns every row, or every field error.
 */
export function parseBulkForm(form: FormData): {
  rows: BulkRowInput[];
  errors: BulkErrors;
  values: Record<string, Record<string, string>>;
} {
  const ids = form.getAll("variantId").map(String);
  const rows: BulkRowInput[] = [];
  const errors: BulkErrors = {};
  const values: Record<string, Record<string, string>> = {};
  if (ids.length === 0 || ids.length > 2_000 || new Set(ids).size !== ids.length) {
    throw new Response("Bad bulk form", { status: 400 });
  }
  for (const id of ids) {
    const raw = {
      variantId: id,
      price: String(form.get(`price.${id}`) ?? ""),
      compareAt: String(form.get(`compareAt.${id}`) ?? ""),
      available: String(form.get(`available.${id}`) ?? ""),
      expected: String(form.get(`expected.${id}`) ?? ""),
    };
    values[id] = raw;
    const parsed = bulkRowSchema.safeParse(raw);
    if (parsed.success) {
      const r = parsed.data;
      rows.push({
        variantId: r.variantId,
        priceFen: r.price,
        compareAtFen: r.compareAt,
        available: r.available,
        expected: r.expected,
      });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "variantId" || field === "expected")
        throw new Response("Bad bulk form", { status: 400 });
      const row = (errors[id] ??= {});
      row[field as BulkField] ??= { key: issue.message };
    }
  }
  return { rows, errors, values };
}
