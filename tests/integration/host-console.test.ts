import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { flashSales, hostApprovals, liveSessions } from "../../db/live-schema";
import { inventoryLevels, offers } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { liveSale } from "../factories/live";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { createSession as signIn } from "~/auth/session.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import { approveHost } from "~/live/approvals.server";
import { createSession } from "~/live/sales.server";
import * as home from "~/routes/host._index";
import * as qrPng from "~/routes/host.sales.$saleId.qr[.]png";
import * as qrSvg from "~/routes/host.sales.$saleId.qr[.]svg";
import * as sessionPage from "~/routes/host.sessions.$sessionId";

withTestDatabase();

type Fn = Parameters<typeof callRoute>[0];
const url = (path: string) => `http://localhost${path}`;

async function cookieFor(userId: string) {
  return (await signIn({ userId })).cookie.split(";")[0]!;
}

/** Every row the console's forms could write, to show a refused request wrote nothing. */
async function liveSnapshot(): Promise<string> {
  const [s, f, o, i, a] = await Promise.all([
    db().select().from(liveSessions).orderBy(liveSessions.id),
    db().select().from(flashSales).orderBy(flashSales.id),
    db().select().from(offers).orderBy(offers.id),
    db().select().from(inventoryLevels).orderBy(inventoryLevels.variantId),
    db().select().from(hostApprovals).orderBy(hostApprovals.id),
  ]);
  return JSON.stringify({ s, f, o, i, a });
}

/** A signed-in host approved for a product (¥19.90 a pack, 100 in stock) with an empty session. */
async function hostWithSession() {
  const { product, variants } = await createProduct({ variants: [{ stock: 0, priceFen: 1990 }] });
  const variantId = variants[0]!.id;
  await adjustStock({ variantId, delta: 100, reason: "opening", actor: "test" });
  const host = await signedInUser({ role: "host" });
  await approveHost({
    cooperativeId: product.cooperativeId,
    hostEmail: host.user.email,
    productId: product.id,
    commissionBps: 500,
    actor: "owner",
  });
  const { sessionId } = await createSession({
    hostUserId: host.user.id,
    title: "周五晚场",
    platform: "douyin",
    scheduledAt: new Date(),
  });
  return { ...host, variantId, sessionId, path: `/host/sessions/${sessionId}` };
}

const goodSale = (variantId: string, o: Record<string, string> = {}) => ({
  intent: "create-sale",
  variantId,
  priceFen: "9.90",
  quantity: "20",
  perShopperLimit: "2",
  holdMinutes: "",
  timing: "countdown",
  countdownSeconds: "30",
  durationMinutes: "10",
  ...o,
});

type SessionData = Awaited<ReturnType<typeof sessionPage.loader>>;
type HomeData = Awaited<ReturnType<typeof home.loader>>;

async function sessionData(cookie: string, sessionId: string) {
  return callRoute<SessionData>(sessionPage.loader as Fn, {
    url: url(`/host/sessions/${sessionId}`),
    cookie,
    params: { sessionId },
  });
}

async function post(cookie: string, sessionId: string, form: Record<string, string>) {
  return callRoute<{ done?: string; refused?: string; errors?: Record<string, string> }>(
    sessionPage.action as Fn,
    {
      url: url(`/host/sessions/${sessionId}`),
      method: "POST",
      cookie,
      params: { sessionId },
      form,
    },
  );
}

