/**
 * The CSV's columns, limits and money parsing: no csv-parse here, so pages can import it
 * without pulling Node-only code into the browser bundle.
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
/** Optional: when a column is absent, existing values are kept (and new products get empty ones). */
export const CSV_OPTIONAL_COLUMNS = ["season_months", "description_zh", "description_en"] as const;
export const CSV_COLUMNS = [...CSV_REQUIRED_COLUMNS, ...CSV_OPTIONAL_COLUMNS] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_MAX_BYTES = 2 * 1024 * 1024;
export const CSV_MAX_ROWS = 5_000;
export const MAX_STOCK = 10_000_000;

/** "12", "12.5", "12.50" → fen, exactly, by digits (never through a float); else null. */
export function parseYuan(text: string): number | null {
  const m = /^(0|[1-9]\d{0,6})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
