import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildProductCsv, CSV_REQUIRED_COLUMNS, CsvFileError, parseProductCsv, parseYuan, type CsvRow } from "~/catalog/csv";
import { csvRowMessageKey, inventoryTranslator } from "~/inventory/messages";

const enc = (s: string) => new TextEncoder().encode(s);

const row: CsvRow = {
  sku: "GN-ORANGE-5KG",
  productSlug: "gannan-navel-orange",
  productNameZh: "赣南脐橙, 特级",
  productNameEn: 'Gannan "navel" oranges',
  category: "fruit",
  storageClass: "ambient",
  shelfLifeDays: 30,
  packLabelZh: "5 公斤装",
  packLabelEn: "5 kg box",
  netWeightG: 5000,
  shippingWeightG: 5600,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 200,
  priceFen: 6990,
  compareAtFen: 8800,
  available: 120,
  status: "active",
  seasonMonths: [1, 11, 12],
  descriptionZh: "多行\n描述",
  descriptionEn: "",
};

function fileWith(lines: string[]): Uint8Array {
  return enc([CSV_REQUIRED_COLUMNS.join(","), ...lines].join("\n"));
}
const good = "GN-1,gannan-navel-orange,脐橙,Oranges,fruit,ambient,30,5斤,2.5 kg,2500,2900,300,200,150,39.9,,50,active";

describe("parseYuan", () => {
  it("parses yuan to exact fen", () => {
    expect(parseYuan("39.9")).toBe(3990);
    expect(parseYuan("0.07")).toBe(7);
    expect(parseYuan("1234567.89")).toBe(123456789);
    expect(parseYuan("12")).toBe(1200);
    // Through a float, 1.15 * 100 is 114.99999999999999.
    expect(parseYuan("1.15")).toBe(115);
    for (const bad of ["", "1.234", "-1", "1,000", "¥5", "1e3", ".5", "01.00", " 1"]) expect(parseYuan(bad)).toBeNull();
  });

  it("round-trips every fen amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
        expect(parseYuan(text)).toBe(fen);
      }),
    );
  });
});

describe("product CSV", () => {
  it("builds a BOM-prefixed file that parses back to the same rows", () => {
    const text = buildProductCsv([row, { ...row, sku: "GN-2", compareAtFen: null }]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = parseProductCsv(enc(text));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map(({ line: _line, ...r }) => r)).toEqual([row, { ...row, sku: "GN-2", compareAtFen: null }]);
    // The multi-line description makes the second record start on line 4.
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it("lists every bad cell with its line, column and reason", () => {
    const { rows, errors } = parseProductCsv(
      fileWith([
        good,
        "GN-2,gannan-navel-orange,脐橙,Oranges,fruit,ambient,30,5斤,2.5 kg,2500,2000,300,200,150,39.999,,-4,sold",
        "GN-1,Bad Slug,脐橙,Oranges,meat,frozen,0,5斤,2.5 kg,2.5kg,2900,300,200,150,39.9,30,5,active",
        "GN-4,gannan-navel-orange,脐橙,Oranges,fruit,ambient,30,5斤,2.5 kg,2500,2900,300,200,150,39.9,39.9,5,active",
        "GN-5,gannan-navel-orange,Different,Oranges,fruit,ambient,30,5斤,2.5 kg,2500,2900,300,200,150,39.9,,5,active",
      ]),
    );
    expect(rows.map((r) => r.sku)).toEqual(["GN-1"]);
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => `${e.column}:${e.code}`);
    // Cross-column rules still run for cells that parsed (shipping 2000 g < net 2500 g).
    expect(at(3)).toEqual(["price_yuan:price_format", "available:integer", "status:status", "shipping_weight_g:shipping_below_net"]);
    expect(at(4)).toEqual([
      "product_slug:slug_format",
      "category:category",
      "storage_class:storage_class",
      "shelf_life_days:range",
      "net_weight_g:integer",
      "compare_at_yuan:compare_at_not_above",
    ]);
    expect(at(5)).toEqual(["compare_at_yuan:compare_at_not_above"]);
    expect(at(6)).toEqual(["product_name_zh:product_mismatch"]);
    for (const e of errors) expect(inventoryTranslator("en")(csvRowMessageKey(e.code), { value: e.value ?? "" })).not.toMatch(/invalid value/);
  });

  it("flags shipping weight below net weight and duplicate SKUs", () => {
    const { errors } = parseProductCsv(
      fileWith([good, good.replace(",2900,", ",2400,").replace("GN-1", "GN-2"), good.replace("GN-1", "gn-1")]),
    );
    expect(errors).toEqual([
      { line: 3, column: "shipping_weight_g", code: "shipping_below_net" },
      { line: 4, column: "sku", code: "duplicate_sku", value: "2" },
    ]);
  });

  it("refuses whole files with a clear reason", () => {
    const code = (bytes: Uint8Array) => {
      try {
        parseProductCsv(bytes);
        return "ok";
      } catch (e) {
        return e instanceof CsvFileError ? `${e.code}${e.detail.columns ? `:${e.detail.columns.join("|")}` : ""}` : String(e);
      }
    };
    expect(code(fileWith([good]))).toBe("ok");
    expect(code(enc("sku,product_slug\nA,b"))).toMatch(/^missing_columns:product_name_zh\|/);
    expect(code(enc(`${CSV_REQUIRED_COLUMNS.join(",")},sku\n`))).toBe("duplicate_columns:sku");
    expect(code(fileWith([]))).toBe("empty");
    expect(code(enc(""))).toBe("empty");
    expect(code(fileWith([good.replace("脐橙", '"脐橙')]))).toBe("malformed");
    expect(code(fileWith([good, "GN-2,too,few"]))).toBe("column_count");
    // "脐橙" in GBK is not valid UTF-8.
    expect(code(new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0xc6, 0xea, 0xb3, 0xc8]))).toBe("encoding");
    expect(code(new Uint8Array(2 * 1024 * 1024 + 1))).toBe("too_large");
    expect(code(fileWith(Array.from({ length: 5001 }, (_, i) => good.replace("GN-1", `GN-${i}`))))).toBe("too_many_rows");
  });

  it("reads Excel's BOM and CRLF and ignores header case and blank lines", () => {
    const text = "\uFEFF" + CSV_REQUIRED_COLUMNS.map((c) => c.toUpperCase()).join(",") + "\r\n" + good + "\r\n\r\n";
    const { rows, errors, columns } = parseProductCsv(enc(text));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ sku: "GN-1", priceFen: 3990, compareAtFen: null, available: 50 });
    // Optional columns absent from the file mean "leave as is".
    expect(columns).not.toContain("season_months");
    expect(rows[0]!.seasonMonths).toBeUndefined();
  });
});
