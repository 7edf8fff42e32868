import { csvDocument } from "../lib/csv";
import { fenToDecimal } from "../lib/money";
import type { PresaleOrderRow } from "./admin.server";

/*
 * A presale's orders as a download, in line order. Column names are fixed (spreadsheets and
 * scripts key on them); money in yuan with two decimals, times in UTC (ISO 8601).
 */
const COLUMNS = [
  "order_code",
  "quantity",
  "place_in_line",
  "state",
  "deposit_cny",
  "balance_cny",
  "deadline_at",
  "ordered_at",
] as const;

export function presaleOrdersCsv(rows: PresaleOrderRow[]): string {
  return csvDocument(
    COLUMNS,
    rows.map((r) => [
      r.code,
      r.quantity,
      r.place ?? "",
      r.state,
      fenToDecimal(r.depositFen),
      fenToDecimal(r.balanceFen),
      r.deadlineAt?.toISOString() ?? "",
      r.createdAt.toISOString(),
    ]),
  );
}
