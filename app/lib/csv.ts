import { stringify } from "csv-stringify/sync";

/*
 * CSV files people open in a spreadsheet. Text cells a spreadsheet could run as a formula (OWASP
 * "CSV injection": a leading `=`, `+`, `-`, `@`, tab or carriage return) get a `'` in front, and
 * so does one that is already `'` + formula, so an import can take exactly one `'` off and get the
 * text back.
 */

const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The reverse; a formula-like cell without the `'` (Excel drops it on saving) is kept as it is. */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}

/**
 * A downloadable CSV: UTF-8 with a BOM (so Excel shows Chinese correctly), CRLF line ends. Numbers
 * go out as they are; every text cell is defused.
 */
export function csvDocument(header: readonly string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "string" ? neutraliseFormula(c) : c)));
  return "\uFEFF" + stringify([[...header], ...cells], { record_delimiter: "\r\n" });
}

/** The response that makes the browser save `csv` as `filename`; never cached (it holds sales figures). */
export function csvDownload(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
