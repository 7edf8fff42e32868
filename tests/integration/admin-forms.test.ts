import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  cooperatives,
  inventoryLedger,
  inventoryLevels,
  products,
  variants,
} from "../../db/schema";
import { db } from "~/lib/db.server";
import * as batchesRoute from "~/routes/admin.batches";
import * as dashboardRoute from "~/routes/admin._index";
import * as editRoute from "~/routes/admin.products.$productId";
import * as newRoute from "~/routes/admin.products.new";
import * as profileRoute from "~/routes/admin.profile";
import * as storeProduct from "~/routes/_store.p.$slug";
import { catalogSnapshot, twoCooperatives } from "../factories/admin-world";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
type Errors = { errors: Record<string, string> };
const url = (path: string) => `http://localhost${path}`;

const product = {
  nameZh: "赣南脐橙",
  nameEn: "Gannan navel oranges",
  descriptionZh: "果园直发",
  category: "fruit",
  storageClass: "ambient",
  shelfLifeDays: "30",
  seasonMonths: "11",
};
const pack = {
  labelZh: "5斤装",
  labelEn: "2.5 kg box",
  sku: "GN-25",
  priceFen: "39.90",
  compareAtFen: "",
  netWeightG: "2.5",
  shippingWeightG: "2.8",
  lengthMm: "30",
  widthMm: "20.5",
  heightMm: "15",
};
const prefixed = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [`variant.${k}`, v]));

async function create(cookie: string, overrides: Record<string, string> = {}) {
  return callRoute<Errors>(newRoute.action as Fn, {
    url: url("/admin/products/new"),
    method: "POST",
    cookie,
    form: { intent: "create", ...product, ...prefixed(pack), ...overrides },
  });
}

describe("new product", () => {
  it("creates the product and its first pack in integer units, with a stock row at zero", async () => {
    const { owner } = await twoCooperatives();
    const res = await create(owner.cookie);
    expect(res.status).toBe(302);
    const productId = res.headers.get("Location")!.match(/(prd_\w+)/)![1]!;
    const [p] = await db().select().from(products).where(eq(products.id, productId));
    expect(p).toMatchObject({
      slug: "gannan-navel-oranges",
      seasonMonths: [11],
      shelfLifeDays: 30,
      status: "active",
    });
    const [v] = await db().select().from(variants).where(eq(variants.productId, productId));
    expect(v).toMatchObject({
      sku: "GN-25",
      priceFen: 3990,
      compareAtFen: null,
      netWeightG: 2500,
      shippingWeightG: 2800,
      lengthMm: 300,
      widthMm: 205,
      heightMm: 150,
    });
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, v!.id));
    expect(level).toMatchObject({ available: 0, reserved: 0, sold: 0 });
  });

  it.each([
    ["nameZh", { nameZh: "" }, "nameZh", "error.required"],
    ["absurd price", { "variant.priceFen": "1e9" }, "variant.priceFen", "error.price"],
    ["negative price", { "variant.priceFen": "-5" }, "variant.priceFen", "error.price"],
    ["three decimals in yuan", { "variant.priceFen": "1.999" }, "variant.priceFen", "error.price"],
    [
      "was price below price",
      { "variant.compareAtFen": "10" },
      "variant.compareAtFen",
      "error.compareAt",
    ],
    [
      "packaging lighter than produce",
      { "variant.shippingWeightG": "1" },
      "variant.shippingWeightG",
      "error.shippingWeight",
    ],
    ["a ton-sized box", { "variant.netWeightG": "5000" }, "variant.netWeightG", "error.weight"],
    ["zero box side", { "variant.heightMm": "0" }, "variant.heightMm", "error.dimension"],
    ["shelf life 0", { shelfLifeDays: "0" }, "shelfLifeDays", "error.shelfLife"],
    ["shelf life of ages", { shelfLifeDays: "99999" }, "shelfLifeDays", "error.shelfLife"],
    ["month 13", { seasonMonths: "13" }, "seasonMonths.0", "error.invalid"],
    ["unknown category", { category: "meat" }, "category", "error.choose"],
    ["bad slug", { slug: "Not A Slug" }, "slug", "error.slug"],
    ["bad sku", { "variant.sku": "有空格 的" }, "variant.sku", "error.sku"],
    ["long name", { nameZh: "橙".repeat(81) }, "nameZh", "error.tooLong"],
  ])(
    "%s: 422 next to the field, input kept, nothing written",
    async (_name, overrides, field, message) => {
      const { owner } = await twoCooperatives();
      const before = await catalogSnapshot();
      const res = await create(owner.cookie, overrides as Record<string, string>);
      expect(res.status).toBe(422);
      expect(res.data.errors[field]).toBe(message);
      expect((res.data as unknown as { values: Record<string, string> }).values.nameEn).toBe(
        product.nameEn,
      );
      expect(await catalogSnapshot()).toBe(before);
    },
  );

  it("a duplicate SKU or slug is a field error, not a crash", async () => {
    const { a, owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const sku = await create(owner.cookie, { "variant.sku": a.variants[0]!.sku });
    expect(sku.status).toBe(422);
    expect(sku.data.errors["variant.sku"]).toBe("error.skuTaken");
    const slug = await create(owner.cookie, { slug: a.product.slug });
    expect(slug.status).toBe(422);
    expect(slug.data.errors["product.slug"] ?? slug.data.errors.slug).toBe("error.slugTaken");
    expect(await catalogSnapshot()).toBe(before);
  });

  it("an unknown intent is 400", async () => {
    const { owner } = await twoCooperatives();
    const res = await create(owner.cookie, { intent: "delete-everything" });
    expect(res.status).toBe(400);
  });
});

