import { z } from "zod";
import { PRICE_FEN, within, type Limit } from "./limits";

/**
 * The CSV's columns, file limits and the parsing of its figures (shared with bulk edit): no
 * csv-parse here, so pages can import it without pulling Node-only code into the browser bundle.
 */

export const CSV_REQUIRED_COLUMNS = [
  "sku",
  "product_slug",
  "product_name_zh",
  "product_name_en",
  "category",
  "storage_class",
  "shelf_life_days",
  "pack_label_zh",
  "pack_label_en",
  "net_weight_g",
  "shipping_weight_g",
  "length_mm",
  "width_mm",
  "height_mm",
  "price_yuan",
  "compare_at_yuan",
  "available",
  "status",
] as const;
/**
 * Optional: when a column is absent, existing values are kept (and new products get empty ones).
 * `available_at_export` is the stock the export saw, so an import can tell a stale figure from a new one.
 */
export const CSV_OPTIONAL_COLUMNS = [
  "season_months",
  "description_zh",
  "description_en",
  "available_at_export",
] as const;
export const CSV_COLUMNS = [...CSV_REQUIRED_COLUMNS, ...CSV_OPTIONAL_COLUMNS] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_MAX_BYTES = 2 * 1024 * 1024;
export const CSV_MAX_ROWS = 5_000;

/**
 * "12", "12.5", "12.50" → fen, exactly, by digits (never through a float); else null. Only the
 * form: whether the amount is an allowed price is PRICE_FEN's business (app/catalog/limits.ts).
 * ASCII digits and a point only, so "12,5", "1e3", "0x10", "Infinity" and "１２" are all null.
 */
export function parseYuan(text: string): number | null {
  // Nine whole digits stay a safe integer in fen and are plenty to say "too large" about.
  const m = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export type Figure = { ok: true; value: number } | { ok: false; error: "format" | "range" };

/** A price typed in yuan → fen within PRICE_FEN, or why not ("format" or "range"). */
export function parsePrice(text: string): Figure {
  const fen = parseYuan(text);
  if (fen === null) return { ok: false, error: "format" };
  return within(fen, PRICE_FEN) ? { ok: true, value: fen } : { ok: false, error: "range" };
}

/** A whole number of ASCII digits within `limit`; a figure too long for a safe integer is out of range. */
export function parseWhole(text: string, limit: Limit): Figure {
  if (!/^\d+$/.test(text)) return { ok: false, error: "format" };
  const n = Number(text);
  return within(n, limit) ? { ok: true, value: n } : { ok: false, error: "range" };
}

/** A zod field for a figure: its value, or one issue worded by the caller's key for what is wrong. */
export function figureSchema(
  parse: (s: string) => Figure,
  messages: Record<"required" | "format" | "range", string>,
) {
  return z
    .string()
    .trim()
    .transform((s, ctx) => {
      const f = parse(s);
      if (f.ok) return f.value;
      ctx.addIssue({ code: "custom", message: messages[s === "" ? "required" : f.error] });
      return z.NEVER;
    });
}
