import { parse } from "csv-parse/sync";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { inventoryLedger, inventoryLevels, variants } from "../../db/schema";
import { bulkSave, catalogSnapshot } from "../factories/admin-world";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { withTestDatabase } from "../setup/test-db";
import type { CSV_COLUMNS } from "~/catalog/csv";
import { confirmReservations, reserve } from "~/inventory/reservations.server";
import { applyStockChanges, StockError, type StockErrorCode } from "~/inventory/stock.server";
import type * as StockModule from "~/inventory/stock.server";
import { csvRowMessageKey, inventoryTranslator } from "~/inventory/messages";
import { db } from "~/lib/db.server";
import * as csvRoute from "~/routes/admin.products.csv";
import * as exportRoute from "~/routes/admin.products.export[.]csv";

withTestDatabase();

// The real applyStockChanges unless a test makes one call refuse, to see how the page words each refusal.
vi.mock("~/inventory/stock.server", async (original) => {
  const real = await original<typeof StockModule>();
  return { ...real, applyStockChanges: vi.fn(real.applyStockChanges) };
});

const U = "http://localhost";

async function setup(names: { nameZh?: string; nameEn?: string } = {}) {
  const a = await createCooperative();
  const { product, variants: vs } = await createProduct({
    cooperativeId: a.id,
    ...names,
    variants: [
      { stock: 120, priceFen: 6990 },
      { stock: 50, priceFen: 3990, compareAtFen: 4990 },
    ],
  });
  const owner = await signedInUser({ memberOf: [{ cooperativeId: a.id }] });
  return { product, vs, owner };
}

async function exportCsv(cookie: string): Promise<string> {
  const res = (await exportRoute.loader({
    request: new Request(`${U}/admin/products/export.csv`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  })) as Response;
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(
    new Uint8Array(await res.arrayBuffer()),
  );
}

type RowError = {
  line: number;
  column: string;
  code: string;
  params?: Record<string, number | string>;
};
async function upload(cookie: string, file: string) {
  const body = new FormData();
  body.append("intent", "import");
  body.append("file", new Blob([file], { type: "text/csv" }), "products.csv");
  const request = new Request(`${U}/admin/products/csv`, {
    method: "POST",
    body,
    headers: { Cookie: cookie },
  });
  const value = (await csvRoute.action({ request, params: {}, context: {} })) as {
    data: Record<string, unknown>;
    init?: { status?: number };
  };
  return {
    status: value.init?.status ?? 200,
    data: value.data as Record<string, unknown> & { rowErrors?: RowError[] },
  };
}

/** Sells `quantity` of a pack the way checkout does: a hold, then its confirmation. */
async function sell(variantId: string, quantity: number, ref: string) {
  const held = await reserve({
    ref,
    lines: [{ variantId, quantity }],
    expiresAt: new Date(Date.now() + 15 * 60_000),
    actor: "checkout",
  });
  expect(held.ok).toBe(true);
  expect(await confirmReservations({ ref, actor: "checkout" })).toMatchObject({
    ok: true,
    confirmed: 1,
  });
}

/** Sets one cell of the row of `sku` in a CSV text. */
function edit(
  csv: string,
  sku: string,
  column: (typeof CSV_COLUMNS)[number],
  value: string,
): string {
  const [head, ...rows] = parse(csv, { relax_column_count: false }) as string[][];
  const i = head!.indexOf(column);
  for (const r of rows) if (r[0] === sku) r[i] = value;
  const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [head!, ...rows].map((r) => r.map(quote).join(",")).join("\r\n");
}

const lineOf = (csv: string, sku: string) =>
  (parse(csv) as string[][]).findIndex((r) => r[0] === sku) + 1;

async function stockOf(variantId: string) {
  const [l] = await db()
    .select()
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  return l!.available;
}
async function ledgerCount() {
  const [l] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryLedger);
  return l!.n;
}