describe("edit product and packs", () => {
  const post = (productId: string, cookie: string, form: Record<string, string>) =>
    callRoute<Errors & { saved: boolean }>(editRoute.action as Fn, {
      url: url(`/admin/products/${productId}`),
      method: "POST",
      params: { productId },
      cookie,
      form,
    });

  it("bad product and pack input is 422 with nothing written; unknown intent is 400", async () => {
    const { a, owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const bad = await post(a.product.id, owner.cookie, {
      intent: "update-product",
      ...product,
      descriptionZh: "  ",
    });
    expect(bad.status).toBe(422);
    expect(bad.data.errors.descriptionZh).toBe("error.required");
    const badPack = await post(a.product.id, owner.cookie, {
      intent: "add-variant",
      ...pack,
      priceFen: "abc",
    });
    expect(badPack.status).toBe(422);
    expect(badPack.data.errors.priceFen).toBe("error.price");
    const missing = await post(a.product.id, owner.cookie, {
      intent: "update-variant",
      variantId: a.variants[0]!.id,
      labelZh: "x",
    });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.data.errors)).toEqual(
      expect.arrayContaining(["sku", "priceFen", "netWeightG"]),
    );
    expect((await post(a.product.id, owner.cookie, { intent: "nope" })).status).toBe(400);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("edits show on the storefront at once; archiving hides the product", async () => {
    const { a, owner } = await twoCooperatives();
    const store = () =>
      callRoute<{ product: { name: string; variants: { id: string; priceFen: number }[] } }>(
        storeProduct.loader as Fn,
        { url: url(`/p/${a.product.slug}`), params: { slug: a.product.slug } },
      );
    expect((await store()).status).toBe(200); // primes the 2 s catalog cache
    const saved = await post(a.product.id, owner.cookie, {
      intent: "update-product",
      ...product,
      slug: a.product.slug,
      nameZh: "新名字",
      seasonMonths: "12",
    });
    expect(saved.status).toBe(200);
    expect((await store()).data.product.name).toBe("新名字");

    const added = await post(a.product.id, owner.cookie, { intent: "add-variant", ...pack });
    expect(added.status).toBe(200);
    const [newPack] = await db().select().from(variants).where(eq(variants.sku, "GN-25"));
    expect(newPack).toMatchObject({ productId: a.product.id, position: 2, priceFen: 3990 });
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, newPack!.id));
    expect(level?.available).toBe(0);

    const edited = await post(a.product.id, owner.cookie, {
      intent: "update-variant",
      variantId: a.variants[0]!.id,
      ...pack,
      sku: "A-1",
      priceFen: "12.5",
      compareAtFen: "15",
    });
    expect(edited.status).toBe(200);
    expect(
      (await store()).data.product.variants.find((v) => v.id === a.variants[0]!.id)?.priceFen,
    ).toBe(1250);

    expect(
      (
        await post(a.product.id, owner.cookie, {
          intent: "archive-variant",
          variantId: a.variants[0]!.id,
        })
      ).status,
    ).toBe(200);
    expect((await store()).data.product.variants.map((v) => v.id)).not.toContain(a.variants[0]!.id);
    // Archiving never touches stock numbers.
    const [kept] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, a.variants[0]!.id));
    expect(kept?.available).toBe(5);

    expect((await post(a.product.id, owner.cookie, { intent: "archive-product" })).status).toBe(
      200,
    );
    expect((await store()).status).toBe(404);
    expect((await post(a.product.id, owner.cookie, { intent: "restore-product" })).status).toBe(
      200,
    );
    expect((await store()).status).toBe(200);
  });
});

