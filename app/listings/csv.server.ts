import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { cooperatives, inventoryLevels, products, variants } from "../../db/schema";
import { applyStockChanges, StockError, type StockChange } from "../inventory/stock.server";
import { db, type Tx } from "../lib/db.server";
import { newId } from "../lib/ids";
import { violatedConstraint } from "../catalog/admin-db.server";
import { notAForm, unreadableForm } from "../lib/read-form.server";
import { invalidateCatalog } from "../catalog/cache.server";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import {
  CSV_MAX_BYTES,
  CsvFileError,
  parseProductCsv,
  type CsvColumn,
  type CsvRow,
  type CsvRowError,
} from "../catalog/csv";

/** Every variant of a cooperative as CSV rows, grouped by product. */
export async function exportProductRows({
  cooperativeId,
}: {
  cooperativeId: string;
}): Promise<CsvRow[]> {
  const rows = await db()
    .select({
      p: products,
      v: variants,
      available: sql<number>`coalesce(${inventoryLevels.available}, 0)`.mapWith(Number),
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventoryLevels, eq(inventoryLevels.variantId, variants.id))
    .where(eq(products.cooperativeId, cooperativeId))
    .orderBy(asc(products.slug), asc(variants.position), asc(variants.sku));
  return rows.map(({ p, v, available }) => ({
    sku: v.sku,
    productSlug: p.slug,
    productNameZh: p.nameZh,
    productNameEn: p.nameEn,
    category: p.category,
    storageClass: p.storageClass,
    shelfLifeDays: p.shelfLifeDays,
    packLabelZh: v.labelZh,
    packLabelEn: v.labelEn,
    netWeightG: v.netWeightG,
    shippingWeightG: v.shippingWeightG,
    lengthMm: v.lengthMm,
    widthMm: v.widthMm,
    heightMm: v.heightMm,
    priceFen: v.priceFen,
    compareAtFen: v.compareAtFen,
    available,
    status: v.status,
    seasonMonths: [...p.seasonMonths].sort((a, b) => a - b),
    descriptionZh: p.descriptionZh,
    descriptionEn: p.descriptionEn,
  }));
}

export interface ImportCounts {
  productsCreated: number;
  productsUpdated: number;
  variantsCreated: number;
  variantsUpdated: number;
  stockChanged: number;
}

/** One pack whose available stock the import changed, for the result page. */
export interface StockChangeLine {
  line: number;
  sku: string;
  before: number;
  after: number;
}

export type ImportResult =
  | { ok: true; counts: ImportCounts; stockChanges: StockChangeLine[] }
  | { ok: false; errors: CsvRowError[] }
  /** Another cooperative (or the product form) took one of the file's new slugs or SKUs while it ran. */
  | { ok: false; takenMeanwhile: true };

type Line = CsvRow & { line: number };

/**
 * Upserts validated rows into one cooperative, all or nothing. Rows that name another
 * cooperative's SKU or product slug are row errors, and then nothing is written.
 */
export async function importProductRows({
  cooperativeId,
  rows,
  columns,
  actor,
  rejected = [],
}: {
  cooperativeId: string;
  rows: Line[];
  columns: CsvColumn[];
  actor: string;
  /** Errors already found in other rows: still check these rows, so one upload lists every problem. */
  rejected?: CsvRowError[];
}): Promise<ImportResult> {
  const has = (c: CsvColumn) => columns.includes(c);
  const result = await db()
    .transaction(async (tx): Promise<ImportResult> => {
      // Imports of one cooperative take turns, so a double click or two tabs cannot both decide
      // "new" for the same SKU: the second waits here, then reads the first one's rows as existing
      // (each statement reads what is committed by then) and applies the file as an update.
      // NO KEY UPDATE, not UPDATE: inserts that reference the cooperative (its orders, products
      // made in the form) take KEY SHARE on this row and must not queue behind an import.
      await tx
        .select({ id: cooperatives.id })
        .from(cooperatives)
        .where(eq(cooperatives.id, cooperativeId))
        .for("no key update");
      const skus = [...new Set(rows.map((r) => r.sku))];
      const slugs = [...new Set(rows.map((r) => r.productSlug))];
      const existingVariants = new Map<
        string,
        { v: typeof variants.$inferSelect; slug: string; coop: string }
      >();
      for (const part of chunks(skus, 1000)) {
        const found = await tx
          .select({ v: variants, slug: products.slug, coop: products.cooperativeId })
          .from(variants)
          .innerJoin(products, eq(products.id, variants.productId))
          .where(inArray(variants.sku, part));
        for (const f of found) existingVariants.set(f.v.sku, f);
      }
      const existingProducts = new Map<string, typeof products.$inferSelect>();
      for (const part of chunks(slugs, 1000)) {
        for (const p of await tx.select().from(products).where(inArray(products.slug, part)))
          existingProducts.set(p.slug, p);
      }

      const errors: CsvRowError[] = [...rejected];
      for (const r of rows) {
        const v = existingVariants.get(r.sku);
        const p = existingProducts.get(r.productSlug);
        if (v && v.coop !== cooperativeId)
          errors.push({ line: r.line, column: "sku", code: "sku_other_cooperative" });
        else if (p && p.cooperativeId !== cooperativeId) {
          errors.push({ line: r.line, column: "product_slug", code: "slug_other_cooperative" });
        } else if (v && v.slug !== r.productSlug) {
          errors.push({
            line: r.line,
            column: "product_slug",
            code: "sku_other_product",
            value: v.slug,
          });
        }
      }
      const known = rows.flatMap((r) => {
        const v = existingVariants.get(r.sku);
        return v && v.coop === cooperativeId ? [{ row: r, variantId: v.v.id }] : [];
      });
      const stockPlan = await planStock(tx, known);
      errors.push(...stockPlan.errors);
      if (errors.length) return { ok: false as const, errors };

      const counts: ImportCounts = {
        productsCreated: 0,
        productsUpdated: 0,
        variantsCreated: 0,
        variantsUpdated: 0,
        stockChanged: 0,
      };
      const productIds = new Map<string, string>();
      // New rows go in as multi-row inserts: a 5,000-row file is a few statements, not thousands.
      const newProducts: (typeof products.$inferInsert)[] = [];
      const newVariants: (typeof variants.$inferInsert)[] = [];
      for (const r of firstPerProduct(rows)) {
        const fields = {
          nameZh: r.productNameZh,
          nameEn: r.productNameEn,
          category: r.category,
          storageClass: r.storageClass,
          shelfLifeDays: r.shelfLifeDays,
          ...(has("season_months") ? { seasonMonths: r.seasonMonths! } : {}),
          ...(has("description_zh") ? { descriptionZh: r.descriptionZh! } : {}),
          ...(has("description_en") ? { descriptionEn: r.descriptionEn! } : {}),
        };
        const p = existingProducts.get(r.productSlug);
        if (!p) {
          const id = newId("prd");
          newProducts.push({
            descriptionZh: "",
            descriptionEn: "",
            seasonMonths: [],
            ...fields,
            id,
            cooperativeId,
            slug: r.productSlug,
          });
          productIds.set(r.productSlug, id);
          counts.productsCreated++;
        } else {
          productIds.set(r.productSlug, p.id);
          if (differs(p, fields)) {
            await tx
              .update(products)
              .set({ ...fields, updatedAt: sql`now()` })
              .where(eq(products.id, p.id));
            counts.productsUpdated++;
          }
        }
      }

      for (const part of chunks(newProducts, 500)) await tx.insert(products).values(part);
      const stock: StockChange[] = [];
      const lines: Line[] = [];
      const nextPosition = await positions(tx, [...productIds.values()]);
      for (const r of rows) {
        const fields = {
          labelZh: r.packLabelZh,
          labelEn: r.packLabelEn,
          netWeightG: r.netWeightG,
          shippingWeightG: r.shippingWeightG,
          lengthMm: r.lengthMm,
          widthMm: r.widthMm,
          heightMm: r.heightMm,
          priceFen: r.priceFen,
          compareAtFen: r.compareAtFen,
          status: r.status,
        };
        const existing = existingVariants.get(r.sku);
        let variantId: string;
        let expected: number | undefined;
        if (!existing) {
          variantId = newId("var");
          const productId = productIds.get(r.productSlug)!;
          const position = nextPosition.get(productId) ?? 0;
          nextPosition.set(productId, position + 1);
          newVariants.push({ ...fields, id: variantId, productId, sku: r.sku, position });
          counts.variantsCreated++;
        } else {
          variantId = existing.v.id;
          if (differs(existing.v, fields)) {
            await tx
              .update(variants)
              .set({ ...fields, updatedAt: sql`now()` })
              .where(eq(variants.id, variantId));
            counts.variantsUpdated++;
          }
          if (!stockPlan.changed.has(r.line)) continue;
          expected = r.availableAtExport ?? undefined;
        }
        // An existing pack gets here only with an edited figure; a new one always (for its level row, even at 0).
        stock.push({ variantId, available: r.available, expected, reason: "CSV import", actor });
        lines.push(r);
      }
      for (const part of chunks(newVariants, 500)) await tx.insert(variants).values(part);
      let applied: Awaited<ReturnType<typeof applyStockChanges>>;
      try {
        applied = await applyStockChanges(stock, { tx });
      } catch (error) {
        if (!(error instanceof StockError)) throw error;
        const r = lines[stock.findIndex((c) => c.variantId === error.variantId)];
        if (!r) throw error;
        // Everything above is undone; the row says what the inventory module refused.
        throw new ImportRollback([stockErrorRow(error, r)]);
      }
      const stockChanges = applied.flatMap((c, i) =>
        c.delta === 0
          ? []
          : [
              {
                line: lines[i]!.line,
                sku: lines[i]!.sku,
                before: c.available - c.delta,
                after: c.available,
              },
            ],
      );
      counts.stockChanged = stockChanges.length;
      return { ok: true as const, counts, stockChanges };
    })
    .catch((error: unknown): ImportResult => {
      if (error instanceof ImportRollback) return { ok: false as const, errors: error.errors };
      // The lock above serialises one cooperative's imports; slugs and SKUs are unique across all
      // cooperatives, so another one (or the product form) can still insert the same new key first.
      const constraint = violatedConstraint(error);
      if (constraint === "products_slug_unique" || constraint === "variants_sku_unique")
        return { ok: false as const, takenMeanwhile: true as const };
      throw error;
    });
  if (result.ok) invalidateCatalog();
  return result;
}

/** A stock change the inventory module refused, as the row error the owner reads. */
function stockErrorRow(error: StockError, r: Line): CsvRowError {
  const current = error.current ?? 0;
  switch (error.code) {
    // A sale between planStock's read and the lock: refused like any moved figure.
    case "conflict":
      return {
        line: r.line,
        column: "available",
        code: "stock_moved",
        params: { current, exported: r.availableAtExport ?? 0 },
      };
    case "insufficient":
      return { line: r.line, column: "available", code: "insufficient", params: { current } };
    case "too_large":
      return { line: r.line, column: "available", code: "stock_too_large", params: { current } };
    // The pack was deleted while the file was being imported.
    case "not_found":
      return { line: r.line, column: "sku", code: "stock_not_found" };
    case "invalid":
      return { line: r.line, column: "available", code: "stock_invalid" };
  }
}

class ImportRollback extends Error {
  constructor(readonly errors: CsvRowError[]) {
    super("CSV import rolled back");
  }
}

/**
 * Which existing packs' stock the file changes, and which it may not. A cell equal to its
 * `available_at_export` was not edited, so it changes nothing however stale the file is; a cell
 * equal to the figure now changes nothing either, so it is not refused as moved. An edited
 * cell is applied only if the pack still has the exported figure: the `expected` figure that
 * bulk edit also sends, checked by applyStockChanges under the row lock. Without an exported
 * figure a different cell cannot be told from a stale one, and is refused. The figures are read
 * here first only so that one upload lists every such row, not just the first.
 */
async function planStock(
  tx: Tx,
  known: { row: Line; variantId: string }[],
): Promise<{ changed: Set<number>; errors: CsvRowError[] }> {
  const now = new Map<string, number>();
  for (const part of chunks(
    known.map((k) => k.variantId),
    1000,
  )) {
    const levels = await tx
      .select({ id: inventoryLevels.variantId, available: inventoryLevels.available })
      .from(inventoryLevels)
      .where(inArray(inventoryLevels.variantId, part));
    for (const l of levels) now.set(l.id, l.available);
  }
  const changed = new Set<number>();
  const errors: CsvRowError[] = [];
  for (const { row: r, variantId } of known) {
    const exported = r.availableAtExport ?? null;
    const current = now.get(variantId) ?? 0;
    // Equal to the export: not edited. Equal to the figure now (exported 120, 3 sold, typed 117):
    // nothing to change, so nothing to refuse, whatever happened since the export.
    if (r.available === current || r.available === exported) continue;
    if (exported === null)
      errors.push({
        line: r.line,
        column: "available",
        code: "stock_unverified",
        params: { current },
      });
    else if (current !== exported)
      errors.push({
        line: r.line,
        column: "available",
        code: "stock_moved",
        params: { current, exported },
      });
    else changed.add(r.line);
  }
  return { changed, errors };
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function firstPerProduct(rows: Line[]): Line[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.productSlug) && seen.add(r.productSlug));
}