describe("/host: the host's sessions", () => {
  it("says a cooperative must approve the host first, and creates a session from the form", async () => {
    const host = await signedInUser({ role: "host" });
    const empty = await callRoute<HomeData>(home.loader as Fn, {
      url: url("/host"),
      cookie: host.cookie,
    });
    expect(empty.status).toBe(200);
    expect(empty.data).toMatchObject({ approved: false, sessions: [], email: host.user.email });

    const made = await callRoute(home.action as Fn, {
      url: url("/host"),
      method: "POST",
      cookie: host.cookie,
      form: {
        intent: "create-session",
        title: "双十二脐橙专场",
        platform: "wechat_channels",
        scheduledAt: "2026-12-12T20:00",
      },
    });
    expect(made.status).toBe(302);
    const location = made.headers.get("Location")!;
    expect(location).toMatch(/^\/host\/sessions\/lvs_/);
    const list = await callRoute<HomeData>(home.loader as Fn, {
      url: url("/host"),
      cookie: host.cookie,
    });
    expect(list.data.sessions).toEqual([
      {
        id: location.split("/").pop(),
        title: "双十二脐橙专场",
        platform: "wechat_channels",
        // Typed as Beijing time.
        scheduledAt: "2026-12-12T12:00:00.000Z",
        sales: 0,
      },
    ]);
  });

  it("lists only the host's own sessions, with how many sales each has", async () => {
    const a = await hostWithSession();
    const other = await hostWithSession();
    await post(a.cookie, a.sessionId, goodSale(a.variantId));
    const list = await callRoute<HomeData>(home.loader as Fn, {
      url: url("/host"),
      cookie: a.cookie,
    });
    expect(list.data.approved).toBe(true);
    expect(list.data.sessions.map((s) => [s.id, s.sales])).toEqual([[a.sessionId, 1]]);
    expect(list.data.sessions.map((s) => s.id)).not.toContain(other.sessionId);
  });

  it("refuses a bad session form with 422 beside each field, and writes nothing", async () => {
    const host = await signedInUser({ role: "host" });
    const before = await liveSnapshot();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{}, { title: "error.required", platform: "error.platform", scheduledAt: "error.datetime" }],
      [
        { title: "  ", platform: "youtube", scheduledAt: "tomorrow" },
        { title: "error.required", platform: "error.platform", scheduledAt: "error.datetime" },
      ],
      [
        { title: "a\u0000b", platform: "douyin", scheduledAt: "2026-13-45T25:99" },
        { title: "error.invalid", scheduledAt: "error.datetime" },
      ],
      [
        { title: "x".repeat(101), platform: "other", scheduledAt: "2026-12-12T20:00" },
        { title: "error.tooLong" },
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = await callRoute<{ errors: Record<string, string> }>(home.action as Fn, {
        url: url("/host"),
        method: "POST",
        cookie: host.cookie,
        form: { intent: "create-session", ...fields },
      });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.data.errors).toEqual(errors);
    }
    const unknown = await callRoute(home.action as Fn, {
      url: url("/host"),
      method: "POST",
      cookie: host.cookie,
      form: { intent: "drop-tables" },
    });
    expect(unknown.status).toBe(400);
    expect(await liveSnapshot()).toBe(before);
  });

  it("is for hosts: a shopper gets 403, a visitor is sent to sign in", async () => {
    const shopper = await signedInUser();
    expect(
      (await callRoute(home.loader as Fn, { url: url("/host"), cookie: shopper.cookie })).status,
    ).toBe(403);
    const post = await callRoute(home.action as Fn, {
      url: url("/host"),
      method: "POST",
      cookie: shopper.cookie,
      form: {
        intent: "create-session",
        title: "x",
        platform: "douyin",
        scheduledAt: "2026-12-12T20:00",
      },
    });
    expect(post.status).toBe(403);
    expect((await callRoute(home.loader as Fn, { url: url("/host") })).status).toBe(302);
  });
});

