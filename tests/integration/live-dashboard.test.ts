import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { liveClaims, liveSessions } from "../../db/live-schema";
import { orderParts, payments } from "../../db/orders-schema";
import { products } from "../../db/schema";
import { liveSale } from "../factories/live";
import { BEIJING, newSubmitKey } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { saleRow } from "../setup/live-books";
import { withTestDatabase } from "../setup/test-db";
import { createSession } from "~/auth/session.server";
import { db } from "~/lib/db.server";
import { saleAttribution } from "~/live/attribution.server";
import { saleDashboard } from "~/live/dashboard.server";
import { changeSale } from "~/live/sales.server";
import { checkoutClaim } from "~/live/checkout.server";
import { grantClaims, submitClaim } from "~/live/claims.server";
import { tickSale } from "~/live/tick.server";
import { joinWaitlist } from "~/live/waitlist.server";
import { cancelOrderPart, refundOrderPart } from "~/orders/cancel-refund.server";
import { expireOrder, startPayment } from "~/orders/payment-flow.server";
import { paySimulated } from "~/payments/simulated-pay.server";
import * as adminDashboard from "~/routes/admin.live.sales.$saleId";
import * as adminEarnings from "~/routes/admin.live.earnings";
import * as adminEarningsCsv from "~/routes/admin.live.earnings[.]csv";
import * as hostEarnings from "~/routes/host.earnings";
import * as hostEarningsCsv from "~/routes/host.earnings[.]csv";
import * as hostDashboard from "~/routes/host.sales.$saleId";
import type { SaleDashboard } from "~/live/dashboard.server";

withTestDatabase();

const MINUTE = 60_000;
let n = 0;

async function claim(saleId: string, quantity: number, at?: Date) {
  const shopperKey = `d:shopper-${++n}`;
  const req = { key: `key-${n.toString().padStart(6, "0")}`, shopperKey, userId: null, quantity };
  const [answer] = at ? await grantClaims(saleId, [req], at) : [await submitClaim(saleId, req)];
  if (!answer?.ok) throw new Error(JSON.stringify(answer));
  return { claimId: answer.claimId, shopperKey };
}

/** The claim checked out through placeOrder: its order, awaiting payment. */
async function order(c: { claimId: string; shopperKey: string }) {
  const placed = await checkoutClaim({
    claimId: c.claimId,
    shopperKey: c.shopperKey,
    userId: null,
    submitKey: newSubmitKey(),
    contact: { mobile: "13800138000" },
    address: BEIJING,
    ambientService: "express",
  });
  if (!placed.ok) throw new Error(JSON.stringify(placed));
  return placed.orderId;
}

/** Paid with the simulated provider's test card, as a shopper pays on /pay/:paymentId. */
async function pay(orderId: string) {
  const started = await startPayment({ orderId, origin: "http://localhost" });
  if (!started.ok) throw new Error(JSON.stringify(started));
  const [payment] = await db().select().from(payments).where(eq(payments.orderId, orderId));
  const paid = await paySimulated({
    paymentId: payment!.id,
    form: { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "测试" },
  });
  expect(paid).toMatchObject({ kind: "paid", orderId });
  return orderId;
}

async function cookieOf(userId: string) {
  return (await createSession({ userId })).cookie.split(";")[0]!;
}

