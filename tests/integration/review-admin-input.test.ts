import { describe, expect, it } from "vitest";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import * as editRoute from "~/routes/admin.products.$productId";
import * as imagesRoute from "~/routes/admin.products.$productId.images";
import * as variantRoute from "~/routes/admin.stock.$variantId";
import * as stockRoute from "~/routes/admin.stock._index";

withTestDatabase();

const U = "http://localhost";

/** The status Remix would answer (callRoute maps any non-Response throw to 500). */
const statusOf = async (fn: RouteFn, request: Request, params: Record<string, string> = {}) =>
  (await callRoute(fn, { request, params })).status;

function get(url: string, cookie: string) {
  return new Request(url, { headers: { Cookie: cookie } });
}

async function ownerWithStock(stock = 5) {
  const coop = await createCooperative();
  const product = await createProduct({ cooperativeId: coop.id, variants: [{ stock }] });
  const owner = await signedInUser({ memberOf: [{ cooperativeId: coop.id, role: "owner" }] });
  return { coop, variant: product.variants[0]!, owner };
}

describe("review: absurd query strings on admin stock pages are not 500s", () => {
  it("a search longer than the limit on the stock list", async () => {
    const { owner } = await ownerWithStock();
    const status = await statusOf(
      stockRoute.loader,
      get(`${U}/admin/stock?q=${"x".repeat(101)}`, owner.cookie),
    );
    expect(status).toBeLessThan(500);
  });

  it("a history cursor beyond bigint on a variant's history", async () => {
    const { owner, variant } = await ownerWithStock();
    for (const before of ["1e20", "99999999999999999999", "9007199254740993"]) {
      const status = await statusOf(
        variantRoute.loader,
        get(`${U}/admin/stock/${variant.id}?before=${before}`, owner.cookie),
        {
          variantId: variant.id,
        },
      );
      expect(status, `before=${before}`).toBeLessThan(500);
    }
  });
});

describe("review: a product id in the URL that no product can have is a 404, not a 500", () => {
  it("edit page and image actions with a NUL in the id", async () => {
    const { owner } = await ownerWithStock();
    const productId = "prd_x\u0000";
    const url = `${U}/admin/products/prd_x%00`;
    expect(await statusOf(editRoute.loader, get(url, owner.cookie), { productId })).toBe(404);
    const post = (path: string) =>
      new Request(`${url}${path}`, {
        method: "POST",
        headers: { Cookie: owner.cookie },
        body: new URLSearchParams({ intent: "archive-product" }),
      });
    expect(await statusOf(editRoute.action, post(""), { productId })).toBe(404);
    expect(await statusOf(imagesRoute.action, post("/images"), { productId })).toBe(404);
  });
});