describe("/host/sessions/:sessionId", () => {
  it("adds a countdown sale and shows it with its absolute short link, as a draft", async () => {
    const h = await hostWithSession();
    const res = await post(h.cookie, h.sessionId, goodSale(h.variantId, { holdMinutes: "3" }));
    expect(res.status).toBe(200);
    expect(res.data.done).toBe("create-sale");
    const page = await sessionData(h.cookie, h.sessionId);
    expect(page.status).toBe(200);
    expect(page.data.session.title).toBe("周五晚场");
    expect(page.data.packs.map((p) => [p.variantId, p.priceFen])).toEqual([[h.variantId, 1990]]);
    const [sale] = page.data.sales;
    expect(sale).toMatchObject({
      phase: "draft",
      priceFen: 990,
      standardFen: 1990,
      quantity: 20,
      perShopperLimit: 2,
      holdSeconds: 180,
      countdownSeconds: 30,
      durationSeconds: 600,
      startsAt: null,
    });
    expect(sale!.link).toBe(`http://localhost/l/${sale!.code}`);
  });

  it("adds a fixed-time sale that runs at its times", async () => {
    const h = await hostWithSession();
    const res = await post(
      h.cookie,
      h.sessionId,
      goodSale(h.variantId, {
        timing: "fixed",
        startsAt: "2026-01-01T08:00",
        endsAt: "2099-01-01T09:30",
        countdownSeconds: "",
        perShopperLimit: "",
      }),
    );
    expect(res.status).toBe(200);
    const [sale] = (await sessionData(h.cookie, h.sessionId)).data.sales;
    expect(sale).toMatchObject({
      phase: "live",
      perShopperLimit: null,
      holdSeconds: 300,
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2099-01-01T01:30:00.000Z",
    });
  });

  it("refuses bad sale input with 422 beside the field, and writes nothing", async () => {
    const h = await hostWithSession();
    const { variants: others } = await createProduct({ variants: [{ stock: 50 }] });
    const before = await liveSnapshot();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ priceFen: "19.90" }, { priceFen: "error.priceNotBelow" }],
      [{ priceFen: "25" }, { priceFen: "error.priceNotBelow" }],
      [{ priceFen: "0" }, { priceFen: "error.flashPrice" }],
      [{ priceFen: "9.999" }, { priceFen: "error.flashPrice" }],
      [{ priceFen: "-1" }, { priceFen: "error.flashPrice" }],
      [{ quantity: "101" }, { quantity: "error.stock" }],
      [{ quantity: "0" }, { quantity: "error.saleQuantity" }],
      [{ quantity: "1.5" }, { quantity: "error.saleQuantity" }],
      [{ quantity: "1e3" }, { quantity: "error.saleQuantity" }],
      [{ quantity: "99999999999999999999" }, { quantity: "error.saleQuantity" }],
      [{ perShopperLimit: "0" }, { perShopperLimit: "error.limit" }],
      [{ holdMinutes: "61" }, { holdMinutes: "error.hold" }],
      [{ variantId: others[0]!.id }, { variantId: "error.pack" }],
      [{ variantId: "" }, { variantId: "error.pack" }],
      [{ variantId: "var_\u0000" }, { variantId: "error.pack" }],
      [{ countdownSeconds: "5" }, { countdownSeconds: "error.countdown" }],
      [{ countdownSeconds: "301" }, { countdownSeconds: "error.countdown" }],
      [{ durationMinutes: "0" }, { durationMinutes: "error.duration" }],
      [
        { timing: "fixed", startsAt: "2099-01-01T10:00", endsAt: "2099-01-01T09:00" },
        { endsAt: "error.endsAt" },
      ],
      [
        { timing: "fixed", startsAt: "2020-01-01T10:00", endsAt: "2020-01-01T11:00" },
        { endsAt: "error.endsAt" },
      ],
      [
        { timing: "fixed", startsAt: "", endsAt: "x" },
        { startsAt: "error.datetime", endsAt: "error.datetime" },
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = await post(h.cookie, h.sessionId, goodSale(h.variantId, fields));
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.data.errors, JSON.stringify(fields)).toEqual(errors);
    }
    expect(await liveSnapshot()).toBe(before);
  });

  it("starts, pauses, resumes and ends a sale; a stale action is refused with 409 and changes nothing", async () => {
    const h = await hostWithSession();
    await post(h.cookie, h.sessionId, goodSale(h.variantId));
    const saleId = (await sessionData(h.cookie, h.sessionId)).data.sales[0]!.id;
    const phase = async () => (await sessionData(h.cookie, h.sessionId)).data.sales[0]!.phase;
    const act = (intent: string) => post(h.cookie, h.sessionId, { intent, saleId });

    for (const [intent, refusedBefore] of [
      ["pause", "draft"],
      ["resume", "draft"],
    ] as const) {
      const before = await liveSnapshot();
      const res = await act(intent);
      expect(res.status).toBe(409);
      expect(res.data.refused).toBe("bad_state");
      expect(await phase()).toBe(refusedBefore);
      expect(await liveSnapshot()).toBe(before);
    }
    expect((await act("start")).data.done).toBe("start");
    expect(await phase()).toBe("countdown");
    expect((await act("start")).status).toBe(409);
    expect((await act("pause")).status).toBe(200);
    expect(await phase()).toBe("paused");
    expect((await act("resume")).status).toBe(200);
    expect(await phase()).toBe("countdown");
    expect((await act("end")).status).toBe(200);
    expect(await phase()).toBe("ended");
    // What the pool did not sell is back in the pack's stock.
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, h.variantId));
    expect(level!.available).toBe(100);
    const before = await liveSnapshot();
    for (const intent of ["end", "pause", "resume", "start"])
      expect((await act(intent)).status).toBe(409);
    expect(await liveSnapshot()).toBe(before);
  });

  it("pins and unpins a sale of the session", async () => {
    const h = await hostWithSession();
    await post(h.cookie, h.sessionId, goodSale(h.variantId));
    const saleId = (await sessionData(h.cookie, h.sessionId)).data.sales[0]!.id;
    expect((await post(h.cookie, h.sessionId, { intent: "pin", saleId })).status).toBe(200);
    expect((await sessionData(h.cookie, h.sessionId)).data.session.pinnedSaleId).toBe(saleId);
    expect((await post(h.cookie, h.sessionId, { intent: "unpin" })).status).toBe(404);
    expect((await post(h.cookie, h.sessionId, { intent: "unpin", saleId })).status).toBe(200);
    expect((await sessionData(h.cookie, h.sessionId)).data.session.pinnedSaleId).toBeNull();
    // Ending a pinned sale takes it off air: no pin left on an ended sale.
    expect((await post(h.cookie, h.sessionId, { intent: "pin", saleId })).status).toBe(200);
    expect((await post(h.cookie, h.sessionId, { intent: "end", saleId })).status).toBe(200);
    expect((await sessionData(h.cookie, h.sessionId)).data.session.pinnedSaleId).toBeNull();
  });

  it("answers 404 for another host's session or sale, a sale of another session, and odd ids; 400 for an unknown intent", async () => {
    const h = await hostWithSession();
    const other = await liveSale();
    const { sessionId: second } = await createSession({
      hostUserId: h.user.id,
      title: "另一场",
      platform: "kuaishou",
      scheduledAt: new Date(),
    });
    await post(h.cookie, second, goodSale(h.variantId));
    const ownOtherSale = (await sessionData(h.cookie, second)).data.sales[0]!.id;
    const before = await liveSnapshot();

    for (const sessionId of [other.sessionId, "lvs_nope", "%00", "x".repeat(300)]) {
      expect((await sessionData(h.cookie, sessionId)).status, sessionId).toBe(404);
      expect((await post(h.cookie, sessionId, goodSale(h.variantId))).status).toBe(404);
    }
    for (const saleId of [other.saleId, ownOtherSale, "fls_nope", "", "a\u0000"])
      for (const intent of ["start", "end", "pin"])
        expect(
          (await post(h.cookie, h.sessionId, { intent, saleId })).status,
          `${intent} ${saleId}`,
        ).toBe(404);
    expect((await post(h.cookie, h.sessionId, { intent: "explode" })).status).toBe(400);
    expect(await liveSnapshot()).toBe(before);
  });

  it("is for hosts: a shopper gets 403", async () => {
    const h = await hostWithSession();
    const shopper = await signedInUser();
    expect((await sessionData(shopper.cookie, h.sessionId)).status).toBe(403);
    expect((await post(shopper.cookie, h.sessionId, goodSale(h.variantId))).status).toBe(403);
  });
});

