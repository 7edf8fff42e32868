import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels, products, variants } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { withTestDatabase } from "../setup/test-db";
import { CSV_REQUIRED_COLUMNS } from "~/catalog/csv";
import { db } from "~/lib/db.server";
import * as csvRoute from "~/routes/admin.products.csv";
import * as exportRoute from "~/routes/admin.products.export[.]csv";

withTestDatabase();

const U = "http://localhost";

async function setup() {
  const a = await createCooperative({ nameEn: "A farm" });
  const b = await createCooperative({ nameEn: "B farm" });
  const pa = await createProduct({
    cooperativeId: a.id,
    nameZh: "赣南脐橙",
    seasonMonths: [11, 12, 1],
    variants: [
      { stock: 5, compareAtFen: 9900 },
      { stock: 0, priceFen: 12990 },
    ],
  });
  const pb = await createProduct({ cooperativeId: b.id, variants: [{ stock: 7 }] });
  const owner = await signedInUser({ memberOf: [{ cooperativeId: a.id }] });
  return { a, b, pa, pb, owner };
}

async function exportCsv(cookie: string): Promise<{ text: string; res: Response }> {
  const res = (await exportRoute.loader({
    request: new Request(`${U}/admin/products/export.csv`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  })) as Response;
  const bytes = new Uint8Array(await res.clone().arrayBuffer());
  return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), res };
}

async function upload(cookie: string, file: string | Uint8Array, intent = "import") {
  const body = new FormData();
  body.append("intent", intent);
  body.append("file", new Blob([file as BlobPart], { type: "text/csv" }), "products.csv");
  const request = new Request(`${U}/admin/products/csv`, {
    method: "POST",
    body,
    headers: { Cookie: cookie },
  });
  try {
    const value = (await csvRoute.action({ request, params: {}, context: {} })) as {
      data: unknown;
      init?: { status?: number };
    };
    return {
      status: value.init?.status ?? 200,
      data: value.data as Record<string, unknown> & {
        rowErrors?: { line: number; column: string; code: string }[];
      },
    };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, data: { text: await thrown.text() } };
    throw thrown;
  }
}

async function snapshot() {
  const ps = await db().select().from(products).orderBy(asc(products.id));
  const vs = await db().select().from(variants).orderBy(asc(variants.id));
  const ls = await db()
    .select({ id: inventoryLevels.variantId, a: inventoryLevels.available })
    .from(inventoryLevels)
    .orderBy(asc(inventoryLevels.variantId));
  const [ledger] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryLedger);
  return { ps, vs, ls, ledger: ledger!.n };
}

const newRow = (sku: string, slug = "new-potatoes") =>
  `${sku},${slug},土豆,Potatoes,vegetable,ambient,60,10斤,5 kg,5000,5400,400,300,200,29.9,,40,active`;

