import { csvDocument } from "../lib/csv";
import { fenToDecimal } from "../lib/money";
import type { SaleAttribution } from "./attribution.server";

/*
 * The attribution download: one row per sale. Column names are fixed (spreadsheets and scripts
 * key on them); money in yuan with two decimals, times in UTC (ISO 8601); every text cell defused.
 */

const SALE_COLUMNS = [
  "session",
  "platform",
  "session_scheduled_at",
  "sale_code",
  "product_zh",
  "product_en",
  "pack_zh",
  "pack_en",
  "sku",
  "starts_at",
  "ends_at",
  "flash_price_cny",
  "orders",
  "units",
  "revenue_cny",
  "commission_bps",
  "commission_cny",
] as const;

function saleCells(r: SaleAttribution): (string | number)[] {
  return [
    r.session.title,
    r.session.platform,
    r.session.scheduledAt,
    r.code,
    r.product.nameZh,
    r.product.nameEn,
    r.product.labelZh,
    r.product.labelEn,
    r.product.sku,
    r.startsAt ?? "",
    r.endsAt ?? "",
    fenToDecimal(r.priceFen),
    r.orders,
    r.units,
    fenToDecimal(r.revenueFen),
    r.commissionBps,
    fenToDecimal(r.commissionFen),
  ];
}

/** A host's own sales. */
export function hostAttributionCsv(rows: SaleAttribution[]): string {
  return csvDocument(SALE_COLUMNS, rows.map(saleCells));
}

/** A cooperative's sales, with the host who ran each. */
export function cooperativeAttributionCsv(rows: SaleAttribution[]): string {
  return csvDocument(
    ["host_name", "host_email", ...SALE_COLUMNS],
    rows.map((r) => [r.host.name, r.host.email, ...saleCells(r)]),
  );
}
