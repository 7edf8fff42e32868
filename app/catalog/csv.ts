import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { neutraliseFormula, restoreFormula } from "../lib/csv";
import { fenToDecimal } from "../lib/money";
import {
  CSV_COLUMNS,
  CSV_MAX_BYTES,
  CSV_MAX_ROWS,
  CSV_REQUIRED_COLUMNS,
  figureSchema,
  parsePrice,
  parseWhole,
  type CsvColumn,
} from "./csv-format";
import { DIMENSION_MM, PRICE_FEN, SHELF_LIFE_DAYS, STOCK, WEIGHT_G, type Limit } from "./limits";
import {
  CATEGORIES,
  STORAGE_CLASSES,
  slugSchema,
  type Category,
  type StorageClass,
} from "./schemas";

export {
  CSV_COLUMNS,
  CSV_MAX_BYTES,
  CSV_MAX_ROWS,
  CSV_OPTIONAL_COLUMNS,
  CSV_REQUIRED_COLUMNS,
  parseYuan,
  type CsvColumn,
} from "./csv-format";

/**
 * The product/stock CSV: one row per variant, product columns repeated on each of its rows.
 * Pure: parsing, validation and building; the database side is in app/listings/csv.server.ts.
 * Documented for cooperatives in docs/csv-import.md and on the import page.
 */

export interface CsvRow {
  sku: string;
  productSlug: string;
  productNameZh: string;
  productNameEn: string;
  category: Category;
  storageClass: StorageClass;
  shelfLifeDays: number;
  packLabelZh: string;
  packLabelEn: string;
  netWeightG: number;
  shippingWeightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  priceFen: number;
  compareAtFen: number | null;
  available: number;
  status: "active" | "archived";
  seasonMonths?: number[];
  descriptionZh?: string;
  descriptionEn?: string;
  /** The stock the export saw (`available_at_export`); null when the cell is empty, absent without the column. */
  availableAtExport?: number | null;
}

/** A problem with one cell (or the whole row when `column` is null); `code` keys messages.ts. */
export interface CsvRowError {
  line: number;
  column: CsvColumn | null;
  code: string;
  value?: string;
  /** Figures the message names: the allowed range, or the stock now and at export. */
  params?: Record<string, string | number>;
}

export type CsvFileErrorCode =
  | "too_large"
  | "encoding"
  | "malformed"
  | "column_count"
  | "empty"
  | "missing_columns"
  | "duplicate_columns"
  | "too_many_rows";
export class CsvFileError extends Error {
  constructor(
    readonly code: CsvFileErrorCode,
    readonly detail: { line?: number; columns?: string[]; reason?: string } = {},
  ) {
    super(`CSV ${code}${detail.line ? ` at line ${detail.line}` : ""}`);
  }
}

const int = (limit: Limit) =>
  figureSchema((s) => parseWhole(s, limit), {
    required: "required",
    format: "integer",
    range: "range",
  });
const yuan = figureSchema(parsePrice, {
  required: "required",
  format: "price_format",
  range: "range",
});
/** An empty cell is null; otherwise the schema's value or its own error. */
const blankOr = <T>(schema: z.ZodType<T, z.ZodTypeDef, string>) =>
  z.string().transform((s, ctx): T | null => {
    if (s === "") return null;
    const r = schema.safeParse(s);
    if (r.success) return r.data;
    ctx.addIssue({ code: "custom", message: r.error.issues[0]?.message ?? "invalid" });
    return z.NEVER;
  });
const text = (max: number) => z.string().min(1, "required").max(max, "too_long");

const cells = {
  sku: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "sku_format"),
  product_slug: z.string().refine((s) => slugSchema.safeParse(s).success, "slug_format"),
  product_name_zh: text(120),
  product_name_en: text(120),
  category: z.enum(CATEGORIES, { message: "category" }),
  storage_class: z.enum(STORAGE_CLASSES, { message: "storage_class" }),
  shelf_life_days: int(SHELF_LIFE_DAYS),
  pack_label_zh: text(60),
  pack_label_en: text(60),
  net_weight_g: int(WEIGHT_G),
  shipping_weight_g: int(WEIGHT_G),
  length_mm: int(DIMENSION_MM),
  width_mm: int(DIMENSION_MM),
  height_mm: int(DIMENSION_MM),
  price_yuan: yuan,
  compare_at_yuan: blankOr(yuan),
  available: int(STOCK),
  status: z.enum(["active", "archived"], { message: "status" }),
  season_months: z
    .string()
    .regex(/^(?:(?:[1-9]|1[0-2])(?: +|$))*$/, "season_months")
    .transform((s) =>
      [...new Set(s.split(/ +/).filter(Boolean).map(Number))].sort((a, b) => a - b),
    ),
  description_zh: z.string().max(5_000, "too_long"),
  description_en: z.string().max(5_000, "too_long"),
  available_at_export: blankOr(int(STOCK)),
} satisfies Record<CsvColumn, z.ZodType>;