describe("the live dashboard /host/sales/:saleId and /admin/live/sales/:saleId", () => {
  it("counts what is left, held, awaiting payment and paid, the conversion, the line and claims per minute", async () => {
    const now = Date.now();
    const sale = await liveSale({
      quantity: 5,
      holdSeconds: 60,
      timing: {
        kind: "fixed",
        startsAt: new Date(now - 10 * MINUTE),
        endsAt: new Date(now + 60 * MINUTE),
      },
    });
    // A claim three and a half minutes ago that nobody paid: the tick lets it lapse.
    const lapsed = await claim(sale.saleId, 1, new Date(now - 3.5 * MINUTE));
    await db()
      .update(liveClaims)
      .set({ createdAt: new Date(now - 3.5 * MINUTE) })
      .where(eq(liveClaims.id, lapsed.claimId));
    await tickSale(sale.saleId);
    await pay(await order(await claim(sale.saleId, 2))); // paid
    await claim(sale.saleId, 1); // held
    await order(await claim(sale.saleId, 1)); // ordered, not paid yet
    await claim(sale.saleId, 1); // held: the last unit, so the sale is sold out
    const waits = await joinWaitlist({
      saleId: sale.saleId,
      shopper: { key: "d:waiting", userId: null },
      quantity: 1,
    });
    expect(waits).toMatchObject({ ok: true });

    const url = `http://localhost/host/sales/${sale.saleId}`;
    const res = await callRoute<{ dashboard: SaleDashboard }>(hostDashboard.loader, {
      url,
      cookie: await cookieOf(sale.host.id),
      params: { saleId: sale.saleId },
    });
    expect(res.status).toBe(200);
    const d = res.data.dashboard;
    expect(d).toMatchObject({
      code: sale.code,
      phase: "live",
      priceFen: 990,
      standardFen: 1_990,
      quantity: 5,
      remaining: 0,
      heldUnits: 2,
      awaitingPaymentUnits: 1,
      paidUnits: 2,
      claims: { total: 5, units: 6, held: 2, ordered: 2, paid: 1, lapsed: 1 },
      waiting: 1,
    });
    expect(d.conversion.claims).toBeCloseTo(1 / 5);
    expect(d.conversion.units).toBeCloseTo(2 / 6);
    // One bar a minute since the opening ten minutes ago; the lapsed claim 6½ minutes in.
    expect(d.bars.length).toBeGreaterThanOrEqual(10);
    expect(d.bars.length).toBeLessThanOrEqual(11);
    expect(d.bars.reduce((s, b) => s + b.claims, 0)).toBe(5);
    expect(d.bars[6]).toMatchObject({ claims: 1, units: 1, perMinute: 1, minutes: 1 });
    expect(d.bars.at(-1)).toMatchObject({ claims: 4, units: 5 });

    // The cooperative that owns the pack sees the same figures.
    const { cooperativeId } = await saleRow(sale.saleId);
    const owner = await signedInUser({ memberOf: [{ cooperativeId, role: "owner" }] });
    const asOwner = await callRoute<{ dashboard: SaleDashboard }>(adminDashboard.loader, {
      url: `http://localhost/admin/live/sales/${sale.saleId}`,
      cookie: owner.cookie,
      params: { saleId: sale.saleId },
    });
    expect(asOwner.status).toBe(200);
    expect({ ...asOwner.data.dashboard, serverTime: "" }).toEqual({ ...d, serverTime: "" });
  });

  it("an order that expired unpaid counts as lapsed, and the quantity put up stays after the end", async () => {
    const sale = await liveSale({ quantity: 30 });
    const orderId = await order(await claim(sale.saleId, 2));
    await expireOrder({ orderId, now: new Date(Date.now() + 16 * MINUTE) });
    await changeSale({ hostUserId: sale.host.id, saleId: sale.saleId, action: "end" });
    const d = (await saleDashboard({ saleId: sale.saleId, scope: { hostUserId: sale.host.id } }))!;
    expect(d).toMatchObject({
      phase: "ended",
      quantity: 30,
      remaining: 0,
      awaitingPaymentUnits: 0,
      claims: { total: 1, ordered: 0, paid: 0, lapsed: 1 },
    });
  });

  it("a long sale's chart keeps to 60 bars, each several minutes wide", async () => {
    const now = Date.now();
    const sale = await liveSale({
      timing: {
        kind: "fixed",
        startsAt: new Date(now - 299.5 * MINUTE),
        endsAt: new Date(now + MINUTE),
      },
    });
    await claim(sale.saleId, 1);
    const res = await callRoute<{ dashboard: SaleDashboard }>(hostDashboard.loader, {
      cookie: await cookieOf(sale.host.id),
      params: { saleId: sale.saleId },
    });
    const { bars } = res.data.dashboard;
    expect(bars).toHaveLength(60);
    expect(bars[0]!.minutes).toBe(5);
    expect(bars.at(-1)).toMatchObject({ claims: 1, perMinute: 0.2 });
  });

  it("another host and another cooperative get 404, a shopper 403, an unknown sale 404", async () => {
    const sale = await liveSale();
    const other = await liveSale();
    const shopper = await signedInUser();
    const { cooperativeId } = await saleRow(other.saleId);
    const otherOwner = await signedInUser({ memberOf: [{ cooperativeId, role: "owner" }] });
    const host = (cookie: string, saleId = sale.saleId) =>
      callRoute(hostDashboard.loader, { cookie, params: { saleId } });
    const admin = (cookie: string, saleId = sale.saleId) =>
      callRoute(adminDashboard.loader, { cookie, params: { saleId } });

    expect((await host(await cookieOf(other.host.id))).status).toBe(404);
    expect((await host(await cookieOf(sale.host.id), "fls_nope")).status).toBe(404);
    const owner = await signedInUser({
      memberOf: [{ cooperativeId: (await saleRow(sale.saleId)).cooperativeId, role: "owner" }],
    });
    expect((await admin(owner.cookie)).status).toBe(200);
    for (const odd of ["%00' or 1=1", "\u0000", "a".repeat(3000), "../x"]) {
      expect((await host(await cookieOf(sale.host.id), odd)).status, odd).toBe(404);
      expect((await admin(owner.cookie, odd)).status, odd).toBe(404);
    }
    expect((await host(shopper.cookie)).status).toBe(403);
    expect((await admin(otherOwner.cookie)).status).toBe(404);
    expect((await admin(shopper.cookie)).status).toBe(403);
    expect((await admin(await cookieOf(sale.host.id))).status).toBe(403);
    // Signed out: sent to sign in.
    expect(
      (await callRoute(hostDashboard.loader, { params: { saleId: sale.saleId } })).status,
    ).toBe(302);
  });
});