function differs(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  // Season months are a set: [11, 12, 1] and [1, 11, 12] are the same season.
  const norm = (v: unknown) =>
    JSON.stringify(Array.isArray(v) ? [...(v as number[])].sort((a, b) => a - b) : v);
  return Object.entries(next).some(([k, v]) => norm(current[k]) !== norm(v));
}

/** The next free variant position per product, so new packs sort after existing ones. */
async function positions(tx: Tx, productIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(productIds, 1000)) {
    const rows = await tx
      .select({
        productId: variants.productId,
        next: sql<number>`max(${variants.position}) + 1`.mapWith(Number),
      })
      .from(variants)
      .where(and(inArray(variants.productId, part)))
      .groupBy(variants.productId);
    for (const r of rows) out.set(r.productId, r.next);
  }
  return out;
}

export type CsvUpload =
  { intent: string; bytes: Uint8Array | null } | { error: CsvFileError; status: number };

/** Reads the upload form without ever holding more than the size limit of one file in memory. */
export async function readCsvUpload(request: Request): Promise<CsvUpload> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > CSV_MAX_BYTES + 64 * 1024)
    return { error: new CsvFileError("too_large"), status: 413 };
  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    throw notAForm(["multipart/form-data"]);
  }
  try {
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: CSV_MAX_BYTES }),
    );
    const file = form.get("file");
    const bytes =
      file && typeof file !== "string" && file.size > 0
        ? new Uint8Array(await file.arrayBuffer())
        : null;
    return { intent: String(form.get("intent") ?? ""), bytes };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { error: new CsvFileError("too_large"), status: 413 };
    // Anything else the multipart parser throws is a body it could not read (no boundary, cut short).
    throw unreadableForm();
  }
}

