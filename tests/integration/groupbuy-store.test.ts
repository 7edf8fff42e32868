import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { groupbuyJoins } from "../../db/groupbuy-schema";
import { orders } from "../../db/orders-schema";
import { offerLevels } from "../../db/schema";
import { groupbuyWorld, joinAndPay, payJoin, type GroupbuyWorld } from "../factories/groupbuy";
import { newSubmitKey } from "../factories/orders";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { settleDeal } from "~/groupbuy/settle.server";
import type { StoreDeal } from "~/groupbuy/storefront.server";
import { db } from "~/lib/db.server";
import { invalidateCatalog } from "~/catalog/cache.server";
import * as home from "~/routes/_store._index";
import * as orderPage from "~/routes/_store.orders.$orderId";
import * as sharePage from "~/routes/_store.g.$code";
import * as qrPng from "~/routes/g.$code.qr[.]png";
import * as qrSvg from "~/routes/g.$code.qr[.]svg";

/*
 * The share page /g/:code and a join's order page, through their loaders and actions as Remix
 * calls them: a guest joins at a pickup point and is sent to pay; refusals come back by field with
 * nothing changed; after settlement the order page shows the tier price and the pickup code.
 */

withTestDatabase();

const HOUR = 3_600_000;
const later = () => new Date(Date.now() + 3 * HOUR);

const ordersCount = async () => (await db().select({ n: count() }).from(orders))[0]!.n;
const joinsCount = async () => (await db().select({ n: count() }).from(groupbuyJoins))[0]!.n;
async function poolOf(offerId: string) {
  const [row] = await db().select().from(offerLevels).where(eq(offerLevels.offerId, offerId));
  return row!;
}

const pageUrl = (w: GroupbuyWorld) => `http://localhost/g/${w.shareCode}`;

function joinForm(w: GroupbuyWorld, over: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "join",
    submitKey: newSubmitKey(),
    quantity: "2",
    pickupPointId: w.points[0]!.id,
    name: "张三",
    mobile: "139 1234 5678",
    email: "",
    ...over,
  };
}

const post = (w: GroupbuyWorld, form: Record<string, string>, cookie?: string) =>
  callRoute<{ errors: Record<string, string>; message: string | null; left?: number }>(
    sharePage.action,
    { url: pageUrl(w), method: "POST", form, params: { code: w.shareCode }, cookie },
  );

