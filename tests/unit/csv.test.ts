import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildProductCsv,
  CSV_COLUMNS,
  CSV_REQUIRED_COLUMNS,
  CsvFileError,
  parseProductCsv,
  parseYuan,
  type CsvRow,
} from "~/catalog/csv";
import { productFields, variantFields } from "~/catalog/admin-schemas";
import { csvRowMessageKey, inventoryTranslator } from "~/inventory/messages";
import { parseBulkForm } from "~/inventory/schemas";

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
const good =
  "GN-1,gannan-navel-orange,脐橙,Oranges,fruit,ambient,30,5斤,2.5 kg,2500,2900,300,200,150,39.9,,50,active";

describe("parseYuan", () => {
  it("parses yuan to exact fen", () => {
    expect(parseYuan("39.9")).toBe(3990);
    expect(parseYuan("0.07")).toBe(7);
    expect(parseYuan("1234567.89")).toBe(123456789);
    expect(parseYuan("12")).toBe(1200);
    // Through a float, 1.15 * 100 is 114.99999999999999.
    expect(parseYuan("1.15")).toBe(115);
    for (const bad of ["", "1.234", "-1", "1,000", "¥5", "1e3", ".5", "01.00", " 1"])
      expect(parseYuan(bad)).toBeNull();
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
    // The export adds the stock it saw, which an import checks stock cells against.
    expect(parsed.rows.map(({ line: _line, ...r }) => r)).toEqual([
      { ...row, availableAtExport: 120 },
      { ...row, sku: "GN-2", compareAtFen: null, availableAtExport: 120 },
    ]);
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
    const at = (line: number) =>
      errors.filter((e) => e.line === line).map((e) => `${e.column}:${e.code}`);
    // Cross-column rules still run for cells that parsed (shipping 2000 g < net 2500 g).
    expect(at(3)).toEqual([
      "price_yuan:price_format",
      "available:integer",
      "status:status",
      "shipping_weight_g:shipping_below_net",
    ]);
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
    for (const e of errors)
      expect(
        inventoryTranslator("en")(csvRowMessageKey(e.code), { value: e.value ?? "" }),
      ).not.toMatch(/invalid value/);
  });

  it("flags shipping weight below net weight and duplicate SKUs", () => {
    const { errors } = parseProductCsv(
      fileWith([
        good,
        good.replace(",2900,", ",2400,").replace("GN-1", "GN-2"),
        good.replace("GN-1", "gn-1"),
      ]),
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
        return e instanceof CsvFileError
          ? `${e.code}${e.detail.columns ? `:${e.detail.columns.join("|")}` : ""}`
          : String(e);
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
    expect(
      code(fileWith(Array.from({ length: 5001 }, (_, i) => good.replace("GN-1", `GN-${i}`)))),
    ).toBe("too_many_rows");
  });

  it("reads Excel's BOM and CRLF and ignores header case and blank lines", () => {
    const text =
      "\uFEFF" +
      CSV_REQUIRED_COLUMNS.map((c) => c.toUpperCase()).join(",") +
      "\r\n" +
      good +
      "\r\n\r\n";
    const { rows, errors, columns } = parseProductCsv(enc(text));
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      sku: "GN-1",
      priceFen: 3990,
      compareAtFen: null,
      available: 50,
    });
    // Optional columns absent from the file mean "leave as is".
    expect(columns).not.toContain("season_months");
    expect(rows[0]!.seasonMonths).toBeUndefined();
  });
});