describe("running a sale from its dashboard", () => {
  const post = (route: typeof hostDashboard, cookie: string, saleId: string, form: object) =>
    callRoute<{ done?: string; refused?: string }>(route.action, {
      method: "POST",
      cookie,
      params: { saleId },
      form: form as Record<string, string>,
    });

  it("the host pauses and resumes from the screen they watch; a stale action is a 409 said on the page", async () => {
    const sale = await liveSale();
    const cookie = await cookieOf(sale.host.id);
    const form = (intent: string) => ({ intent, saleId: sale.saleId });
    expect((await post(hostDashboard, cookie, sale.saleId, form("pause"))).data).toEqual({
      done: "pause",
    });
    const stale = await post(hostDashboard, cookie, sale.saleId, form("pause"));
    expect(stale.status).toBe(409);
    expect(stale.data).toEqual({ refused: "bad_state" });
    expect((await post(hostDashboard, cookie, sale.saleId, form("resume"))).status).toBe(200);
    // Another host's sale, a form naming another sale, an unknown intent: nothing moves.
    const other = await liveSale();
    expect(
      (await post(hostDashboard, cookie, other.saleId, { intent: "end", saleId: other.saleId }))
        .status,
    ).toBe(404);
    expect(
      (await post(hostDashboard, cookie, sale.saleId, { intent: "end", saleId: "x" })).status,
    ).toBe(404);
    expect(
      (await post(hostDashboard, cookie, sale.saleId, { intent: "zz", saleId: sale.saleId }))
        .status,
    ).toBe(400);
    expect((await saleRow(sale.saleId)).status).toBe("running");
    expect((await saleRow(other.saleId)).status).toBe("running");
  });

  it("the cooperative's owner pauses or ends a sale of its products; staff may only watch; another cooperative gets 404", async () => {
    const sale = await liveSale();
    const { cooperativeId } = await saleRow(sale.saleId);
    const owner = await signedInUser({ memberOf: [{ cooperativeId, role: "owner" }] });
    const staff = await signedInUser({ memberOf: [{ cooperativeId, role: "staff" }] });
    const other = await liveSale();
    const stranger = await signedInUser({
      memberOf: [{ cooperativeId: (await saleRow(other.saleId)).cooperativeId, role: "owner" }],
    });
    const form = { intent: "end", saleId: sale.saleId };
    expect((await post(adminDashboard, staff.cookie, sale.saleId, form)).status).toBe(403);
    expect((await post(adminDashboard, stranger.cookie, sale.saleId, form)).status).toBe(404);
    expect((await saleRow(sale.saleId)).status).toBe("running");
    const page = await callRoute<{ canRun: boolean }>(adminDashboard.loader, {
      cookie: staff.cookie,
      params: { saleId: sale.saleId },
    });
    expect(page.data.canRun).toBe(false);
    expect((await post(adminDashboard, owner.cookie, sale.saleId, form)).data).toEqual({
      done: "end",
    });
    expect((await saleRow(sale.saleId)).status).toBe("ended");
  });
});

