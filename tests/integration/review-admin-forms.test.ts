import { describe, expect, it } from "vitest";
import { catalogSnapshot, twoCooperatives } from "../factories/admin-world";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import * as newRoute from "~/routes/admin.products.new";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];

describe("review: new product with a slug already taken", () => {
  it("puts error.slugTaken under `slug`, the key the new-product form reads (no prefix there)", async () => {
    const { a, owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const res = await callRoute<{ errors: Record<string, string> }>(newRoute.action as Fn, {
      url: "http://localhost/admin/products/new",
      method: "POST",
      cookie: owner.cookie,
      form: {
        intent: "create",
        nameZh: "赣南脐橙",
        nameEn: "Gannan navel oranges",
        slug: a.product.slug,
        descriptionZh: "果园直发",
        category: "fruit",
        storageClass: "ambient",
        shelfLifeDays: "30",
        seasonMonths: "11",
        "variant.labelZh": "5斤装",
        "variant.sku": "REVIEW-NEW-1",
        "variant.priceFen": "39.90",
        "variant.netWeightG": "2.5",
        "variant.shippingWeightG": "2.8",
        "variant.lengthMm": "30",
        "variant.widthMm": "20",
        "variant.heightMm": "15",
      },
    });
    expect(res.status).toBe(422);
    expect(res.data.errors).toEqual({ slug: "error.slugTaken" });
    expect(await catalogSnapshot()).toBe(before);
  });
});