describe("the share page /g/:code", () => {
  it("shows the pack, the tiers with the one reached, the progress and the deal's pickup points", async () => {
    const w = await groupbuyWorld();
    await joinAndPay(w, { quantity: 2 });
    const res = await callRoute<{ deal: StoreDeal; serverTime: string; shareUrl: string }>(
      sharePage.loader,
      { url: pageUrl(w), params: { code: w.shareCode } },
    );
    expect(res.status).toBe(200);
    const d = res.data.deal;
    expect(d.phase).toBe("open");
    expect(d.tiers.map((t) => t.priceFen)).toEqual([3000, 2600, 2200]);
    expect(d.progress.joined).toBe(2);
    expect(d.progress.reached?.priceFen).toBe(3000);
    expect(d.progress.next).toMatchObject({ needed: 1, tier: { priceFen: 2600 } });
    expect(d.progress.neededForMin).toBe(1);
    expect(d.left).toBe(8);
    expect(d.joinLimit).toBe(8);
    expect(d.points.map((p) => p.name).sort()).toEqual(["东门社区店", "西街便利店"]);
    expect(d.points[0]!.openingHours).toBe("每天 9:00–20:00");
    expect(d.points[0]!.address).toContain("赣州");
    expect(res.data.shareUrl).toBe(`http://localhost/g/${w.shareCode}`);
    expect(Date.parse(res.data.serverTime)).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown or malformed code", async () => {
    await groupbuyWorld();
    for (const code of ["zzzzzzzz", "ABC", "../etc/passwd", "22222222'"]) {
      const res = await callRoute(sharePage.loader, {
        url: `http://localhost/g/${encodeURIComponent(code)}`,
        params: { code },
      });
      expect(res.status).toBe(404);
      const posted = await callRoute(sharePage.action, {
        url: `http://localhost/g/x`,
        method: "POST",
        form: { intent: "join" },
        params: { code },
      });
      expect(posted.status).toBe(404);
    }
  });

  it("joins a guest at a pickup point and sends them to pay; the order page then holds it", async () => {
    const w = await groupbuyWorld();
    const res = await post(w, joinForm(w));
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    expect(location).toMatch(/^\/pay\//);
    const cookie = cookieFrom(res.headers)!;
    expect(cookie).toBeTruthy();
    const [join] = await db().select().from(groupbuyJoins);
    expect(join).toMatchObject({ quantity: 2, pickupPointId: w.points[0]!.id, state: "pending" });
    const [order] = await db().select().from(orders).where(eq(orders.id, join!.orderId));
    expect(order).toMatchObject({ channel: "groupbuy", totalFen: 6000, mobile: "13912345678" });

    // The guest's cookie opens the order page; the card says what will be held.
    const page = await callRoute<{ groupbuy: { joinState: string; heldFen: number | null } }>(
      orderPage.loader,
      {
        url: `http://localhost/orders/${join!.orderId}`,
        params: { orderId: join!.orderId },
        cookie,
      },
    );
    expect(page.status).toBe(200);
    expect(page.data.groupbuy).toMatchObject({ joinState: "pending" });
  });

  it("refuses by field and changes nothing: quantity, point, name, mobile, email, delivery", async () => {
    const w = await groupbuyWorld();
    const before = {
      orders: await ordersCount(),
      joins: await joinsCount(),
      pool: await poolOf(w.offerId),
    };
    const cases: [Record<string, string>, string, string][] = [
      [{ quantity: "0" }, "quantity", "groupbuy.join.quantity"],
      [{ quantity: "21" }, "quantity", "groupbuy.join.quantity"],
      [{ quantity: "2.5" }, "quantity", "groupbuy.join.quantity"],
      [{ pickupPointId: "pkp_notourpoint00000000" }, "pickupPointId", "groupbuy.join.point"],
      [{ pickupPointId: "" }, "pickupPointId", "groupbuy.store.error.delivery"],
      [{ name: "" }, "name", "address.name"],
      [{ mobile: "12345" }, "mobile", "address.mobile"],
      [{ email: "not-an-email" }, "email", "checkout.email"],
      [{ pickupPointId: "home", detail: "" }, "detail", "address.detail"],
    ];
    for (const [over, field, key] of cases) {
      const res = await post(w, joinForm(w, over));
      expect(res.status, JSON.stringify(over)).toBe(422);
      expect(res.data.errors[field], JSON.stringify(over)).toBe(key);
    }
    // Above what is left: the field says how many remain.
    await joinAndPay(w, { quantity: 7 });
    const mid = {
      orders: await ordersCount(),
      joins: await joinsCount(),
      pool: await poolOf(w.offerId),
    };
    const above = await post(w, joinForm(w, { quantity: "5" }));
    expect(above.status).toBe(409);
    expect(above.data.errors.quantity).toBe("groupbuy.store.error.aboveLeft");
    expect(above.data.left).toBe(3);
    expect({
      orders: await ordersCount(),
      joins: await joinsCount(),
      pool: await poolOf(w.offerId),
    }).toEqual(mid);
    expect(mid.orders).toBe(before.orders + 1);
    expect(mid.joins).toBe(before.joins + 1);
  });

  it("refuses home delivery where the deal does not allow it", async () => {
    const w = await groupbuyWorld({ allowHomeDelivery: false });
    const res = await post(
      w,
      joinForm(w, {
        pickupPointId: "home",
        province: "11",
        cityCode: "1101",
        districtCode: "110105",
        detail: "朝阳区建国路 88 号",
      }),
    );
    expect(res.status).toBe(422);
    expect(res.data.errors.pickupPointId).toBe("groupbuy.join.noHome");
    expect(await ordersCount()).toBe(0);
  });

  it("rejects an unknown intent and garbage without a 5xx", async () => {
    const w = await groupbuyWorld();
    const wrong = await post(w, { ...joinForm(w), intent: "steal" });
    expect(wrong.status).toBe(400);
    const garbage = await post(w, {
      intent: "join",
      submitKey: "\u0000",
      quantity: "\u0000",
      pickupPointId: "\u0000'\"<x>",
      name: "\u0000",
      mobile: "x".repeat(300),
      email: "\u0000",
    });
    expect(garbage.status).toBe(422);
    expect(await ordersCount()).toBe(0);
  });

  it("shows a closed deal's outcome and refuses joins to it", async () => {
    const w = await groupbuyWorld();
    await joinAndPay(w, { quantity: 3 });
    await settleDeal(w.offerId, { now: later() });
    const res = await callRoute<{ deal: StoreDeal }>(sharePage.loader, {
      url: pageUrl(w),
      params: { code: w.shareCode },
    });
    expect(res.data.deal).toMatchObject({
      phase: "succeeded",
      settledPriceFen: 2600,
      joinLimit: 0,
    });
    const before = await ordersCount();
    const joined = await post(w, joinForm(w));
    expect(joined.status).toBe(409);
    expect(joined.data.message).toBe("这个团购已截止，不能再参团了。");
    expect(await ordersCount()).toBe(before);
  });

  it("serves its share link as a PNG and an SVG QR code, and 404 for an unknown code", async () => {
    const w = await groupbuyWorld();
    const png = await callRoute(qrPng.loader, {
      url: `http://localhost/g/${w.shareCode}/qr.png?size=240`,
      params: { code: w.shareCode },
    });
    expect(png.status).toBe(200);
    expect(png.headers.get("Content-Type")).toBe("image/png");
    const svg = await callRoute<string>(qrSvg.loader, {
      url: `http://localhost/g/${w.shareCode}/qr.svg`,
      params: { code: w.shareCode },
    });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.data).toContain("<svg");
    for (const fn of [qrPng.loader, qrSvg.loader]) {
      const res = await callRoute(fn, {
        url: "http://localhost/g/x/qr.png",
        params: { code: "zzzzzzzz" },
      });
      expect(res.status).toBe(404);
    }
  });
});