describe("formulas in the export", () => {
  // What a spreadsheet runs as a formula (OWASP CSV injection).
  const RUNS = /^[=+\-@\t\r]/;
  const texts = [
    "=SUM(A1)",
    "-5kg box",
    "+86 138",
    "@cmd",
    "\tTAB",
    "\rCR",
    "'=quoted",
    "''-twice",
    "'Tis the season",
    '=HYPERLINK("http://x")',
  ];

  it("puts a quote before text cells a spreadsheet would run, and reads its own export back unchanged", () => {
    const rows = texts.map((t, i) => ({
      ...row,
      sku: `F-${i}`,
      productSlug: `p-${i}`,
      productNameZh: t,
      productNameEn: t,
      packLabelZh: t,
      packLabelEn: t,
      descriptionZh: t,
      descriptionEn: t,
    }));
    const text = buildProductCsv(rows);
    const cells = (parse(text.slice(1), { relax_column_count: false }) as string[][]).slice(1);
    const textColumns = [
      "product_name_zh",
      "product_name_en",
      "pack_label_zh",
      "pack_label_en",
      "description_zh",
      "description_en",
    ].map((c) => CSV_COLUMNS.indexOf(c as never));
    for (const r of cells)
      for (const i of textColumns) expect(r[i], JSON.stringify(r[i])).not.toMatch(RUNS);
    expect(cells[0]![CSV_COLUMNS.indexOf("product_name_zh")]).toBe("'=SUM(A1)");
    // Figures stay figures: no quote before a price, a weight or stock.
    expect(
      cells[0]!.slice(CSV_COLUMNS.indexOf("net_weight_g"), CSV_COLUMNS.indexOf("available") + 1),
    ).toEqual(["5000", "5600", "400", "300", "200", "69.90", "88.00", "120"]);
    const parsed = parseProductCsv(enc(text));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map(({ line: _l, availableAtExport: _a, ...r }) => r)).toEqual(rows);
  });

  it("round-trips any text made of quotes, formula signs and separators", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^['=+\-@a1",;]{1,30}$/), (name) => {
        const parsed = parseProductCsv(
          enc(buildProductCsv([{ ...row, productNameZh: name, packLabelEn: name }])),
        );
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows[0]).toMatchObject({ productNameZh: name, packLabelEn: name });
      }),
    );
  });

  it("keeps a formula-like cell as it is when a spreadsheet saved it without the quote", () => {
    const { rows, errors } = parseProductCsv(
      fileWith([good.replace("脐橙", "=1+1").replace("2.5 kg", "'Tis")]),
    );
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ productNameZh: "=1+1", packLabelEn: "'Tis" });
  });
});

describe("figure cells", () => {
  const FIGURES = [
    "shelf_life_days",
    "net_weight_g",
    "shipping_weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "price_yuan",
    "compare_at_yuan",
    "available",
  ] as const;
  const cellsOf = (line: string) => line.split(",");
  const withCell = (column: string, value: string) => {
    const cells = cellsOf(good);
    cells[CSV_REQUIRED_COLUMNS.indexOf(column as never)] = value;
    return cells.join(",");
  };

  it("refuses malformed figures in every figure column with a message of their own, never a generic one", () => {
    const bad = [
      "12,5",
      "1e3",
      "Infinity",
      "0x10",
      "１２",
      "-5",
      "1.5.0",
      "99999999999999999999",
      "2147483648",
    ];
    for (const column of FIGURES) {
      for (const value of bad) {
        // "12,5" needs quoting in a CSV; a spreadsheet writes it so.
        const cell = value.includes(",") ? `"${value}"` : value;
        const { rows, errors } = parseProductCsv(fileWith([withCell(column, cell)]));
        expect(rows, `${column}=${value}`).toEqual([]);
        const e = errors.find((x) => x.column === column);
        expect(e, `${column}=${value}`).toBeDefined();
        expect(["integer", "price_format", "range"], `${column}=${value}: ${e!.code}`).toContain(
          e!.code,
        );
        expect(csvRowMessageKey(e!.code)).not.toBe("csvRow.invalid");
      }
    }
  });

  it("says which figures are allowed when one is out of range, with the product form's limits", () => {
    const { errors } = parseProductCsv(
      fileWith([
        withCell("price_yuan", "100000"),
        withCell("price_yuan", "0").replace("GN-1", "GN-2"),
        withCell("compare_at_yuan", "100000.00").replace("GN-1", "GN-3"),
        withCell("length_mm", "3001").replace("GN-1", "GN-4"),
        withCell("available", "10000001").replace("GN-1", "GN-5"),
        withCell("net_weight_g", "").replace("GN-1", "GN-6"),
      ]),
    );
    expect(errors.map((e) => [e.line, e.column, e.code, e.params])).toEqual([
      [2, "price_yuan", "range", { min: "0.01", max: "99999.99" }],
      [3, "price_yuan", "range", { min: "0.01", max: "99999.99" }],
      [4, "compare_at_yuan", "range", { min: "0.01", max: "99999.99" }],
      [5, "length_mm", "range", { min: "1", max: "3000" }],
      [6, "available", "range", { min: "0", max: "10000000" }],
      [7, "net_weight_g", "required", undefined],
    ]);
    expect(inventoryTranslator("en")(csvRowMessageKey("range"), errors[0]!.params)).toBe(
      "must be from 0.01 to 99999.99",
    );
    // The highest allowed figures themselves are fine.
    const top = parseProductCsv(
      fileWith([withCell("price_yuan", "99999.99").replace(",300,200,150,", ",3000,200,150,")]),
    );
    expect(top.errors).toEqual([]);
    expect(top.rows[0]).toMatchObject({ priceFen: 9_999_999, lengthMm: 3000 });
  });

  it("reads a malformed compare-at price as a price error, not a generic one", () => {
    const { errors } = parseProductCsv(fileWith([withCell("compare_at_yuan", '"12,5"')]));
    expect(errors).toMatchObject([{ column: "compare_at_yuan", code: "price_format" }]);
  });
});