describe("a sale's QR code", () => {
  const get = (route: typeof qrPng | typeof qrSvg, saleId: string, cookie: string, query = "") =>
    callRoute<string>(route.loader as Fn, {
      url: url(`/host/sales/${saleId}/qr.png${query}`),
      cookie,
      params: { saleId },
    });

  async function pngBytes(saleId: string, cookie: string, query = "") {
    const res = await qrPng.loader({
      request: new Request(url(`/host/sales/${saleId}/qr.png${query}`), {
        headers: { Cookie: cookie },
      }),
      params: { saleId },
      context: {},
    });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  it("is a PNG sized for an overlay and an SVG, of the absolute short link, for the sale's host", async () => {
    const sale = await liveSale();
    const cookie = await cookieFor(sale.host.id);
    const { res, bytes } = await pngBytes(sale.saleId, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Content-Disposition")).toBe(
      `inline; filename="flash-${sale.code}.png"`,
    );
    const saved = await pngBytes(sale.saleId, cookie, "?download=1");
    expect(saved.res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="flash-${sale.code}.png"`,
    );
    expect(res.headers.get("Cache-Control")).toMatch(/^private/);
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = (b: Uint8Array) => new DataView(b.buffer).getUint32(16);
    expect(width(bytes)).toBeGreaterThanOrEqual(500);
    expect(width(bytes)).toBeLessThanOrEqual(700);
    const small = await pngBytes(sale.saleId, cookie, "?size=150");
    expect(width(small.bytes)).toBeLessThan(250);
    // Out of bounds or not a number: the default size, never a huge image.
    for (const size of ["99999", "-5", "abc"])
      expect(
        width((await pngBytes(sale.saleId, cookie, `?size=${size}`)).bytes),
      ).toBeLessThanOrEqual(700);

    const svg = await get(qrSvg, sale.saleId, cookie);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(svg.data).toContain("<svg");
    expect(svg.headers.get("Content-Disposition")).toContain(`flash-${sale.code}.svg`);
  });

  it("is a 404 for another host, a 403 for a shopper, and a platform admin may have it", async () => {
    const sale = await liveSale();
    const otherHost = await signedInUser({ role: "host" });
    const shopper = await signedInUser();
    const admin = await signedInUser({ role: "admin" });
    for (const route of [qrPng, qrSvg]) {
      expect((await get(route, sale.saleId, otherHost.cookie)).status).toBe(404);
      expect((await get(route, "fls_%00", otherHost.cookie)).status).toBe(404);
      expect((await get(route, sale.saleId, shopper.cookie)).status).toBe(403);
      expect((await get(route, sale.saleId, admin.cookie)).status).toBe(200);
    }
  });
});