describe("a join's order page", () => {
  type Card = {
    joinState: string;
    heldFen: number | null;
    capturedFen: number | null;
    settledPriceFen: number | null;
    pickupCode: string | null;
    point: { name: string; leaderName: string; leaderMobile: string; openingHours: string } | null;
  };

  async function joinedAsGuest(w: GroupbuyWorld, quantity: number) {
    const res = await post(w, joinForm(w, { quantity: String(quantity) }));
    expect(res.status).toBe(302);
    const orderId = (await db().select().from(groupbuyJoins)).find(
      (j) => j.quantity === quantity,
    )!.orderId;
    await payJoin(orderId);
    return { orderId, cookie: cookieFrom(res.headers)! };
  }

  const card = (orderId: string, cookie: string) =>
    callRoute<{ groupbuy: Card }>(orderPage.loader, {
      url: `http://localhost/orders/${orderId}`,
      params: { orderId },
      cookie,
    });

  it("says the payment is held until the deal settles, then the tier price and the pickup code", async () => {
    const w = await groupbuyWorld();
    const { orderId, cookie } = await joinedAsGuest(w, 2);
    await joinAndPay(w, { quantity: 2, point: 1 });

    const held = await card(orderId, cookie);
    expect(held.status).toBe(200);
    expect(held.data.groupbuy).toMatchObject({
      joinState: "held",
      heldFen: 6000,
      capturedFen: null,
      pickupCode: null,
      point: { name: "东门社区店", leaderName: "王姐1", leaderMobile: "13800138000" },
    });

    expect(await settleDeal(w.offerId, { now: later() })).toMatchObject({
      status: "succeeded",
      priceFen: 2600,
    });
    const settled = await card(orderId, cookie);
    expect(settled.data.groupbuy).toMatchObject({
      joinState: "captured",
      heldFen: 6000,
      capturedFen: 5200,
      settledPriceFen: 2600,
    });
    expect(settled.data.groupbuy.pickupCode).toMatch(/^\d{6}$/);
  });

  it("says the hold was released when the group fails", async () => {
    const w = await groupbuyWorld({ minQuantity: 5 });
    const { orderId, cookie } = await joinedAsGuest(w, 1);
    expect(await settleDeal(w.offerId, { now: later() })).toMatchObject({ status: "failed" });
    const page = await card(orderId, cookie);
    expect(page.data.groupbuy).toMatchObject({ joinState: "voided", pickupCode: null });
  });
});

describe("the home page's group deals", () => {
  it("lists open deals linking to their share pages, and none once settled", async () => {
    const w = await groupbuyWorld();
    const res = await callRoute<{ groupDeals: StoreDeal[] }>(home.loader, {
      url: "http://localhost/",
    });
    expect(res.status).toBe(200);
    expect(res.data.groupDeals.map((d) => d.shareCode)).toEqual([w.shareCode]);
    await settleDeal(w.offerId, { now: later() });
    invalidateCatalog();
    const after = await callRoute<{ groupDeals: StoreDeal[] }>(home.loader, {
      url: "http://localhost/",
    });
    expect(after.data.groupDeals).toEqual([]);
  });
});
