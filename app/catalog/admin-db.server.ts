import type { FieldErrors } from "../lib/field-errors";

/** The constraint a failed statement broke, if any (drizzle wraps the driver's error in `cause`). */
export function violatedConstraint(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === "string") return constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Unique keys an owner can collide with, and the form field that shows it. */
const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  products_slug_unique: { field: "slug", message: "error.slugTaken" },
  variants_sku_unique: { field: "sku", message: "error.skuTaken" },
};

/** Field errors for a duplicate slug or SKU; rethrows anything else. */
export function uniqueFieldErrors(error: unknown, prefix = ""): FieldErrors {
  const hit = UNIQUE_FIELDS[violatedConstraint(error) ?? ""];
  if (!hit) throw error;
  return { [`${prefix}${hit.field}`]: hit.message };
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