describe("attribution /host/earnings and /admin/live/earnings", () => {
  async function soldSale() {
    const sale = await liveSale({ quantity: 10, priceFen: 990 }); // 500 bps
    const a = await pay(await order(await claim(sale.saleId, 2))); // 1,980
    const b = await pay(await order(await claim(sale.saleId, 1))); // 990
    await order(await claim(sale.saleId, 1)); // not paid: counts nothing
    await claim(sale.saleId, 1); // held: counts nothing
    const { cooperativeId } = await saleRow(sale.saleId);
    return { ...sale, a, b, cooperativeId };
  }
  const attribution = async (hostUserId: string) => (await saleAttribution({ hostUserId }))[0]!;

  it("counts paid lines only; a partial refund takes its amount off, a cancelled part all of it", async () => {
    const s = await soldSale();
    // 2,970 × 5 % = 148.5 → 149 (half up).
    expect(await attribution(s.host.id)).toMatchObject({
      orders: 2,
      units: 3,
      revenueFen: 2_970,
      commissionBps: 500,
      commissionFen: 149,
    });

    const refunded = await refundOrderPart({
      orderId: s.b,
      cooperativeId: s.cooperativeId,
      amountFen: 500,
      actor: "owner",
      reason: "one orange bruised",
    });
    expect(refunded).toMatchObject({ ok: true });
    // 1,980 + (990 − 500) = 2,470 × 5 % = 123.5 → 124.
    expect(await attribution(s.host.id)).toMatchObject({
      orders: 2,
      units: 3,
      revenueFen: 2_470,
      commissionFen: 124,
    });

    const cancelled = await cancelOrderPart({
      orderId: s.a,
      cooperativeId: s.cooperativeId,
      actor: "owner",
      reason: "hail",
    });
    expect(cancelled).toMatchObject({ ok: true });
    expect(await attribution(s.host.id)).toMatchObject({
      orders: 1,
      units: 1,
      revenueFen: 490,
      commissionFen: 25,
    });

    // The rest of b refunded (its items and its shipping): nothing left to earn on.
    const [part] = await db()
      .select()
      .from(orderParts)
      .where(and(eq(orderParts.orderId, s.b), eq(orderParts.cooperativeId, s.cooperativeId)));
    await refundOrderPart({
      orderId: s.b,
      cooperativeId: s.cooperativeId,
      amountFen: part!.itemsFen + part!.shippingFen - part!.refundedFen,
      actor: "owner",
      reason: "all of it",
    });
    expect(await attribution(s.host.id)).toMatchObject({
      orders: 0,
      units: 0,
      revenueFen: 0,
      commissionFen: 0,
    });
  });

  it("the pages show per session and per host with totals; each sees only their own", async () => {
    const s = await soldSale();
    const other = await soldSale();
    const hostPage = await callRoute<{
      totals: { orders: number; revenueFen: number; commissionFen: number };
      sessions: { key: string; sales: { saleId: string }[] }[];
    }>(hostEarnings.loader, {
      url: "http://localhost/host/earnings",
      cookie: await cookieOf(s.host.id),
    });
    expect(hostPage.status).toBe(200);
    expect(hostPage.data.totals).toEqual({
      orders: 2,
      units: 3,
      revenueFen: 2_970,
      commissionFen: 149,
    });
    expect(hostPage.data.sessions).toHaveLength(1);
    expect(hostPage.data.sessions[0]!.key).toBe(s.sessionId);
    expect(JSON.stringify(hostPage.data)).not.toContain(other.saleId);

    const owner = await signedInUser({
      memberOf: [{ cooperativeId: s.cooperativeId, role: "owner" }],
    });
    const coopPage = await callRoute<{
      totals: { revenueFen: number };
      hosts: { key: string; sales: { saleId: string }[] }[];
    }>(adminEarnings.loader, { url: "http://localhost/admin/live/earnings", cookie: owner.cookie });
    expect(coopPage.status).toBe(200);
    expect(coopPage.data.totals.revenueFen).toBe(2_970);
    expect(coopPage.data.hosts.map((h) => h.key)).toEqual([s.host.id]);
    expect(JSON.stringify(coopPage.data)).not.toContain(other.saleId);

    const shopper = await signedInUser();
    for (const fn of [hostEarnings.loader, hostEarningsCsv.loader, adminEarningsCsv.loader])
      expect((await callRoute(fn, { cookie: shopper.cookie })).status).toBe(403);
    expect((await callRoute(hostEarningsCsv.loader, {})).status).toBe(302);
  });

  it("the CSV has a row per sale with its figures, and defuses text that looks like a formula", async () => {
    const s = await soldSale();
    await db()
      .update(liveSessions)
      .set({ title: '=HYPERLINK("http://evil.example","x")' })
      .where(eq(liveSessions.id, s.sessionId));
    await db()
      .update(products)
      .set({ nameEn: "@SUM(1+1)", nameZh: "+脐橙" })
      .where(eq(products.id, s.productId));

    const res = await callRoute<string>(hostEarningsCsv.loader, {
      url: "http://localhost/host/earnings.csv",
      cookie: await cookieOf(s.host.id),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="host-earnings-/);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const rows = parse(String(res.data).replace(/^\uFEFF/, ""), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      session: '\'=HYPERLINK("http://evil.example","x")',
      platform: "douyin",
      sale_code: s.code,
      product_zh: "'+脐橙",
      product_en: "'@SUM(1+1)",
      flash_price_cny: "9.90",
      orders: "2",
      units: "3",
      revenue_cny: "29.70",
      commission_bps: "500",
      commission_cny: "1.49",
    });

    const owner = await signedInUser({
      memberOf: [{ cooperativeId: s.cooperativeId, role: "owner" }],
    });
    const coop = await callRoute<string>(adminEarningsCsv.loader, { cookie: owner.cookie });
    const coopRows = parse(String(coop.data).replace(/^\uFEFF/, ""), { columns: true }) as Record<
      string,
      string
    >[];
    expect(coopRows).toEqual([
      expect.objectContaining({ host_email: s.host.email, revenue_cny: "29.70" }),
    ]);
  });
});
