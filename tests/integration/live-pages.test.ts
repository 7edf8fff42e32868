import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { liveClaims } from "../../db/live-schema";
import { orders } from "../../db/orders-schema";
import { variants } from "../../db/schema";
import { seedDemoLiveSales } from "../../scripts/seed/live";
import { createProduct } from "../factories/catalog";
import { liveSale } from "../factories/live";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { createUser, signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import { localeCookie } from "~/lib/locale.server";
import { submitClaim } from "~/live/claims.server";
import { newDevice } from "~/live/shopper.server";
import * as root from "~/root";
import * as claimCheckout from "~/routes/_store.claims.$claimId.checkout";
import * as home from "~/routes/_store._index";
import * as salePage from "~/routes/l.$code";

withTestDatabase();

const HOUR = 60 * 60_000;

/** Everything Remix puts into /l/:code's HTML: the root's data and the page's, and its headers. */
async function renderedData(code: string, cookie: string | null, query = "") {
  const url = `http://localhost/l/${code}${query}`;
  const rootRes = await callRoute(root.loader, { url, cookie });
  const pageRes = await callRoute(salePage.loader, { url, cookie, params: { code } });
  const headers = new Headers(
    salePage.headers({
      loaderHeaders: pageRes.headers,
      parentHeaders: new Headers(),
      actionHeaders: new Headers(),
      errorHeaders: undefined,
    }) as HeadersInit,
  );
  return { rootRes, pageRes, headers };
}

const form = (submitKey: string, o: Record<string, string> = {}) => ({
  submitKey,
  name: BEIJING.name,
  mobile: BEIJING.mobile,
  province: BEIJING.province,
  cityCode: BEIJING.cityCode,
  districtCode: BEIJING.districtCode,
  detail: BEIJING.detail,
  postcode: BEIJING.postcode ?? "",
  contactMobile: "13900139000",
  ambientService: "express",
  ...o,
});

async function guestClaim(saleId: string, quantity = 1) {
  const device = newDevice();
  const claim = await submitClaim(saleId, {
    key: `tap-${device.id}`,
    shopperKey: `d:${device.id}`,
    userId: null,
    quantity,
  });
  if (!claim.ok) throw new Error(claim.error);
  return { claim, cookie: device.setCookie.split(";")[0]! };
}

describe("the flash-sale page /l/:code", () => {
  it("is the same for every visitor: no cookie read, none set, cacheable", async () => {
    const { code } = await liveSale();
    const shopper = await signedInUser();
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    const a = await renderedData(code, null);
    const b = await renderedData(
      code,
      `${english}; ${shopper.cookie}; ${newDevice().setCookie.split(";")[0]}; hl_cart=x`,
    );
    expect(a.pageRes.status).toBe(200);
    expect(JSON.stringify(b.rootRes.data)).toBe(JSON.stringify(a.rootRes.data));
    expect(JSON.stringify(b.pageRes.data)).toBe(JSON.stringify(a.pageRes.data));
    expect(a.rootRes.data).toMatchObject({ locale: "zh" });
    for (const r of [a, b]) {
      expect(r.rootRes.headers.get("Set-Cookie")).toBeNull();
      expect(r.pageRes.headers.get("Set-Cookie")).toBeNull();
      expect(r.headers.get("Cache-Control")).toMatch(
        /^public, max-age=\d+, stale-while-revalidate=\d+$/,
      );
    }
    // The page names the sale, but nothing about the visitor or the moment.
    expect(a.pageRes.data).toMatchObject({
      sale: { code, priceFen: 990, standardFen: 1_990, status: "running" },
    });
    expect(JSON.stringify(a.pageRes.data)).not.toMatch(/remaining|serverTime/);
    // English is a link (?lang=en), the same for everyone too.
    const en = await renderedData(code, null, "?lang=en");
    expect(en.rootRes.data).toMatchObject({ locale: "en" });
    expect(en.pageRes.data).toMatchObject({ locale: "en" });
  });

  it("answers 404 for an unknown or malformed code", async () => {
    for (const code of ["zzzzzzzz", "../x", "ABCDEFGH", ""]) {
      const res = await callRoute(salePage.loader, {
        url: `http://localhost/l/${encodeURIComponent(code)}`,
        params: { code },
      });
      expect(res.status, code).toBe(404);
    }
  });
});

describe("home page", () => {
  it("links the sales live now and those starting soon, not ended or draft ones", async () => {
    const now = Date.now();
    const live = await liveSale();
    const soon = await liveSale({
      timing: {
        kind: "fixed",
        startsAt: new Date(now + HOUR),
        endsAt: new Date(now + 2 * HOUR),
      },
    });
    const draft = await liveSale({
      timing: { kind: "countdown", countdownSeconds: 10, durationSeconds: 600 },
    });
    const res = await callRoute<{
      sales: { live: { code: string }[]; upcoming: { code: string }[] };
    }>(home.loader, { url: "http://localhost/" });
    expect(res.data.sales.live.map((s) => s.code)).toEqual([live.code]);
    expect(res.data.sales.upcoming.map((s) => s.code)).toEqual([soon.code]);
    expect(JSON.stringify(res.data.sales)).not.toContain(draft.code);
  });
});

describe("claim checkout /claims/:claimId/checkout", () => {
  it("places the flash order for the claim's owner and sends them to payment", async () => {
    const { saleId } = await liveSale({ quantity: 5, priceFen: 990 });
    const { claim, cookie } = await guestClaim(saleId, 2);
    const url = `http://localhost/claims/${claim.claimId}/checkout`;
    const params = { claimId: claim.claimId };
    const page = await callRoute<{
      plan: { itemsFen: number; problems: unknown[] };
      claim: { held: boolean };
    }>(claimCheckout.loader, { url: `${url}?province=11`, cookie, params });
    expect(page.status).toBe(200);
    expect(page.data.claim.held).toBe(true);
    expect(page.data.plan).toMatchObject({ itemsFen: 1_980, problems: [] });

    const placed = await callRoute(claimCheckout.action, {
      url,
      method: "POST",
      cookie,
      params,
      form: form(newSubmitKey()),
    });
    expect(placed.status).toBe(302);
    expect(placed.headers.get("Location")).toMatch(/^\/pay\//);
    expect(placed.headers.get("Set-Cookie")).toBeTruthy(); // the guest may see their order
    const [order] = await db().select().from(orders);
    expect(order).toMatchObject({ channel: "flash", itemsFen: 1_980 });
    const [c] = await db().select().from(liveClaims).where(eq(liveClaims.id, claim.claimId));
    expect(c).toMatchObject({ status: "ordered", orderId: order!.id });
  });

  it("a signed-in shopper's claim is theirs by account, with the account's email", async () => {
    const { saleId } = await liveSale({ quantity: 5 });
    const shopper = await signedInUser();
    const claim = await submitClaim(saleId, {
      key: "tap-signed-in",
      shopperKey: `u:${shopper.user.id}`,
      userId: shopper.user.id,
      quantity: 1,
    });
    if (!claim.ok) throw new Error(claim.error);
    const placed = await callRoute(claimCheckout.action, {
      url: `http://localhost/claims/${claim.claimId}/checkout`,
      method: "POST",
      cookie: shopper.cookie,
      params: { claimId: claim.claimId },
      form: form(newSubmitKey(), { contactMobile: "" }),
    });
    expect(placed.status).toBe(302);
    const [order] = await db().select().from(orders);
    expect(order).toMatchObject({ userId: shopper.user.id, email: shopper.user.email });
  });

  it("an English sale link keeps its checkout English: ?lang=en sets the language and is dropped", async () => {
    const { saleId } = await liveSale({ quantity: 5 });
    const { claim, cookie } = await guestClaim(saleId);
    const url = `http://localhost/claims/${claim.claimId}/checkout`;
    const params = { claimId: claim.claimId };
    const res = await callRoute(claimCheckout.loader, { url: `${url}?lang=en`, cookie, params });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/claims/${claim.claimId}/checkout`);
    const lang = res.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(await localeCookie.parse(lang)).toBe("en");
    const page = await callRoute<{ locale: string }>(claimCheckout.loader, {
      url,
      cookie: `${cookie}; ${lang}`,
      params,
    });
    expect(page.data.locale).toBe("en");
    // An unknown language is dropped, and changes nothing.
    const odd = await callRoute(claimCheckout.loader, { url: `${url}?lang=xx`, cookie, params });
    expect(odd.status).toBe(302);
    expect(odd.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses another visitor (404), an expired claim and bad input, writing nothing", async () => {
    const { saleId } = await liveSale({ quantity: 5, holdSeconds: 30 });
    const { claim, cookie } = await guestClaim(saleId);
    const url = `http://localhost/claims/${claim.claimId}/checkout`;
    const params = { claimId: claim.claimId };
    const other = newDevice().setCookie.split(";")[0]!;
    for (const c of [other, null]) {
      expect((await callRoute(claimCheckout.loader, { url, cookie: c, params })).status).toBe(404);
      const post = await callRoute(claimCheckout.action, {
        url,
        method: "POST",
        cookie: c,
        params,
        form: form(newSubmitKey()),
      });
      expect(post.status).toBe(404);
    }
    expect(
      (await callRoute(claimCheckout.loader, { url, cookie, params: { claimId: "nope" } })).status,
    ).toBe(404);

    // Bad input: the fields to fix, with what was typed, and nothing placed.
    const bad = await callRoute<{ errors: Record<string, string>; values: { name: string } }>(
      claimCheckout.action,
      {
        url,
        method: "POST",
        cookie,
        params,
        form: form(newSubmitKey(), { mobile: "12", districtCode: "310104", name: "张三" }),
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.data.errors).toMatchObject({
      mobile: expect.any(String),
      districtCode: expect.any(String),
    });
    expect(bad.data.values.name).toBe("张三");
    const noSubmitKey = await callRoute(claimCheckout.action, {
      url,
      method: "POST",
      cookie,
      params,
      form: form("x"),
    });
    expect(noSubmitKey.status).toBe(422);

    // Expired: the hold lapsed (the clock moved past it).
    await db()
      .update(liveClaims)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(liveClaims.id, claim.claimId));
    const page = await callRoute<{ claim: { held: boolean } }>(claimCheckout.loader, {
      url,
      cookie,
      params,
    });
    expect(page.status).toBe(200);
    expect(page.data.claim.held).toBe(false);
    const late = await callRoute<{ message: string; gone: boolean }>(claimCheckout.action, {
      url,
      method: "POST",
      cookie,
      params,
      form: form(newSubmitKey()),
    });
    expect(late.status).toBe(410);
    expect(late.data).toMatchObject({ gone: true, message: expect.stringContaining("失效") });
    const [n] = await db().select({ n: count() }).from(orders);
    expect(n!.n).toBe(0);
    const [c] = await db().select().from(liveClaims).where(eq(liveClaims.id, claim.claimId));
    expect(c!.status).toBe("held");
  });

  it("a guest's limit counts again by the mobile given: over it is a clear 422", async () => {
    const { saleId } = await liveSale({ quantity: 10, perShopperLimit: 1 });
    const first = await guestClaim(saleId);
    const second = await guestClaim(saleId); // a new device: the same person, by mobile
    const post = (g: typeof first) =>
      callRoute<{ message: string }>(claimCheckout.action, {
        url: `http://localhost/claims/${g.claim.claimId}/checkout`,
        method: "POST",
        cookie: g.cookie,
        params: { claimId: g.claim.claimId },
        form: form(newSubmitKey()),
      });
    expect((await post(first)).status).toBe(302);
    const refused = await post(second);
    expect(refused.status).toBe(422);
    expect(refused.data.message).toContain("限购");
    const [n] = await db().select({ n: count() }).from(orders);
    expect(n!.n).toBe(1);
  });
});

describe("demo flash sales", () => {
  it("one live and one soon at every start, made afresh only once the last ones have passed", async () => {
    await createUser({ email: "host@harvest.example", role: "host" });
    const { variants: packs } = await createProduct({
      variants: [
        { stock: 0, priceFen: 6_990 },
        { stock: 0, priceFen: 3_990 },
      ],
    });
    for (const [i, sku] of ["XF-NAVEL-5", "XF-NAVEL-2.5"].entries()) {
      await db().update(variants).set({ sku }).where(eq(variants.id, packs[i]!.id));
      await adjustStock({ variantId: packs[i]!.id, delta: 200, reason: "opening", actor: "test" });
    }
    const t0 = new Date();
    const first = await seedDemoLiveSales({ db: db(), now: t0 });
    expect(first.created).toHaveLength(2);
    const listed = await callRoute<{
      sales: { live: { code: string }[]; upcoming: { code: string }[] };
    }>(home.loader, { url: "http://localhost/" });
    expect(listed.data.sales.live.map((s) => s.code)).toEqual([first.created[0]]);
    expect(listed.data.sales.upcoming.map((s) => s.code)).toEqual([first.created[1]]);
    // A restart a minute later: both still ahead of their end, nothing new.
    expect(await seedDemoLiveSales({ db: db(), now: new Date(t0.getTime() + 60_000) })).toEqual({
      created: [],
    });
    // Four hours later both windows have passed: a fresh live one and a fresh soon one.
    const later = await seedDemoLiveSales({ db: db(), now: new Date(t0.getTime() + 4 * HOUR) });
    expect(later.created).toHaveLength(2);
    expect(later.created).not.toContain(first.created[0]);
  });
});
