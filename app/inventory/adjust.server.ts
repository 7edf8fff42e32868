import { data } from "@remix-run/node";
import type { SessionUser } from "../auth/session.server";
import { invalidateCatalog } from "../catalog/cache.server";
import { fieldErrors } from "../lib/field-errors";
import { requireVariantAccess } from "./levels.server";
import { adjustFormSchema } from "./schemas";
import { adjustStock, StockError } from "./stock.server";

/**
 * The "adjust" intent shared by the stock list and the variant page: parse, check the user may
 * act for the variant's cooperative (404 otherwise), adjust, and answer with field errors.
 */
export async function adjustFromForm({ user, form }: { user: SessionUser; form: FormData }) {
  const values = {
    variantId: String(form.get("variantId") ?? ""),
    delta: String(form.get("delta") ?? ""),
    reason: String(form.get("reason") ?? ""),
  };
  // Access first: another cooperative's id is a 404 whatever else is wrong with the form.
  const variant = await requireVariantAccess({ user, variantId: values.variantId });
  const parsed = adjustFormSchema.safeParse(values);
  if (!parsed.success)
    return data({ ok: false as const, errors: fieldErrors(parsed.error), values }, { status: 422 });
  try {
    const level = await adjustStock({ ...parsed.data, actor: user.email });
    invalidateCatalog();
    return data({ ok: true as const, sku: variant.sku, available: level.available });
  } catch (error) {
    if (error instanceof StockError && error.code === "insufficient") {
      return data(
        {
          ok: false as const,
          errors: { delta: "error.insufficient" },
          current: error.current,
          values,
        },
        { status: 409 },
      );
    }
    if (error instanceof StockError && error.code === "too_large") {
      return data(
        { ok: false as const, errors: { delta: "error.delta" }, current: error.current, values },
        { status: 422 },
      );
    }
    throw error;
  }
}