describe("a stale CSV import does not undo sales", () => {
  it("importing an export taken before a sale leaves the sale alone", async () => {
    const { vs, owner } = await setup();
    const earlier = await exportCsv(owner.cookie);
    await sell(vs[0]!.id, 3, "ord_stale_1");
    expect(await stockOf(vs[0]!.id)).toBe(117);
    const res = await upload(owner.cookie, earlier);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, counts: { stockChanged: 0 }, stockChanges: [] });
    expect(await stockOf(vs[0]!.id)).toBe(117);
  });

  it("a stale file that only changes a price is no error: the price is saved and stock left as sold", async () => {
    const { vs, owner } = await setup();
    const earlier = await exportCsv(owner.cookie);
    await sell(vs[0]!.id, 3, "ord_stale_2");
    const res = await upload(owner.cookie, edit(earlier, vs[0]!.sku, "price_yuan", "59.90"));
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      ok: true,
      counts: { variantsUpdated: 1, stockChanged: 0 },
      stockChanges: [],
    });
    const [v] = await db().select().from(variants).where(eq(variants.id, vs[0]!.id));
    expect(v!.priceFen).toBe(5990);
    expect(await stockOf(vs[0]!.id)).toBe(117);
  });

  it("refuses a changed stock cell of a pack that sold since the export, naming the line and the figure now, and writes nothing", async () => {
    const { vs, owner } = await setup();
    const earlier = await exportCsv(owner.cookie);
    await sell(vs[0]!.id, 3, "ord_stale_3");
    const before = await catalogSnapshot();
    const ledger = await ledgerCount();
    // The other pack's stock did not move: its edit alone would be fine, but the file is all or nothing.
    let file = edit(earlier, vs[0]!.sku, "available", "150");
    file = edit(file, vs[1]!.sku, "available", "60");
    file = edit(file, vs[1]!.sku, "price_yuan", "35.00");
    const res = await upload(owner.cookie, file);
    expect(res.status).toBe(422);
    expect(res.data.rowErrors).toEqual([
      {
        line: lineOf(earlier, vs[0]!.sku),
        column: "available",
        code: "stock_moved",
        params: { current: 117, exported: 120 },
      },
    ]);
    const message = inventoryTranslator("en")(
      csvRowMessageKey("stock_moved"),
      res.data.rowErrors![0]!.params,
    );
    expect(message).toContain("now 117");
    expect(await catalogSnapshot()).toEqual(before);
    expect(await ledgerCount()).toBe(ledger);
  });

  it("applies stock edits to packs that did not move, and lists before → after for each", async () => {
    const { vs, owner } = await setup();
    await sell(vs[0]!.id, 3, "ord_fresh");
    const fresh = await exportCsv(owner.cookie);
    let file = edit(fresh, vs[0]!.sku, "available", "150");
    file = edit(file, vs[1]!.sku, "available", "40");
    const res = await upload(owner.cookie, file);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, counts: { stockChanged: 2 } });
    expect(res.data.stockChanges).toEqual([
      { line: lineOf(fresh, vs[0]!.sku), sku: vs[0]!.sku, before: 117, after: 150 },
      { line: lineOf(fresh, vs[1]!.sku), sku: vs[1]!.sku, before: 50, after: 40 },
    ]);
    expect([await stockOf(vs[0]!.id), await stockOf(vs[1]!.id)]).toEqual([150, 40]);
    const ledger = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.reason, "CSV import"))
      .orderBy(asc(inventoryLedger.id));
    expect(ledger.map((l) => [l.variantId, l.availableDelta, l.actor]).sort()).toEqual(
      [
        [vs[0]!.id, 33, owner.user.email],
        [vs[1]!.id, -10, owner.user.email],
      ].sort(),
    );
  });

  it("a stock cell edited to exactly the figure now is no change, not a refusal", async () => {
    const { vs, owner } = await setup();
    const earlier = await exportCsv(owner.cookie);
    await sell(vs[0]!.id, 3, "ord_same_now");
    const ledger = await ledgerCount();
    const res = await upload(
      owner.cookie,
      edit(edit(earlier, vs[0]!.sku, "available", "117"), vs[0]!.sku, "price_yuan", "59.90"),
    );
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      ok: true,
      counts: { variantsUpdated: 1, stockChanged: 0 },
      stockChanges: [],
    });
    expect(await stockOf(vs[0]!.id)).toBe(117);
    expect(await ledgerCount()).toBe(ledger);
  });

  it("each refusal from the inventory module is its own message, in both languages, and nothing is written", async () => {
    const { vs, owner } = await setup();
    const fresh = await exportCsv(owner.cookie);
    const file = edit(fresh, vs[0]!.sku, "available", "150");
    const before = await catalogSnapshot();
    const ledger = await ledgerCount();
    const cases: [StockErrorCode, string, string, RegExp][] = [
      ["conflict", "available", "stock_moved", /now 118/],
      ["insufficient", "available", "insufficient", /not enough stock/],
      ["too_large", "available", "stock_too_large", /more stock than/],
      ["not_found", "sku", "stock_not_found", /deleted/],
      ["invalid", "available", "stock_invalid", /whole number/],
    ];
    for (const [code, column, key, words] of cases) {
      vi.mocked(applyStockChanges).mockRejectedValueOnce(new StockError(code, vs[0]!.id, 118));
      const res = await upload(owner.cookie, file);
      expect([code, res.status]).toEqual([code, 422]);
      const e = res.data.rowErrors![0]!;
      expect([e.line, e.column, e.code]).toEqual([lineOf(fresh, vs[0]!.sku), column, key]);
      expect(csvRowMessageKey(e.code)).toBe(`csvRow.${key}`);
      expect(inventoryTranslator("en")(csvRowMessageKey(e.code), e.params)).toMatch(words);
      expect(inventoryTranslator("zh")(csvRowMessageKey(e.code), e.params)).not.toBe(
        inventoryTranslator("zh")("csvRow.invalid"),
      );
    }
    expect(await catalogSnapshot()).toEqual(before);
    expect(await ledgerCount()).toBe(ledger);
  });

  it("a file without the export's figures may not change existing stock, but may repeat it and stock new packs", async () => {
    const { vs, owner } = await setup();
    const fresh = await exportCsv(owner.cookie);
    // The same file with the available_at_export column removed, as a hand-made file would be.
    const [head, ...rows] = parse(fresh) as string[][];
    const keep = head!.map((_, i) => i).filter((i) => head![i] !== "available_at_export");
    const strip = (r: string[]) => keep.map((i) => r[i]!);
    const handMade = (edits: (r: string[]) => string[]) =>
      [strip(head!), ...rows.map((r) => edits(strip(r)))]
        .map((r) => r.map((c) => JSON.stringify(c)).join(","))
        .join("\n");
    const at = head!.indexOf("available");
    const before = await catalogSnapshot();
    const refused = await upload(
      owner.cookie,
      handMade((r) => (r[0] === vs[0]!.sku ? r.map((c, i) => (i === at ? "200" : c)) : r)),
    );
    expect(refused.status).toBe(422);
    expect(refused.data.rowErrors).toEqual([
      {
        line: lineOf(fresh, vs[0]!.sku),
        column: "available",
        code: "stock_unverified",
        params: { current: 120 },
      },
    ]);
    expect(await catalogSnapshot()).toEqual(before);
    const same = await upload(
      owner.cookie,
      handMade((r) => r),
    );
    expect(same.data).toMatchObject({ ok: true, counts: { stockChanged: 0 } });
    const newPack = [...strip(rows[0]!)];
    newPack[0] = "NEW-PACK-1";
    newPack[at] = "30";
    const added = await upload(
      owner.cookie,
      [strip(head!), newPack].map((r) => r.map((c) => JSON.stringify(c)).join(",")).join("\n"),
    );
    expect(added.data).toMatchObject({
      ok: true,
      counts: { variantsCreated: 1, stockChanged: 1 },
      stockChanges: [{ line: 2, sku: "NEW-PACK-1", before: 0, after: 30 }],
    });
  });
});

