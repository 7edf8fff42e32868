import { describe, expect, it } from "vitest";
import { users } from "../../db/auth-schema";
import { catalogSnapshot, twoCooperatives } from "../factories/admin-world";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { buildProductCsv } from "~/catalog/csv";
import { exportProductRows } from "~/listings/csv.server";
import * as csvRoute from "~/routes/admin.products.csv";
import * as newRoute from "~/routes/admin.products.new";
import * as stockRoute from "~/routes/admin.stock._index";
import * as signUpRoute from "~/routes/_store.account.sign-up";
import * as searchRoute from "~/routes/_store.search";

withTestDatabase();

/** PostgreSQL text cannot hold U+0000: a NUL that reaches an INSERT is a 500. */
const NUL = "\u0000";

const statusOf = async (fn: RouteFn, form: Record<string, string>, cookie?: string) =>
  (await callRoute(fn, { method: "POST", url: "http://localhost/x", form, cookie })).status;

describe("review: a NUL character in a text field is a 4xx, not a 500", () => {
  it("sign-up name (no sign-in needed)", async () => {
    const status = await statusOf(signUpRoute.action, {
      email: "nul@example.com",
      name: `王${NUL}`,
      password: "correct horse battery",
    });
    expect(status).toBe(422);
    expect(await db().select().from(users)).toHaveLength(0);
  });

  it("new product name", async () => {
    const { owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const status = await statusOf(
      newRoute.action,
      {
        intent: "create",
        nameZh: `脐橙${NUL}`,
        descriptionZh: "果园直发",
        category: "fruit",
        storageClass: "ambient",
        shelfLifeDays: "30",
        seasonMonths: "11",
        "variant.labelZh": "5斤装",
        "variant.sku": "NUL-1",
        "variant.priceFen": "39.90",
        "variant.netWeightG": "2.5",
        "variant.shippingWeightG": "2.8",
        "variant.lengthMm": "30",
        "variant.widthMm": "20",
        "variant.heightMm": "15",
      },
      owner.cookie,
    );
    expect(status).toBe(422);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("stock adjustment reason", async () => {
    const { a, owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const status = await statusOf(
      stockRoute.action,
      { intent: "adjust", variantId: a.variants[0]!.id, delta: "1", reason: `盘点${NUL}` },
      owner.cookie,
    );
    expect(status).toBe(422);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("a CSV cell (the file is refused as not UTF-8 text)", async () => {
    const { a, owner } = await twoCooperatives();
    const csv = buildProductCsv(
      await exportProductRows({ cooperativeId: a.product.cooperativeId }),
    ).replace("号规格", `号${NUL}规格`);
    expect(csv).toContain(NUL);
    const before = await catalogSnapshot();
    const body = new FormData();
    body.append("intent", "import");
    body.append("file", new Blob([csv], { type: "text/csv" }), "products.csv");
    const request = new Request("http://localhost/admin/products/csv", {
      method: "POST",
      headers: { Cookie: owner.cookie },
      body,
    });
    let status: number;
    try {
      const value = await csvRoute.action({ request, params: {}, context: {} });
      status = (value as { init?: { status?: number } })?.init?.status ?? 200;
    } catch (thrown) {
      status = thrown instanceof Response ? thrown.status : 500;
    }
    expect(status).toBe(422);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("a search on the stock list", async () => {
    const { owner } = await twoCooperatives();
    const request = new Request(`http://localhost/admin/stock?q=${encodeURIComponent(`a${NUL}`)}`, {
      headers: { Cookie: owner.cookie },
    });
    let status = 200;
    try {
      await stockRoute.loader({ request, params: {}, context: {} });
    } catch (thrown) {
      status = thrown instanceof Response ? thrown.status : 500;
    }
    expect(status).toBeLessThan(500);
  });

  it("the storefront search (no sign-in needed)", async () => {
    let status = 200;
    try {
      await searchRoute.loader({
        request: new Request("http://localhost/search?q=a%00b"),
        params: {},
        context: {},
      });
    } catch (thrown) {
      status = thrown instanceof Response ? thrown.status : 500;
    }
    expect(status).toBe(200);
  });
});