export type CsvImportOutcome =
  | { ok: true; counts: ImportCounts; stockChanges: StockChangeLine[] }
  | {
      ok: false;
      status: number;
      fileError: { code: string; line?: number; columns?: string[]; reason?: string };
    }
  | { ok: false; status: number; rowErrors: CsvRowError[]; badRows: number };

/** Parses, validates and imports one file into one cooperative: all rows or none. */
export async function importProductCsv({
  cooperativeId,
  bytes,
  actor,
}: {
  cooperativeId: string;
  bytes: Uint8Array;
  actor: string;
}): Promise<CsvImportOutcome> {
  let parsed: ReturnType<typeof parseProductCsv>;
  try {
    parsed = parseProductCsv(bytes);
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    const status = error.code === "too_large" || error.code === "too_many_rows" ? 413 : 422;
    return { ok: false, status, fileError: { code: error.code, ...error.detail } };
  }
  const result = await importProductRows({
    cooperativeId,
    rows: parsed.rows,
    columns: parsed.columns,
    actor,
    rejected: parsed.errors,
  });
  if (result.ok) return result;
  if ("takenMeanwhile" in result)
    return { ok: false, status: 409, fileError: { code: "taken_meanwhile" } };
  const errors = [...result.errors].sort((a, b) => a.line - b.line);
  return {
    ok: false,
    status: 422,
    rowErrors: errors,
    badRows: new Set(errors.map((e) => e.line)).size,
  };
}