describe("formulas in the CSV export", () => {
  it("no text cell of the export starts like a formula, and importing it back changes nothing", async () => {
    const { product, vs, owner } = await setup({ nameZh: "=SUM(A1)", nameEn: "@SUM(1+1)" });
    await db()
      .update(variants)
      .set({ labelZh: "-5kg box", labelEn: "+86 box" })
      .where(eq(variants.id, vs[0]!.id));
    const text = await exportCsv(owner.cookie);
    const [head, ...rows] = parse(text) as string[][];
    const figures = new Set([
      "shelf_life_days",
      "net_weight_g",
      "shipping_weight_g",
      "length_mm",
      "width_mm",
      "height_mm",
      "price_yuan",
      "compare_at_yuan",
      "available",
      "available_at_export",
    ]);
    for (const r of rows) {
      r.forEach((cell, i) => {
        if (figures.has(head![i]!)) expect(cell, head![i]).toMatch(/^(\d+(\.\d\d)?)?$/);
        else expect(cell, head![i]).not.toMatch(/^[=+\-@\t\r]/);
      });
    }
    const first = rows.find((r) => r[0] === vs[0]!.sku)!;
    expect([
      first[head!.indexOf("product_name_zh")],
      first[head!.indexOf("pack_label_zh")],
      first[head!.indexOf("pack_label_en")],
    ]).toEqual(["'=SUM(A1)", "'-5kg box", "'+86 box"]);
    const before = await catalogSnapshot();
    const res = await upload(owner.cookie, text);
    expect(res.data).toEqual({
      ok: true,
      counts: {
        productsCreated: 0,
        productsUpdated: 0,
        variantsCreated: 0,
        variantsUpdated: 0,
        stockChanged: 0,
      },
      stockChanges: [],
    });
    expect(await catalogSnapshot()).toEqual(before);
    expect(product.nameZh).toBe("=SUM(A1)");
  });
});

