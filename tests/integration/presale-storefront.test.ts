import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { offers } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { createPresaleOffer, createPresaleOrder } from "../factories/presale";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { invalidateCatalog } from "~/catalog/cache.server";
import { db } from "~/lib/db.server";
import { localeCookie } from "~/lib/locale.server";
import * as homeRoute from "~/routes/_store._index";
import * as productRoute from "~/routes/_store.p.$slug";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
type ProductData = Awaited<ReturnType<typeof productRoute.loader>>;
type HomeData = Awaited<ReturnType<typeof homeRoute.loader>>;
const DAY = 86_400_000;

const productPage = (slug: string, cookie?: string) =>
  callRoute<ProductData>(productRoute.loader as Fn, {
    url: `http://localhost/p/${slug}`,
    params: { slug },
    cookie,
  });
const home = (cookie?: string) =>
  callRoute<HomeData>(homeRoute.loader as Fn, { url: "http://localhost/", cookie });

async function oranges() {
  const coop = await createCooperative({
    nameZh: "信丰脐橙合作社",
    nameEn: "Xinfeng Orange Co-op",
  });
  const { product, variants } = await createProduct({
    cooperativeId: coop.id,
    nameZh: "赣南脐橙",
    nameEn: "Gannan navel oranges",
    variants: [{ priceFen: 5_990 }, { priceFen: 9_990 }],
  });
  return { product, variants };
}

describe("presales on the storefront", () => {
  it("the product page shows the pack's open presale: price, deposit now, balance later, progress, harvest, policy", async () => {
    const { product, variants } = await oranges();
    const harvestFrom = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10);
    const p = await createPresaleOffer({
      product,
      variant: variants[1]!,
      priceFen: 6_800,
      depositKind: "percent",
      depositValue: 30,
      cap: 60,
      harvestFrom,
      shortDefault: "cancel",
    });
    await createPresaleOrder(p, { quantity: 3 });
    await createPresaleOrder(p, { quantity: 2, state: "pending" });
    invalidateCatalog();

    const zh = await productPage(product.slug);
    expect(zh.status).toBe(200);
    expect(zh.data.presales).toEqual([
      expect.objectContaining({
        offerId: p.offerId,
        variantId: variants[1]!.id,
        priceFen: 6_800,
        depositFen: 2_040,
        balanceFen: 4_760,
        fullPrice: false,
        cap: 60,
        ordered: 5,
        harvestFrom,
        shortDefault: "cancel",
        policy: p.terms.policyZh,
      }),
    ]);
    const days = zh.data.presales[0]!.daysToHarvest;
    expect(days).toBeGreaterThanOrEqual(39);
    expect(days).toBeLessThanOrEqual(41);
    const en = await productPage(product.slug, (await localeCookie.serialize("en")).split(";")[0]);
    expect(en.data.presales[0]!.policy).toBe(p.terms.policyEn);

    // The same for every visitor: a signed-in shopper's page carries nothing of theirs.
    const shopper = await signedInUser({ email: "fan@example.com" });
    const theirs = await productPage(product.slug, shopper.cookie);
    expect(JSON.stringify(theirs.data.presales)).toBe(JSON.stringify(zh.data.presales));
    expect(JSON.stringify(theirs.data.presales)).not.toContain("fan@example.com");
  });

  it("the home page lists open presales only: not one yet to open, nor an ended one", async () => {
    const { product, variants } = await oranges();
    invalidateCatalog();
    expect((await home()).data.presales).toEqual([]);

    const open = await createPresaleOffer({ product, variant: variants[0]!, priceFen: 4_500 });
    const later = await createPresaleOffer({
      product,
      variant: variants[1]!,
      startsAt: new Date(Date.now() + 2 * DAY),
      endsAt: new Date(Date.now() + 20 * DAY),
    });
    const page = await home();
    expect(page.data.presales.map((x) => x.offerId)).toEqual([open.offerId]);
    expect(page.data.presales[0]).toMatchObject({
      productSlug: product.slug,
      productName: "赣南脐橙",
      priceFen: 4_500,
    });
    expect(later.offerId).not.toBe(open.offerId);

    await db().update(offers).set({ status: "ended" }).where(eq(offers.id, open.offerId));
    invalidateCatalog();
    expect((await home()).data.presales).toEqual([]);
    expect((await productPage(product.slug)).data.presales).toEqual([]);
  });

  it("a full-price presale says so: the whole price now", async () => {
    const { product, variants } = await oranges();
    await createPresaleOffer({
      product,
      variant: variants[0]!,
      depositKind: "full",
      depositValue: 0,
    });
    invalidateCatalog();
    expect((await productPage(product.slug)).data.presales[0]).toMatchObject({
      fullPrice: true,
      depositFen: 6_800,
      balanceFen: 0,
    });
  });
});
