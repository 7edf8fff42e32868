import { describe, expect, it } from "vitest";
import * as layout from "~/routes/admin";
import * as batchesRoute from "~/routes/admin.batches";
import * as dashboardRoute from "~/routes/admin._index";
import * as ordersRoute from "~/routes/admin.orders._index";
import * as editRoute from "~/routes/admin.products.$productId";
import * as listRoute from "~/routes/admin.products._index";
import * as newRoute from "~/routes/admin.products.new";
import * as profileRoute from "~/routes/admin.profile";
import * as switchRoute from "~/routes/admin.switch";
import { catalogSnapshot, twoCooperatives, withChosenCooperative } from "../factories/admin-world";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
const url = (path: string) => `http://localhost${path}`;

// Valid bodies, so that a refusal can only come from the access check.
const productForm = {
  nameZh: "新脐橙",
  descriptionZh: "甜",
  category: "fruit",
  storageClass: "ambient",
  shelfLifeDays: "30",
  seasonMonths: "11",
};
const variantForm = {
  labelZh: "5斤装",
  sku: "NEW-SKU-1",
  priceFen: "39.90",
  netWeightG: "2.5",
  shippingWeightG: "2.8",
  lengthMm: "30",
  widthMm: "20",
  heightMm: "15",
};

describe("signed-out visitors are sent to sign in", () => {
  const cases: [string, Fn, string, Record<string, string>?][] = [
    ["layout", layout.loader as Fn, "/admin"],
    ["dashboard", dashboardRoute.loader as Fn, "/admin"],
    ["product list", listRoute.loader as Fn, "/admin/products?q=x"],
    ["new product", newRoute.loader as Fn, "/admin/products/new"],
    [
      "new product (POST)",
      newRoute.action as Fn,
      "/admin/products/new",
      { intent: "create", ...productForm },
    ],
    ["edit product", editRoute.loader as Fn, "/admin/products/prd_x"],
    [
      "edit product (POST)",
      editRoute.action as Fn,
      "/admin/products/prd_x",
      { intent: "archive-product" },
    ],
    ["batches", batchesRoute.loader as Fn, "/admin/batches"],
    ["batches (POST)", batchesRoute.action as Fn, "/admin/batches", { intent: "create" }],
    ["orders", ordersRoute.loader as Fn, "/admin/orders"],
    ["profile", profileRoute.loader as Fn, "/admin/profile"],
    ["profile (POST)", profileRoute.action as Fn, "/admin/profile", { intent: "update" }],
    ["switch (POST)", switchRoute.action as Fn, "/admin/switch", { cooperativeId: "coop_x" }],
  ];
  it.each(cases)("%s", async (_name, fn, path, form) => {
    const before = await catalogSnapshot();
    const res = await callRoute(fn, {
      url: url(path),
      method: form ? "POST" : "GET",
      form,
      params: { productId: "prd_x" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(
      `/account/sign-in?redirectTo=${encodeURIComponent(path)}`,
    );
    expect(await catalogSnapshot()).toBe(before);
  });
});

describe("accounts without a cooperative get 403", () => {
  it.each([
    ["layout", layout.loader as Fn],
    ["dashboard", dashboardRoute.loader as Fn],
    ["product list", listRoute.loader as Fn],
    ["orders", ordersRoute.loader as Fn],
    ["batches", batchesRoute.loader as Fn],
    ["profile", profileRoute.loader as Fn],
  ])("%s", async (_name, fn) => {
    const { cookie } = await signedInUser({ role: "shopper" });
    expect((await callRoute(fn, { url: url("/admin"), cookie })).status).toBe(403);
  });
});

describe("a member of cooperative A cannot reach cooperative B", () => {
  it("product page of B's product: 404 on GET and on every intent, nothing changes", async () => {
    const { b, owner } = await twoCooperatives();
    const params = { productId: b.product.id };
    const page = await callRoute(editRoute.loader as Fn, {
      url: url(`/admin/products/${b.product.id}`),
      params,
      cookie: owner.cookie,
    });
    expect(page.status).toBe(404);
    const before = await catalogSnapshot();
    const v = b.variants[0]!.id;
    const forms: Record<string, string>[] = [
      { intent: "update-product", ...productForm },
      { intent: "archive-product" },
      { intent: "restore-product" },
      { intent: "add-variant", ...variantForm },
      { intent: "update-variant", variantId: v, ...variantForm },
      { intent: "archive-variant", variantId: v },
      { intent: "restore-variant", variantId: v },
    ];
    for (const form of forms) {
      const res = await callRoute(editRoute.action as Fn, {
        url: url(`/admin/products/${b.product.id}`),
        method: "POST",
        form,
        params,
        cookie: owner.cookie,
      });
      expect(res.status, form.intent).toBe(404);
    }
    expect(await catalogSnapshot()).toBe(before);
  });

  it("B's variant id posted against A's own product: 404, nothing changes", async () => {
    const { a, b, owner } = await twoCooperatives();
    const params = { productId: a.product.id };
    const before = await catalogSnapshot();
    for (const form of [
      { intent: "update-variant", variantId: b.variants[0]!.id, ...variantForm },
      { intent: "archive-variant", variantId: b.variants[0]!.id },
      { intent: "restore-variant", variantId: b.variants[1]!.id },
      { intent: "archive-variant", variantId: "var_doesnotexist" },
      { intent: "archive-variant", variantId: "'; drop table variants; --" },
    ]) {
      const res = await callRoute(editRoute.action as Fn, {
        url: url(`/admin/products/${a.product.id}`),
        method: "POST",
        form,
        params,
        cookie: owner.cookie,
      });
      expect(res.status, JSON.stringify(form)).toBe(404);
    }
    expect(await catalogSnapshot()).toBe(before);
  });

  it("lists, dashboard and batches show only A's records, even when the switcher cookie names B", async () => {
    const { a, b, owner } = await twoCooperatives();
    for (const cookie of [
      owner.cookie,
      await withChosenCooperative(owner.cookie, b.cooperativeId),
    ]) {
      const list = await callRoute<{ products: { id: string }[] }>(listRoute.loader as Fn, {
        url: url("/admin/products?status=all"),
        cookie,
      });
      expect(list.data.products.map((p) => p.id)).toEqual([a.product.id]);
      const batches = await callRoute<{ batches: { id: string }[]; products: { id: string }[] }>(
        batchesRoute.loader as Fn,
        { url: url("/admin/batches"), cookie },
      );
      expect(batches.data.batches.map((x) => x.id)).toEqual([a.batch.id]);
      expect(batches.data.products.map((x) => x.id)).toEqual([a.product.id]);
      const dash = await callRoute<{
        activePacks: number;
        unitsOnHand: number;
        upcoming: { id: string }[];
      }>(dashboardRoute.loader as Fn, { url: url("/admin"), cookie });
      expect(dash.data).toMatchObject({ activePacks: 2, unitsOnHand: 5 });
      expect(dash.data.upcoming.map((x) => x.id)).toEqual([a.batch.id]);
      const frame = await callRoute<{ cooperative: { id: string }; cooperatives: unknown[] }>(
        layout.loader as Fn,
        { url: url("/admin"), cookie },
      );
      expect(frame.data.cooperative.id).toBe(a.cooperativeId);
      expect(frame.data.cooperatives).toHaveLength(1);
    }
  });

  it("batches: B's product in a new batch, B's batch id, or moving A's batch to B's product: 404, nothing changes", async () => {
    const { a, b, owner } = await twoCooperatives();
    const batch = { expectedDate: "2026-12-01", expectedQuantityG: "100", status: "growing" };
    const before = await catalogSnapshot();
    for (const form of [
      { intent: "create", productId: b.product.id, ...batch },
      { intent: "update", batchId: b.batch.id, productId: b.product.id, ...batch },
      { intent: "update", batchId: b.batch.id, productId: a.product.id, ...batch },
      { intent: "update", batchId: a.batch.id, productId: b.product.id, ...batch },
      { intent: "update", batchId: "hb_nope", productId: a.product.id, ...batch },
    ]) {
      const res = await callRoute(batchesRoute.action as Fn, {
        url: url("/admin/batches"),
        method: "POST",
        form,
        cookie: owner.cookie,
      });
      expect(res.status, JSON.stringify(form)).toBe(404);
    }
    expect(await catalogSnapshot()).toBe(before);
  });

  it("profile: the switcher cookie naming B still edits A; staff of A may read but not edit", async () => {
    const { a, b, owner } = await twoCooperatives();
    const cookie = await withChosenCooperative(owner.cookie, b.cooperativeId);
    expect(a.cooperativeId).not.toBe(b.cooperativeId);
    const page = await callRoute<{ profile: { nameZh: string } }>(profileRoute.loader as Fn, {
      url: url("/admin/profile"),
      cookie,
    });
    expect(page.data.profile.nameZh).toBe("甲合作社");
    const staff = await signedInUser({
      memberOf: [{ cooperativeId: a.cooperativeId, role: "staff" }],
    });
    const before = await catalogSnapshot();
    const res = await callRoute(profileRoute.action as Fn, {
      url: url("/admin/profile"),
      method: "POST",
      cookie: staff.cookie,
      form: {
        intent: "update",
        nameZh: "改名",
        provinceCode: "36",
        cityZh: "赣州",
        addressZh: "某地",
        contactName: "李四",
        contactPhone: "13800000000",
        contactEmail: "a@b.cn",
        handlingDays: "2",
      },
    });
    expect(res.status).toBe(403);
    expect(await catalogSnapshot()).toBe(before);
  });

  it("switch: B's id is 404 and sets no cookie; A's own id sets it", async () => {
    const { a, b, owner } = await twoCooperatives();
    const refused = await callRoute(switchRoute.action as Fn, {
      url: url("/admin/switch"),
      method: "POST",
      form: { cooperativeId: b.cooperativeId },
      cookie: owner.cookie,
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    const ok = await callRoute(switchRoute.action as Fn, {
      url: url("/admin/switch"),
      method: "POST",
      form: { cooperativeId: a.cooperativeId, redirectTo: "https://evil.example/" },
      cookie: owner.cookie,
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/admin");
    expect(ok.headers.get("Set-Cookie")).toMatch(/^hl_admin_coop=/);
  });

  it("new product: the product always belongs to the current cooperative, whatever the form says", async () => {
    const { a, b, owner } = await twoCooperatives();
    const cookie = await withChosenCooperative(owner.cookie, b.cooperativeId);
    const form: Record<string, string> = {
      intent: "create",
      cooperativeId: b.cooperativeId,
      ...productForm,
    };
    for (const [k, v] of Object.entries(variantForm)) form[`variant.${k}`] = v;
    const res = await callRoute(newRoute.action as Fn, {
      url: url("/admin/products/new"),
      method: "POST",
      form,
      cookie,
    });
    expect(res.status).toBe(302);
    const productId = res.headers.get("Location")!.match(/\/admin\/products\/(prd_\w+)/)![1]!;
    const page = await callRoute(editRoute.loader as Fn, {
      url: url(`/admin/products/${productId}`),
      params: { productId },
      cookie,
    });
    expect(page.status).toBe(200);
    const list = await callRoute<{ products: { id: string }[] }>(listRoute.loader as Fn, {
      url: url("/admin/products"),
      cookie: owner.cookie,
    });
    expect(list.data.products.map((p) => p.id).sort()).toEqual([a.product.id, productId].sort());
  });
});

describe("platform admins and members of several cooperatives", () => {
  it("a platform admin opens any cooperative's product and may switch to any cooperative", async () => {
    const { b } = await twoCooperatives();
    const admin = await signedInUser({ role: "admin" });
    const page = await callRoute(editRoute.loader as Fn, {
      url: url(`/admin/products/${b.product.id}`),
      params: { productId: b.product.id },
      cookie: admin.cookie,
    });
    expect(page.status).toBe(200);
    const sw = await callRoute(switchRoute.action as Fn, {
      url: url("/admin/switch"),
      method: "POST",
      form: { cooperativeId: b.cooperativeId },
      cookie: admin.cookie,
    });
    expect(sw.status).toBe(302);
    const unknown = await callRoute(switchRoute.action as Fn, {
      url: url("/admin/switch"),
      method: "POST",
      form: { cooperativeId: "coop_nothere" },
      cookie: admin.cookie,
    });
    expect(unknown.status).toBe(404);
  });

  it("a member of A and B sees the one the switcher chose", async () => {
    const { a, b } = await twoCooperatives();
    const both = await signedInUser({
      memberOf: [
        { cooperativeId: a.cooperativeId },
        { cooperativeId: b.cooperativeId, role: "staff" },
      ],
    });
    const cookie = await withChosenCooperative(both.cookie, b.cooperativeId);
    const list = await callRoute<{ products: { id: string }[] }>(listRoute.loader as Fn, {
      url: url("/admin/products"),
      cookie,
    });
    expect(list.data.products.map((p) => p.id)).toEqual([b.product.id]);
    const frame = await callRoute<{ cooperatives: unknown[]; role: string }>(layout.loader as Fn, {
      url: url("/admin"),
      cookie,
    });
    expect(frame.data.cooperatives).toHaveLength(2);
    expect(frame.data.role).toBe("staff");
  });
});