describe("figures typed into the CSV", () => {
  it("refuses a price above the product form's cap and writes nothing", async () => {
    const { vs, owner } = await setup();
    const text = await exportCsv(owner.cookie);
    const before = await catalogSnapshot();
    const res = await upload(
      owner.cookie,
      edit(
        edit(text, vs[0]!.sku, "price_yuan", "100000.00"),
        vs[1]!.sku,
        "compare_at_yuan",
        "12,5",
      ),
    );
    expect(res.status).toBe(422);
    expect(res.data.rowErrors!.map((e) => [e.column, e.code, e.params])).toEqual([
      ["price_yuan", "range", { min: "0.01", max: "99999.99" }],
      ["compare_at_yuan", "price_format", undefined],
    ]);
    expect(await catalogSnapshot()).toEqual(before);
  });
});

describe("figures typed into bulk edit", () => {
  it("a compare-at price with a decimal comma is a message by the field, and nothing is written", async () => {
    const { vs, owner } = await setup();
    const before = await catalogSnapshot();
    const res = await bulkSave(owner.cookie, [
      { id: vs[1]!.id, price: "39.90", compareAt: "12,5", available: "50", expected: "50" },
    ]);
    expect(res.status).toBe(422);
    expect(res.data.errors).toEqual({ [vs[1]!.id]: { compareAt: { key: "error.price" } } });
    // The page words each key; a key missing from the dictionary was the 500.
    expect(inventoryTranslator("zh")(res.data.errors![vs[1]!.id]!.compareAt!.key as never)).toMatch(
      /39\.90/,
    );
    expect(await catalogSnapshot()).toEqual(before);
  });

  it("every malformed or out-of-range figure in every field is a known message by that field, and nothing is written", async () => {
    const { vs, owner } = await setup();
    const before = await catalogSnapshot();
    const ledger = await ledgerCount();
    const bad = [
      "12,5",
      "1e3",
      "Infinity",
      "0x10",
      "１２",
      " ",
      "-1",
      "99999999999",
      "2147483648",
      "NaN",
      "1.234",
    ];
    const dict = inventoryTranslator("en");
    for (const field of ["price", "compareAt", "available"] as const) {
      // A blank compare-at price means "none"; blank price or stock is an error.
      const extra =
        field === "available"
          ? ["10000001", ""]
          : field === "price"
            ? ["100000", "0", "9999999.99", ""]
            : ["100000", "0", "9999999.99"];
      for (const value of [...bad.filter((v) => field !== "compareAt" || v.trim()), ...extra]) {
        const row = {
          id: vs[0]!.id,
          price: "69.90",
          compareAt: "",
          available: "120",
          expected: "120",
          [field]: value,
        };
        const res = await bulkSave(owner.cookie, [row]);
        expect([field, value, res.status], JSON.stringify(res.data)).toEqual([field, value, 422]);
        const key = res.data.errors![vs[0]!.id]![field]?.key;
        expect(key, `${field}=${JSON.stringify(value)}`).toBe(
          field === "available" ? "error.available" : "error.price",
        );
        expect(() => dict(key as never)).not.toThrow();
      }
    }
    expect(await catalogSnapshot()).toEqual(before);
    expect(await ledgerCount()).toBe(ledger);
  });

  it("takes the product form's highest price, and nothing above it", async () => {
    const { vs, owner } = await setup();
    const ok = await bulkSave(owner.cookie, [
      {
        id: vs[0]!.id,
        price: "99999.98",
        compareAt: "99999.99",
        available: "120",
        expected: "120",
      },
    ]);
    expect(ok).toMatchObject({ status: 200, data: { ok: true, prices: 1 } });
    const before = await catalogSnapshot();
    const over = await bulkSave(owner.cookie, [
      { id: vs[0]!.id, price: "100000", compareAt: "", available: "120", expected: "120" },
    ]);
    expect(over.status).toBe(422);
    expect(await catalogSnapshot()).toEqual(before);
  });
});