/** The allowed range of each figure column, as the owner writes it, for "must be from … to …". */
const RANGES: Partial<Record<CsvColumn, { min: string; max: string }>> = (() => {
  const whole = ({ min, max }: Limit) => ({ min: String(min), max: String(max) });
  const money = ({ min, max }: Limit) => ({ min: fenToDecimal(min), max: fenToDecimal(max) });
  return {
    shelf_life_days: whole(SHELF_LIFE_DAYS),
    net_weight_g: whole(WEIGHT_G),
    shipping_weight_g: whole(WEIGHT_G),
    length_mm: whole(DIMENSION_MM),
    width_mm: whole(DIMENSION_MM),
    height_mm: whole(DIMENSION_MM),
    price_yuan: money(PRICE_FEN),
    compare_at_yuan: money(PRICE_FEN),
    available: whole(STOCK),
    available_at_export: whole(STOCK),
  };
})();

// Columns of free text, whose cells may look like a formula (see neutraliseFormula).
const FORMULA_TEXT_COLUMNS: ReadonlySet<CsvColumn> = new Set([
  "sku",
  "product_slug",
  "product_name_zh",
  "product_name_en",
  "pack_label_zh",
  "pack_label_en",
  "description_zh",
  "description_en",
]);

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength > CSV_MAX_BYTES) throw new CsvFileError("too_large");
  try {
    // Excel's "CSV UTF-8" starts with a BOM; GBK/GB18030 files fail here with a clear message.
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    // NULs are what a UTF-16 ("Unicode text") or binary file looks like, and PostgreSQL text cannot hold them.
    if (text.includes("\u0000")) throw new CsvFileError("encoding");
    return text;
  } catch {
    throw new CsvFileError("encoding");
  }
}

/**
 * Parses and validates a whole file. File-level problems throw CsvFileError; row problems are
 * collected (every one, with its line and column) so the caller can refuse the lot.
 */