describe("harvest batches", () => {
  const post = (cookie: string, form: Record<string, string>) =>
    callRoute<Errors>(batchesRoute.action as Fn, {
      url: url("/admin/batches"),
      method: "POST",
      cookie,
      form,
    });

  it.each([
    ["no product", { productId: "" }, "productId"],
    ["30 February", { expectedDate: "2026-02-30" }, "expectedDate"],
    ["year 3000", { expectedDate: "3000-01-01" }, "expectedDate"],
    ["negative quantity", { expectedQuantityG: "-5" }, "expectedQuantityG"],
    ["absurd quantity", { expectedQuantityG: "99999999" }, "expectedQuantityG"],
    ["unknown status", { status: "rotten" }, "status"],
  ])("%s: 422, nothing written", async (_name, overrides, field) => {
    const { a, owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const res = await post(owner.cookie, {
      intent: "create",
      productId: a.product.id,
      expectedDate: "2026-12-01",
      expectedQuantityG: "800",
      status: "planned",
      ...overrides,
    });
    expect(res.status).toBe(422);
    expect(res.data.errors[field]).toBeDefined();
    expect(await catalogSnapshot()).toBe(before);
  });

  it("creates and updates a batch; the dashboard lists it until harvested", async () => {
    const { a, owner } = await twoCooperatives();
    const created = await post(owner.cookie, {
      intent: "create",
      productId: a.product.id,
      expectedDate: "2026-11-30",
      expectedQuantityG: "1200.5",
      status: "growing",
      noteZh: "晚熟",
    });
    expect(created.status).toBe(200);
    const list = await callRoute<{
      batches: { id: string; expectedQuantityG: number; status: string }[];
    }>(batchesRoute.loader as Fn, { url: url("/admin/batches"), cookie: owner.cookie });
    const mine = list.data.batches.find((b) => b.expectedQuantityG === 1_200_500)!;
    expect(mine.status).toBe("growing");
    const done = await post(owner.cookie, {
      intent: "update",
      batchId: mine.id,
      productId: a.product.id,
      expectedDate: "2026-11-30",
      expectedQuantityG: "1200.5",
      status: "harvested",
    });
    expect(done.status).toBe(200);
    const dash = await callRoute<{ upcoming: { id: string }[] }>(dashboardRoute.loader as Fn, {
      url: url("/admin"),
      cookie: owner.cookie,
    });
    expect(dash.data.upcoming.map((b) => b.id)).toEqual([a.batch.id]);
  });
});

describe("profile", () => {
  const good = {
    intent: "update",
    nameZh: "甲合作社",
    nameEn: "Cooperative A",
    provinceCode: "36",
    cityCode: "3607",
    districtCode: "360722",
    addressZh: "江西省赣州市信丰县嘉定镇某路 1 号",
    contactName: "王五",
    contactPhone: "+86 138-0000-0000",
    contactEmail: " Wang@Example.CN ",
    handlingDays: "3",
  };
  const post = (cookie: string, form: Record<string, string>) =>
    callRoute<Errors>(profileRoute.action as Fn, {
      url: url("/admin/profile"),
      method: "POST",
      cookie,
      form,
    });

  it.each([
    ["province", { provinceCode: "99" }],
    ["contactEmail", { contactEmail: "not-an-email" }],
    ["contactPhone", { contactPhone: "call me" }],
    ["handlingDays", { handlingDays: "365" }],
    ["cityCode", { cityCode: "" }],
    ["districtCode", { districtCode: "36072" }],
    // Codes that parse but do not belong together: a Beijing district under Ganzhou, a Hunan city in Jiangxi.
    ["districtCode", { districtCode: "110105" }],
    ["cityCode", { cityCode: "4305", districtCode: "430527" }],
  ])("bad %s: 422, nothing written", async (field, overrides) => {
    const { owner } = await twoCooperatives();
    const before = await catalogSnapshot();
    const res = await post(owner.cookie, { ...good, ...overrides });
    expect(res.status).toBe(422);
    expect(Object.keys(res.data.errors)).toEqual([field === "province" ? "provinceCode" : field]);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("an owner saves the profile", async () => {
    const { a, owner } = await twoCooperatives();
    expect((await post(owner.cookie, good)).status).toBe(200);
    const [row] = await db()
      .select()
      .from(cooperatives)
      .where(eq(cooperatives.id, a.cooperativeId));
    // The place comes from the picked codes, once; the street line loses the place typed into it.
    expect(row).toMatchObject({
      contactEmail: "wang@example.cn",
      handlingDays: 3,
      cityCode: "3607",
      districtCode: "360722",
      cityZh: "赣州市信丰县",
      addressZh: "嘉定镇某路 1 号",
    });
    const page = await callRoute<{ labelAddress: string; regions: { districts: unknown[] } }>(
      profileRoute.loader as Fn,
      { url: url("/admin/profile"), cookie: owner.cookie },
    );
    expect(page.data.labelAddress).toBe("江西赣州市信丰县 嘉定镇某路 1 号");
    expect(page.data.regions.districts).toContainEqual(
      expect.objectContaining({ code: "360722", name: "信丰县" }),
    );
    // A street that merely starts with the province's name keeps it.
    expect((await post(owner.cookie, { ...good, addressZh: "江西大道 1 号" })).status).toBe(200);
    const [again] = await db()
      .select({ addressZh: cooperatives.addressZh })
      .from(cooperatives)
      .where(eq(cooperatives.id, a.cooperativeId));
    expect(again!.addressZh).toBe("江西大道 1 号");
  });
});

describe("dashboard", () => {
  it("counts stock and its value, sold-out and low packs, and units sold per day from the ledger", async () => {
    const { a, owner } = await twoCooperatives();
    const now = new Date();
    await db()
      .insert(inventoryLedger)
      .values([
        {
          variantId: a.variants[0]!.id,
          soldDelta: 3,
          reason: "sale",
          actor: "test",
          createdAt: now,
        },
        {
          variantId: a.variants[0]!.id,
          soldDelta: 2,
          reason: "sale",
          actor: "test",
          createdAt: now,
        },
        {
          variantId: a.variants[1]!.id,
          soldDelta: 4,
          reason: "sale",
          actor: "test",
          createdAt: new Date(now.getTime() - 40 * 86_400_000),
        },
      ]);
    const res = await callRoute<{
      activeProducts: number;
      stockValueFen: number;
      soldOut: { variantId: string }[];
      lowStock: { variantId: string }[];
      salesByDay: { day: string; units: number }[];
    }>(dashboardRoute.loader as Fn, { url: url("/admin"), cookie: owner.cookie });
    expect(res.data.activeProducts).toBe(1);
    expect(res.data.stockValueFen).toBe(5 * 6990);
    expect(res.data.soldOut.map((p) => p.variantId)).toEqual([a.variants[1]!.id]);
    expect(res.data.lowStock.map((p) => p.variantId)).toEqual([a.variants[0]!.id]);
    expect(res.data.salesByDay).toHaveLength(30);
    expect(res.data.salesByDay.at(-1)!.units).toBe(5); // the 40-day-old sale is outside the window
    expect(res.data.salesByDay.reduce((s, d) => s + d.units, 0)).toBe(5);
  });
});