describe("CSV export and import", () => {
  it("exports UTF-8 with a BOM, and importing the same file changes nothing", async () => {
    const { owner, pa } = await setup();
    const { text, res } = await exportCsv(owner.cookie);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("赣南脐橙");
    expect(text).toContain(`${pa.variants[0]!.sku},${pa.product.slug}`);
    expect(text).toContain(",69.90,99.00,5,active,1 11 12,");
    const before = await snapshot();
    const again = await upload(owner.cookie, text);
    expect(again.status).toBe(200);
    expect(again.data).toEqual({
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
    expect(await snapshot()).toEqual(before);
  });

  it("creates and updates products, variants and stock through the ledger", async () => {
    const { owner, pa } = await setup();
    const { text } = await exportCsv(owner.cookie);
    const edited = text
      .replace(",69.90,99.00,5,active", ",59.90,99.00,12,active")
      .trimEnd()
      // New packs have no stock at export (the last column) to check against.
      .concat(
        "\r\n",
        newRow("POT-10"),
        ",11 12,,,\r\n",
        newRow("POT-5").replace("10斤", "5斤"),
        ",11 12,,,\r\n",
      );
    const res = await upload(owner.cookie, edited);
    expect(res.data).toMatchObject({
      ok: true,
      counts: {
        productsCreated: 1,
        productsUpdated: 0,
        variantsCreated: 2,
        variantsUpdated: 1,
        stockChanged: 3,
      },
    });
    expect(res.data.stockChanges).toEqual([
      { line: 2, sku: pa.variants[0]!.sku, before: 5, after: 12 },
      { line: 4, sku: "POT-10", before: 0, after: 40 },
      { line: 5, sku: "POT-5", before: 0, after: 40 },
    ]);
    const [v] = await db().select().from(variants).where(eq(variants.id, pa.variants[0]!.id));
    expect(v!.priceFen).toBe(5990);
    const ledger = await db().select().from(inventoryLedger).orderBy(asc(inventoryLedger.id));
    expect(ledger.map((l) => [l.availableDelta, l.reason, l.actor])).toEqual(
      expect.arrayContaining([
        [7, "CSV import", owner.user.email],
        [40, "CSV import", owner.user.email],
      ]),
    );
    const [potatoes] = await db().select().from(products).where(eq(products.slug, "new-potatoes"));
    expect(potatoes).toMatchObject({
      cooperativeId: pa.cooperativeId,
      category: "vegetable",
      shelfLifeDays: 60,
    });
  });

  it("changes nothing when one row among good ones is bad, and lists every bad row with line and column", async () => {
    const { owner, pb } = await setup();
    const header = CSV_REQUIRED_COLUMNS.join(",");
    const file = [
      header,
      newRow("POT-1"),
      newRow("POT-2").replace(",29.9,", ",29.999,"),
      newRow("POT-3"),
      newRow(pb.variants[0]!.sku, "new-potatoes"),
      newRow("POT-4", pb.product.slug),
    ].join("\n");
    const before = await snapshot();
    const res = await upload(owner.cookie, file);
    expect(res.status).toBe(422);
    expect(res.data.badRows).toBe(3);
    expect(res.data.rowErrors!.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, "price_yuan", "price_format"],
      [5, "sku", "sku_other_cooperative"],
      [6, "product_slug", "slug_other_cooperative"],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad files with a clear 4xx and changes nothing", async () => {
    const { owner } = await setup();
    const before = await snapshot();
    const header = CSV_REQUIRED_COLUMNS.join(",");
    const cases: [string | Uint8Array, number, string][] = [
      ["sku,price_yuan\nA,1", 422, "missing_columns"],
      [
        new Uint8Array([...new TextEncoder().encode(`${header}\n`), 0xc6, 0xea, 0xb3, 0xc8]),
        422,
        "encoding",
      ],
      [`${header}\n${newRow("X-1").replace("土豆", '"土豆')}`, 422, "malformed"],
      [`${header}\n`, 422, "empty"],
      [
        `${header}\n${Array.from({ length: 5001 }, (_, i) => newRow(`X-${i}`)).join("\n")}`,
        413,
        "too_many_rows",
      ],
      [new Uint8Array(2 * 1024 * 1024 + 10).fill(0x61), 413, "too_large"],
    ];
    for (const [file, status, code] of cases) {
      const res = await upload(owner.cookie, file);
      expect([res.status, (res.data.fileError as { code: string }).code], code).toEqual([
        status,
        code,
      ]);
    }
    expect((await upload(owner.cookie, "", "import")).data.fileError).toEqual({ code: "none" });
    expect((await upload(owner.cookie, newRow("X"), "other")).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("the same new product imported several times at once (a double click) is created once, and no import is a 5xx", async () => {
    const { owner } = await setup();
    const file = [CSV_REQUIRED_COLUMNS.join(","), newRow("RACE-1", "race-oranges")].join("\n");
    const results = await Promise.all(Array.from({ length: 4 }, () => upload(owner.cookie, file)));
    // Imports of one cooperative take turns: the first creates, the rest find the rows and change nothing.
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const created = results.map(
      (r) =>
        r.data.counts as { productsCreated: number; variantsCreated: number; stockChanged: number },
    );
    expect(created.map((c) => c.productsCreated).sort()).toEqual([0, 0, 0, 1]);
    expect(created.map((c) => c.variantsCreated).sort()).toEqual([0, 0, 0, 1]);
    expect(created.map((c) => c.stockChanged).sort()).toEqual([0, 0, 0, 1]);
    const ps = await db().select().from(products).where(eq(products.slug, "race-oranges"));
    const vs = await db().select().from(variants).where(eq(variants.sku, "RACE-1"));
    expect([ps.length, vs.length]).toEqual([1, 1]);
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, vs[0]!.id));
    expect(level!.available).toBe(40);
    const ledger = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.variantId, vs[0]!.id));
    expect(ledger.map((l) => [l.availableDelta, l.reason])).toEqual([[40, "CSV import"]]);
  });

  it("two cooperatives importing the same new slug and SKU at once: one gets them, the other a 4xx, never a 5xx", async () => {
    const { owner, b } = await setup();
    const other = await signedInUser({ memberOf: [{ cooperativeId: b.id }] });
    const file = [CSV_REQUIRED_COLUMNS.join(","), newRow("RACE-2", "race-grapes")].join("\n");
    const results = await Promise.all([
      upload(owner.cookie, file),
      upload(other.cookie, file),
      upload(owner.cookie, file),
      upload(other.cookie, file),
    ]);
    expect(
      results.every((r) => r.status < 500),
      JSON.stringify(results),
    ).toBe(true);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    // A loser is told why: the other cooperative's rows once they are committed, or "just added" if it read before.
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([409, 422]).toContain(r.status);
      if (r.status === 409) expect(r.data.fileError).toEqual({ code: "taken_meanwhile" });
    }
    const ps = await db().select().from(products).where(eq(products.slug, "race-grapes"));
    const vs = await db().select().from(variants).where(eq(variants.sku, "RACE-2"));
    expect([ps.length, vs.length]).toEqual([1, 1]);
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, vs[0]!.id));
    expect(level!.available).toBe(40);
    const ledger = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.variantId, vs[0]!.id));
    expect(ledger.map((l) => l.availableDelta)).toEqual([40]);
  });

  it("answers a multipart body it cannot read with 400, not a 500, and changes nothing", async () => {
    const { owner } = await setup();
    const before = await snapshot();
    for (const [type, body] of [
      [
        "multipart/form-data; boundary=XyZ",
        '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nimport',
      ],
      ["multipart/form-data", "intent=import"],
    ]) {
      const request = new Request(`${U}/admin/products/csv`, {
        method: "POST",
        body,
        headers: { Cookie: owner.cookie, "Content-Type": type! },
      });
      const status = await csvRoute.action({ request, params: {}, context: {} }).then(
        () => 200,
        (thrown: unknown) => (thrown instanceof Response ? thrown.status : 500),
      );
      expect(status, type).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });
});