export function parseProductCsv(bytes: Uint8Array): {
  rows: (CsvRow & { line: number })[];
  errors: CsvRowError[];
  columns: CsvColumn[];
} {
  const source = decode(bytes);
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(source, {
      info: true,
      raw: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as never;
  } catch (error) {
    const e = error as { lines?: number; message?: string; code?: string };
    if (e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH")
      throw new CsvFileError("column_count", { line: e.lines });
    throw new CsvFileError("malformed", { line: e.lines, reason: e.message?.split(":")[0] });
  }
  const [head, ...body] = records;
  if (!head) throw new CsvFileError("empty");
  const header = head.record.map((h) => h.trim().toLowerCase());
  const duplicates = header.filter((h, i) => h && header.indexOf(h) !== i);
  if (duplicates.length) throw new CsvFileError("duplicate_columns", { columns: duplicates });
  const missing = CSV_REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new CsvFileError("missing_columns", { columns: missing });
  if (body.length === 0) throw new CsvFileError("empty");
  if (body.length > CSV_MAX_ROWS) throw new CsvFileError("too_many_rows");
  const columns = CSV_COLUMNS.filter((c) => header.includes(c));

  const rows: (CsvRow & { line: number })[] = [];
  const errors: CsvRowError[] = [];
  const bySku = new Map<string, number>();
  const byProduct = new Map<string, { line: number; row: CsvRow }>();
  for (const { record, info, raw: rawRecord } of body) {
    // Report the line a record starts on (a quoted field may span several).
    const line = info.lines - (rawRecord.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
    const values: Partial<Record<CsvColumn, unknown>> = {};
    let ok = true;
    for (const column of columns) {
      const raw = record[header.indexOf(column)] ?? "";
      const result = (cells[column] as z.ZodType).safeParse(
        FORMULA_TEXT_COLUMNS.has(column) ? restoreFormula(raw) : raw,
      );
      if (result.success) values[column] = result.data;
      else {
        ok = false;
        const code = result.error.issues[0]?.message ?? "invalid";
        const range = code === "range" ? RANGES[column] : undefined;
        errors.push({
          line,
          column,
          code,
          value: raw.slice(0, 80),
          ...(range ? { params: range } : {}),
        });
      }
    }
    // Cross-column rules run whenever their own cells parsed, so one upload shows every problem.
    const n = (c: CsvColumn) => values[c] as number | null | undefined;
    if (
      n("net_weight_g") != null &&
      n("shipping_weight_g") != null &&
      n("shipping_weight_g")! < n("net_weight_g")!
    ) {
      errors.push({ line, column: "shipping_weight_g", code: "shipping_below_net" });
      ok = false;
    }
    if (
      n("price_yuan") != null &&
      n("compare_at_yuan") != null &&
      n("compare_at_yuan")! <= n("price_yuan")!
    ) {
      errors.push({ line, column: "compare_at_yuan", code: "compare_at_not_above" });
      ok = false;
    }
    if (!ok) continue;
    const row = toRow(values);
    const before = errors.length;
    const skuKey = row.sku.toUpperCase();
    const sameSku = bySku.get(skuKey);
    if (sameSku)
      errors.push({ line, column: "sku", code: "duplicate_sku", value: String(sameSku) });
    else bySku.set(skuKey, line);
    const first = byProduct.get(row.productSlug);
    const clash = first && productColumnClash(first.row, row);
    if (clash)
      errors.push({ line, column: clash, code: "product_mismatch", value: String(first.line) });
    else if (!first) byProduct.set(row.productSlug, { line, row });
    if (errors.length === before) rows.push({ ...row, line });
  }
  return { rows, errors, columns };
}

function toRow(v: Partial<Record<CsvColumn, unknown>>): CsvRow {
  const get = <T>(c: CsvColumn) => v[c] as T;
  return {
    sku: get("sku"),
    productSlug: get("product_slug"),
    productNameZh: get("product_name_zh"),
    productNameEn: get("product_name_en"),
    category: get("category"),
    storageClass: get("storage_class"),
    shelfLifeDays: get("shelf_life_days"),
    packLabelZh: get("pack_label_zh"),
    packLabelEn: get("pack_label_en"),
    netWeightG: get("net_weight_g"),
    shippingWeightG: get("shipping_weight_g"),
    lengthMm: get("length_mm"),
    widthMm: get("width_mm"),
    heightMm: get("height_mm"),
    priceFen: get("price_yuan"),
    compareAtFen: get("compare_at_yuan"),
    available: get("available"),
    status: get("status"),
    seasonMonths: get("season_months"),
    descriptionZh: get("description_zh"),
    descriptionEn: get("description_en"),
    availableAtExport: get("available_at_export"),
  };
}

/** Product columns repeat on every variant row; they must agree, or which one wins is a guess. */
function productColumnClash(a: CsvRow, b: CsvRow): CsvColumn | null {
  const pairs: [CsvColumn, unknown, unknown][] = [
    ["product_name_zh", a.productNameZh, b.productNameZh],
    ["product_name_en", a.productNameEn, b.productNameEn],
    ["category", a.category, b.category],
    ["storage_class", a.storageClass, b.storageClass],
    ["shelf_life_days", a.shelfLifeDays, b.shelfLifeDays],
    ["season_months", a.seasonMonths?.join(" "), b.seasonMonths?.join(" ")],
    ["description_zh", a.descriptionZh, b.descriptionZh],
    ["description_en", a.descriptionEn, b.descriptionEn],
  ];
  return pairs.find(([, x, y]) => x !== y)?.[0] ?? null;
}

/**
 * The file a cooperative downloads: UTF-8 with a BOM so Excel shows Chinese correctly, text that
 * looks like a formula defused, and the stock as exported beside `available` to check an import by.
 */
export function buildProductCsv(rows: CsvRow[]): string {
  const t = neutraliseFormula;
  const body = rows.map((r) => [
    t(r.sku),
    t(r.productSlug),
    t(r.productNameZh),
    t(r.productNameEn),
    r.category,
    r.storageClass,
    r.shelfLifeDays,
    t(r.packLabelZh),
    t(r.packLabelEn),
    r.netWeightG,
    r.shippingWeightG,
    r.lengthMm,
    r.widthMm,
    r.heightMm,
    fenToDecimal(r.priceFen),
    r.compareAtFen === null ? "" : fenToDecimal(r.compareAtFen),
    r.available,
    r.status,
    (r.seasonMonths ?? []).join(" "),
    t(r.descriptionZh ?? ""),
    t(r.descriptionEn ?? ""),
    r.available,
  ]);
  return "\uFEFF" + stringify([[...CSV_COLUMNS], ...body], { record_delimiter: "\r\n" });
}