describe("one set of limits", () => {
  const ID = "var_abc";
  const accepted = {
    form: (price: string, compareAt: string) => {
      const v = {
        labelZh: "5斤",
        sku: "A-1",
        netWeightG: "5",
        shippingWeightG: "5.5",
        lengthMm: "40",
        widthMm: "30",
        heightMm: "20",
      };
      return variantFields.safeParse({ ...v, priceFen: price, compareAtFen: compareAt }).success;
    },
    bulk: (price: string, compareAt: string) => {
      const form = new FormData();
      for (const [k, v] of [
        ["variantId", ID],
        [`price.${ID}`, price],
        [`compareAt.${ID}`, compareAt],
        [`available.${ID}`, "1"],
        [`expected.${ID}`, "1"],
      ])
        form.append(k!, v!);
      return Object.keys(parseBulkForm(form).errors).length === 0;
    },
    csv: (price: string, compareAt: string) => {
      const cells = good.split(",");
      cells[CSV_REQUIRED_COLUMNS.indexOf("price_yuan")] = price;
      cells[CSV_REQUIRED_COLUMNS.indexOf("compare_at_yuan")] = compareAt;
      return parseProductCsv(fileWith([cells.join(",")])).errors.length === 0;
    },
  };

  it("the product form, bulk edit and the CSV accept and refuse the same prices and compare-at prices", () => {
    const cases: [string, string, boolean][] = [
      ["0.01", "", true],
      ["99999.99", "", true],
      ["99999.98", "99999.99", true],
      ["0", "", false],
      ["100000", "", false],
      ["9999999.99", "", false],
      ["39.90", "100000.00", false],
      ["39.90", "9999999", false],
    ];
    for (const [price, compareAt, ok] of cases) {
      expect({
        price,
        compareAt,
        form: accepted.form(price, compareAt),
        bulk: accepted.bulk(price, compareAt),
        csv: accepted.csv(price, compareAt),
      }).toEqual({
        price,
        compareAt,
        form: ok,
        bulk: ok,
        csv: ok,
      });
    }
  });
});

describe("whole numbers in the product form", () => {
  it("takes ASCII digits only, as bulk edit and the CSV do", () => {
    const product = {
      nameZh: "脐橙",
      descriptionZh: "果园直发",
      category: "fruit",
      storageClass: "ambient",
      seasonMonths: ["11"],
    };
    const days = (shelfLifeDays: string) => {
      const r = productFields.safeParse({ ...product, shelfLifeDays });
      return r.success ? r.data.shelfLifeDays : null;
    };
    expect([days("30"), days(" 30 "), days("3650")]).toEqual([30, 30, 3650]);
    // z.coerce read these as 1000, 16, 0 and 30.
    for (const bad of ["1e3", "0x10", " ", "30.0", "３０", "Infinity", "3651", "99999999999"])
      expect(days(bad), bad).toBeNull();
  });
});
