import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, users } from "../../db/auth-schema";
import { flashSales, liveSessions } from "../../db/live-schema";
import { orderParts, orders } from "../../db/orders-schema";
import { cooperatives, products, variants } from "../../db/schema";
import { DEMO_HOST_EMAIL } from "../../scripts/seed/live";
import { DEMO_SHOPPER_EMAIL } from "../../scripts/seed/orders";
import { shipments } from "../../db/shipping-schema";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { openPglite } from "~/lib/db.server";
import { HttpVisitor } from "../setup/http-visitor";

/**
 * React 18.3 pads its 2 kB stream buffers with NUL bytes where a multi-byte character meets their
 * edge (react#24985). Every storefront and admin page, in both languages, on the production server
 * with the demo data: no NUL byte, strict UTF-8, and the Chinese text byte for byte as stored.
 */

const LANGS = ["zh", "en"] as const;
type Lang = (typeof LANGS)[number];
const OWNER = "orange.owner@harvest.example";
const PLATFORM_ADMIN = "admin@harvest.example";

interface Demo {
  cooperatives: Array<typeof cooperatives.$inferSelect>;
  products: Array<typeof products.$inferSelect>;
  variants: Array<{
    id: string;
    productId: string;
    labelZh: string;
    labelEn: string;
    status: string;
  }>;
  orders: Array<{ id: string; status: string; recipient: { name: string; detail: string } }>;
  parts: Array<{ orderId: string; cooperativeId: string }>;
  shipments: Array<{ id: string; trackingNumber: string; cooperativeId: string | null }>;
  sales: Array<{ id: string; cooperativeId: string; sessionTitle: string }>;
  resetToken: string;
}

/** The seeded database, read while no server has it open. */
async function readDemo(pgliteDir: string): Promise<Demo> {
  const handle = await openPglite(pgliteDir);
  try {
    const db = handle.db;
    const shopperOrders = await db
      .select({ id: orders.id, status: orders.status, recipient: orders.recipient })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.userId))
      .where(eq(users.email, DEMO_SHOPPER_EMAIL))
      .orderBy(orders.id);
    const [mail] = await db
      .select({ body: mailOutbox.body })
      .from(mailOutbox)
      .where(eq(mailOutbox.to, DEMO_SHOPPER_EMAIL));
    const token = mail?.body.match(/\/account\/reset\/([^\s/?#]+)/)?.[1];
    if (!token) throw new Error("no password reset mail for the demo shopper");
    return {
      cooperatives: await db.select().from(cooperatives).orderBy(cooperatives.slug),
      products: await db.select().from(products).orderBy(products.slug),
      variants: await db
        .select({
          id: variants.id,
          productId: variants.productId,
          labelZh: variants.labelZh,
          labelEn: variants.labelEn,
          status: variants.status,
        })
        .from(variants)
        .orderBy(variants.id),
      orders: shopperOrders,
      parts: await db
        .select({ orderId: orderParts.orderId, cooperativeId: orderParts.cooperativeId })
        .from(orderParts)
        .where(
          inArray(
            orderParts.orderId,
            shopperOrders.map((o) => o.id),
          ),
        ),
      shipments: await db
        .select({
          id: shipments.id,
          trackingNumber: shipments.trackingNumber,
          cooperativeId: shipments.cooperativeId,
        })
        .from(shipments)
        .orderBy(shipments.trackingNumber),
      sales: await db
        .select({
          id: flashSales.id,
          cooperativeId: flashSales.cooperativeId,
          sessionTitle: liveSessions.title,
        })
        .from(flashSales)
        .innerJoin(liveSessions, eq(liveSessions.id, flashSales.sessionId))
        .orderBy(flashSales.id),
      resetToken: token,
    };
  } finally {
    await handle.close();
  }
}

let server: RunningServer;
let demo: Demo;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "harvest-no-nul-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const env = { PAYMENT_PROVIDER: "simulated", PGLITE_DIR: pgliteDir };
  // First boot seeds the demo data (and mails a reset link); the test reads the ids, then boots again on it.
  const seeding = await startServer({ env, dataDir, timeoutMs: 400_000 });
  try {
    const reset = await new HttpVisitor(seeding.url).post("/account/reset", {
      email: DEMO_SHOPPER_EMAIL,
    });
    if (reset.status >= 400) throw new Error(`reset request answered ${reset.status}`);
  } finally {
    await seeding.stop();
  }
  demo = await readDemo(pgliteDir);
  server = await startServer({ env, dataDir, timeoutMs: 400_000 });
}, 900_000);

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface PageCheck {
  /** The route module that renders it (file name in app/routes without the extension). */
  route: string;
  path: string;
  status?: number;
  /** Stored strings the page must show, exactly (HTML-escaped as React writes text). */
  shows?: string[];
  /** Stored strings the hydration data must carry, exactly. */
  carries?: string[];
}

const visitedRoutes = new Set<string>();
const tally = { pages: 0, withNul: 0, nuls: 0 };

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");

/** Every string in Remix's single-fetch hydration data (turbo-stream lines in `streamController.enqueue("…")`). */
function hydrationStrings(html: string): Set<string> {
  const strings = new Set<string>();
  const payload = [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)]
    .map((m) => JSON.parse(m[1]!) as string)
    .join("");
  const walk = (v: unknown): void => {
    if (typeof v === "string") strings.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const line of payload.split("\n")) {
    const json = line.replace(/^P\d+:/, "");
    if (json.startsWith("[") || json.startsWith("{")) walk(JSON.parse(json));
  }
  return strings;
}

/** Fetches each page and says what is wrong with it; counts NULs for the summary line. */
async function sweep(visitor: HttpVisitor, lang: Lang, pages: PageCheck[]): Promise<string[]> {
  const problems: string[] = [];
  for (const page of pages) {
    const res = await visitor.get(page.path);
    visitedRoutes.add(page.route);
    const wrong = (what: string) => problems.push(`${lang} ${page.path}: ${what}`);
    const nuls = res.bytes.reduce((n, b) => (b === 0 ? n + 1 : n), 0);
    tally.pages++;
    if (nuls > 0) {
      tally.withNul++;
      tally.nuls += nuls;
      wrong(`${nuls} NUL byte(s), first at byte ${res.bytes.indexOf(0)}`);
    }
    if (res.status >= 500 || res.status !== (page.status ?? 200))
      wrong(`status ${res.status}, expected ${page.status ?? 200}`);
    if (!res.contentType.startsWith("text/html")) {
      wrong(`content type ${res.contentType}`);
      continue;
    }
    let html: string;
    try {
      html = new TextDecoder("utf-8", { fatal: true }).decode(res.bytes);
    } catch {
      wrong("not valid UTF-8");
      continue;
    }
    if (html.includes("\uFFFD")) wrong("holds U+FFFD");
    if (!html.includes(`<html lang="${lang === "zh" ? "zh-CN" : "en"}"`))
      wrong(`not rendered in ${lang}`);
    for (const text of page.shows ?? [])
      if (!html.includes(escapeHtml(text))) wrong(`does not show ${JSON.stringify(text)}`);
    if (page.carries?.length) {
      let strings: Set<string>;
      try {
        strings = hydrationStrings(html);
      } catch (e) {
        wrong(`hydration data does not parse: ${(e as Error).message}`);
        continue;
      }
      for (const text of page.carries)
        if (!strings.has(text)) wrong(`hydration data lacks ${JSON.stringify(text)}`);
    }
  }
  return problems;
}

const pick = <T extends Record<string, unknown>>(row: T, lang: Lang, zh: keyof T, en: keyof T) =>
  String(lang === "zh" ? row[zh] : row[en]);
const nonEmpty = (...texts: string[]) => texts.filter((t) => t !== "");

function storefrontPages(lang: Lang): PageCheck[] {
  const coopPages = demo.cooperatives.map((c) => ({
    route: "_store.c.$slug",
    path: `/c/${c.slug}`,
    shows: nonEmpty(
      pick(c, lang, "nameZh", "nameEn"),
      pick(c, lang, "taglineZh", "taglineEn"),
      pick(c, lang, "storyZh", "storyEn"),
    ),
  }));
  const productPages = demo.products
    .filter((p) => p.status === "active")
    .map((p) => {
      const packs = demo.variants
        .filter((v) => v.productId === p.id && v.status === "active")
        .map((v) => pick(v, lang, "labelZh", "labelEn"));
      const texts = nonEmpty(
        pick(p, lang, "nameZh", "nameEn"),
        pick(p, lang, "descriptionZh", "descriptionEn"),
        pick(p, lang, "originStoryZh", "originStoryEn"),
        ...packs,
      );
      return { route: "_store.p.$slug", path: `/p/${p.slug}`, shows: texts, carries: texts };
    });
  return [
    { route: "_store._index", path: "/" },
    ...coopPages,
    ...productPages,
    { route: "_store.search", path: `/search?q=${encodeURIComponent("脐橙")}` },
    { route: "_store.search", path: `/search?q=${encodeURIComponent("土豆 小米")}` },
    { route: "_store.track._index", path: "/track" },
    ...demo.shipments.map((s) => ({
      route: "_store.track.$trackingNumber",
      path: `/track/${s.trackingNumber}`,
    })),
    { route: "_store.orders.lookup", path: "/orders/lookup" },
    { route: "_store.account.sign-in", path: "/account/sign-in" },
    { route: "_store.account.sign-up", path: "/account/sign-up" },
    { route: "_store.account.reset._index", path: "/account/reset" },
    { route: "_store.account.reset.$token", path: `/account/reset/${demo.resetToken}` },
    { route: "_store.$", path: "/p/no-such-thing", status: 404 },
    { route: "_store.$", path: "/nothing/here", status: 404 },
  ];
}

function adminPages(
  cooperativeId: string,
  role: "owner" | "admin",
  presaleIds: string[] = [],
  groupbuy: { dealIds: string[]; pointIds: string[] } = { dealIds: [], pointIds: [] },
): PageCheck[] {
  const coopProducts = demo.products.filter((p) => p.cooperativeId === cooperativeId);
  const coopVariants = demo.variants.filter((v) => coopProducts.some((p) => p.id === v.productId));
  const coopOrders = [
    ...new Set(demo.parts.filter((p) => p.cooperativeId === cooperativeId).map((p) => p.orderId)),
  ];
  const coopShipments = demo.shipments.filter((s) => s.cooperativeId === cooperativeId);
  return [
    { route: "admin._index", path: "/admin" },
    { route: "admin.products._index", path: "/admin/products" },
    { route: "admin.products.new", path: "/admin/products/new" },
    { route: "admin.products.bulk", path: "/admin/products/bulk" },
    { route: "admin.products.csv", path: "/admin/products/csv" },
    ...coopProducts.map((p) => ({
      route: "admin.products.$productId",
      path: `/admin/products/${p.id}`,
      shows: [p.nameZh, p.descriptionZh],
    })),
    { route: "admin.stock._index", path: "/admin/stock" },
    ...coopVariants.flatMap((v) => [
      { route: "admin.stock._index", path: `/admin/stock?adjust=${v.id}` },
      { route: "admin.stock.$variantId", path: `/admin/stock/${v.id}` },
    ]),
    { route: "admin.orders._index", path: "/admin/orders" },
    ...coopOrders.flatMap((id) => [
      { route: "admin.orders.$orderId", path: `/admin/orders/${id}` },
      { route: "admin.orders.$orderId", path: `/admin/orders/${id}?do=cancel` },
      { route: "admin.orders.$orderId", path: `/admin/orders/${id}?do=refund` },
    ]),
    { route: "admin.shipments._index", path: "/admin/shipments" },
    ...coopShipments.map((s) => ({
      route: "admin.shipments._index",
      path: `/admin/shipments?problem=${s.id}`,
    })),
    // The tariff is the platform's; a cooperative owner gets the page for its free-shipping threshold.
    { route: "admin.shipping.tariffs", path: "/admin/shipping/tariffs" },
    { route: "admin.batches", path: "/admin/batches" },
    { route: "admin.presales._index", path: "/admin/presales" },
    { route: "admin.presales.new", path: "/admin/presales/new" },
    ...presaleIds.map((id) => ({
      route: "admin.presales.$offerId",
      path: `/admin/presales/${id}`,
    })),
    { route: "admin.groupbuys._index", path: "/admin/groupbuys" },
    { route: "admin.groupbuys.new", path: "/admin/groupbuys/new" },
    ...groupbuy.dealIds.map((id) => ({
      route: "admin.groupbuys.$offerId",
      path: `/admin/groupbuys/${id}`,
    })),
    { route: "admin.pickup-points._index", path: "/admin/pickup-points" },
    { route: "admin.pickup-points.new", path: "/admin/pickup-points/new" },
    ...groupbuy.pointIds.map((id) => ({
      route: "admin.pickup-points.$pointId",
      path: `/admin/pickup-points/${id}`,
    })),
    { route: "admin.live._index", path: "/admin/live" },
    { route: "admin.profile", path: "/admin/profile" },
    { route: "admin.live.earnings", path: "/admin/live/earnings" },
    ...demo.sales
      .filter((s) => s.cooperativeId === cooperativeId)
      .map((s) => ({
        route: "admin.live.sales.$saleId",
        path: `/admin/live/sales/${s.id}`,
        shows: [s.sessionTitle],
      })),
  ];
}

/** The demo host's console: earnings and each of their sales' live dashboards. */
function hostPages(): PageCheck[] {
  return [
    // A host leads no pickup point: the leader console refuses them, pointing to their console.
    { route: "_store.leader", path: "/leader", status: 403 },
    {
      route: "host.earnings",
      path: "/host/earnings",
      shows: [...new Set(demo.sales.map((s) => s.sessionTitle))],
    },
    ...demo.sales.map((s) => ({
      route: "host.sales.$saleId",
      path: `/host/sales/${s.id}`,
      shows: [s.sessionTitle],
    })),
  ];
}

function report(label: string, before: typeof tally, problems: string[]) {
  console.log(
    `${label}: ${tally.pages - before.pages} pages, ${tally.withNul - before.withNul} with NUL bytes (${tally.nuls - before.nuls} NULs), ${problems.length} problems`,
  );
  expect(problems).toEqual([]);
}

describe("no NUL bytes in any page", () => {
  it("has the demo data to sweep", () => {
    expect(demo.cooperatives.length).toBeGreaterThanOrEqual(3);
    expect(demo.products.length).toBeGreaterThanOrEqual(6);
    expect(demo.orders.map((o) => o.status)).toContain("pending_payment");
    expect(demo.shipments.length).toBeGreaterThanOrEqual(4);
  });

  it.each(LANGS)(
    "storefront in %s: every public page, a cart, checkout, the demo shopper's account and orders, a payment",
    async (lang) => {
      const before = { ...tally };
      const guest = new HttpVisitor(server.url);
      await guest.setLanguage(lang);
      const problems = await sweep(guest, lang, [
        ...storefrontPages(lang),
        { route: "_store.cart", path: "/cart" },
      ]);

      // A cart with two cooperatives' packs in it, then the checkout that ships them.
      for (const slug of ["gannan-navel-oranges", "loufan-golden-millet"]) {
        const product = demo.products.find((p) => p.slug === slug)!;
        const variant = demo.variants.find((v) => v.productId === product.id)!;
        const added = await guest.post(`/p/${slug}`, { variantId: variant.id, quantity: "2" });
        if (added.status !== 200)
          problems.push(`${lang} add ${slug} to the cart: status ${added.status}`);
      }
      problems.push(
        ...(await sweep(guest, lang, [
          { route: "_store.cart", path: "/cart" },
          { route: "_store.checkout", path: "/checkout" },
        ])),
      );

      const shopper = new HttpVisitor(server.url);
      await shopper.setLanguage(lang);
      await shopper.signIn(DEMO_SHOPPER_EMAIL);
      problems.push(
        ...(await sweep(shopper, lang, [
          { route: "_store.account._index", path: "/account" },
          { route: "_store.account.orders", path: "/account/orders" },
          ...demo.orders.map((o) => ({
            route: "_store.orders.$orderId",
            path: `/orders/${o.id}`,
            shows: [o.recipient.name, o.recipient.detail],
          })),
        ])),
      );

      // The awaiting-payment order's Pay button leads to its payment page.
      const pending = demo.orders.find((o) => o.status === "pending_payment")!;
      const pay = await shopper.post(`/orders/${pending.id}`, { intent: "pay" });
      const payPath = pay.location ? new URL(pay.location, server.url).pathname : "";
      if (pay.status !== 302 || !payPath.startsWith("/pay/"))
        problems.push(
          `${lang} pay for ${pending.id}: status ${pay.status}, location ${pay.location}`,
        );
      else
        problems.push(
          ...(await sweep(shopper, lang, [{ route: "_store.pay.$paymentId", path: payPath }])),
        );

      // The demo's live flash sale (linked from the home page), a claim, and the claim's checkout.
      const home = new TextDecoder().decode((await guest.get("/")).bytes);
      const code = /href="\/l\/([a-z0-9]{8})/.exec(home)?.[1];
      if (!code) problems.push(`${lang} home: no live flash sale linked`);
      else {
        // The sale page is the same bytes for everyone: its language comes from ?lang=, not the cookie.
        const query = lang === "en" ? "?lang=en" : "";
        problems.push(
          ...(await sweep(guest, lang, [{ route: "l.$code", path: `/l/${code}${query}` }])),
        );
        const claimed = await guest.postJson(
          `/api/live/${code}/claims`,
          { quantity: 1 },
          { "Idempotency-Key": `no-nul-${lang}-claim` },
        );
        const claim = JSON.parse(new TextDecoder().decode(claimed.bytes)) as { claimId?: string };
        if (claimed.status !== 201 || !claim.claimId)
          problems.push(`${lang} claim on ${code}: status ${claimed.status}`);
        else
          problems.push(
            ...(await sweep(guest, lang, [
              {
                route: "_store.claims.$claimId.checkout",
                path: `/claims/${claim.claimId}/checkout`,
              },
            ])),
          );
      }

      report(`storefront ${lang}`, before, problems);
    },
  );

  it.each(LANGS)(
    "admin in %s: every admin page of the orange cooperative's owner",
    async (lang) => {
      const before = { ...tally };
      const owner = new HttpVisitor(server.url);
      await owner.setLanguage(lang);
      await owner.signIn(OWNER);
      const orange = demo.cooperatives.find((c) => c.slug === "xinfeng-navel-orange")!;
      // A presale of the owner's (made as they would, through the form) for its detail page.
      const pack = demo.variants.find(
        (v) =>
          v.status === "active" &&
          demo.products.some((p) => p.id === v.productId && p.cooperativeId === orange.id),
      )!;
      const now = Date.now();
      const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
      const created = await owner.post("/admin/presales/new", {
        intent: "create",
        variantId: pack.id,
        priceFen: "68",
        depositKind: "percent",
        depositPercent: "30",
        cap: "600",
        startsAt: beijing(now - 60_000),
        endsAt: beijing(now + 20 * 86_400_000),
        harvestFrom: beijing(now + 30 * 86_400_000).slice(0, 10),
        harvestTo: beijing(now + 40 * 86_400_000).slice(0, 10),
        shortDefault: "wait",
        policyZh: "采收前可随时取消，定金全额退还。",
        policyEn: "Cancel before the harvest for a full refund.",
        deadlineHours: "48",
      });
      // The pack may have one open already (the other language's run made it).
      const listed = await owner.get("/admin/presales");
      const html = new TextDecoder().decode(listed.bytes);
      const presaleIds = [
        ...new Set(html.match(/\/admin\/presales\/(ofr_[A-Za-z0-9]+)/g) ?? []),
      ].map((href) => href.slice("/admin/presales/".length));
      if (created.status !== 302 && !presaleIds.length)
        throw new Error(`presale not created: ${created.status}`);
      // A pickup point led by the owner and a group deal offering it, made through the forms.
      const point = await owner.post("/admin/pickup-points/new", {
        intent: "create",
        name: `东门社区店 ${lang}`,
        provinceCode: "36",
        cityCode: "3607",
        districtCode: "360722",
        addressLine: "信丰县东门路 12 号",
        openingHours: "每天 9:00–20:00",
        leaderEmail: OWNER,
        leaderName: "王姐",
        leaderMobile: "13800138000",
        commissionBps: "8",
        active: "on",
      });
      const pointId = /\/admin\/pickup-points\/(pkp_[A-Za-z0-9]+)/.exec(point.location ?? "")?.[1];
      if (!pointId) throw new Error(`pickup point not created: ${point.status}`);
      const deal = await owner.post("/admin/groupbuys/new", {
        intent: "create",
        variantId: pack.id,
        priceFen: "30",
        tierMin2: "2",
        tierPrice2: "26",
        minQuantity: "2",
        maxQuantity: "3",
        endsAt: beijing(now + 3 * 86_400_000),
        pickupPointIds: pointId,
      });
      const dealsPage = new TextDecoder().decode((await owner.get("/admin/groupbuys")).bytes);
      const dealIds = [
        ...new Set(dealsPage.match(/\/admin\/groupbuys\/(ofr_[A-Za-z0-9]+)/g) ?? []),
      ].map((href) => href.slice("/admin/groupbuys/".length));
      if (!dealIds.length) throw new Error(`group deal not created: ${deal.status}`);
      // The deal's share page (its code is on the deal's admin page), and a code that is none.
      const dealPage = new TextDecoder().decode(
        (await owner.get(`/admin/groupbuys/${dealIds[0]}`)).bytes,
      );
      const shareCode = /\/g\/([2-9a-hjkmnp-z]{8})/.exec(dealPage)?.[1];
      if (!shareCode) throw new Error("no share link on the deal's page");
      report(
        `admin ${lang} as owner`,
        before,
        await sweep(owner, lang, [
          ...adminPages(orange.id, "owner", presaleIds, { dealIds, pointIds: [pointId] }),
          // The owner leads the pickup point: their leader console, and a search that is not one.
          { route: "_store.leader", path: "/leader" },
          { route: "_store.leader", path: "/leader?q=%00abc", status: 400 },
          // The presale's storefront pages: its checkout, and a choice link that is not one.
          ...presaleIds.map((id) => ({ route: "_store.presale.$offerId", path: `/presale/${id}` })),
          { route: "_store.g.$code", path: `/g/${shareCode}`, shows: ["东门社区店"] },
          { route: "_store.g.$code", path: "/g/zzzzzzzz", status: 404 },
          {
            route: "_store.presale.choice.$token",
            path: `/presale/choice/${"a".repeat(43)}`,
            status: 404,
          },
        ]),
      );
    },
  );

  it.each(LANGS)(
    "admin in %s: every admin page of every cooperative, as the platform admin",
    async (lang) => {
      const before = { ...tally };
      const admin = new HttpVisitor(server.url);
      await admin.setLanguage(lang);
      await admin.signIn(PLATFORM_ADMIN);
      const problems: string[] = [];
      for (const coop of demo.cooperatives) {
        const switched = await admin.post("/admin/switch", {
          cooperativeId: coop.id,
          redirectTo: "/admin",
        });
        if (switched.status !== 302)
          problems.push(`${lang} switch to ${coop.slug}: status ${switched.status}`);
        problems.push(...(await sweep(admin, lang, adminPages(coop.id, "admin"))));
      }
      report(`admin ${lang} as platform admin`, before, problems);
    },
  );

  it.each(LANGS)("host console in %s: earnings and the live dashboards", async (lang) => {
    const before = { ...tally };
    const host = new HttpVisitor(server.url);
    await host.setLanguage(lang);
    await host.signIn(DEMO_HOST_EMAIL);
    report(`host ${lang}`, before, await sweep(host, lang, hostPages()));
  });

  it("swept every storefront and admin route that renders a page", () => {
    // Layouts render inside every page above; the others answer PDF, CSV, JSON to the photo editor, or a redirect.
    const notPages = new Set([
      "_store",
      "admin",
      "admin.switch",
      "admin.products.$productId.images",
      "admin.orders.$orderId.labels[.]pdf",
      "admin.shipments.$shipmentId.label[.]pdf",
      "admin.shipments.labels[.]pdf",
      "admin.products.export[.]csv",
      "admin.live.earnings[.]csv",
      "admin.presales.$offerId.orders[.]csv",
    ]);
    const routes = readdirSync(path.resolve(import.meta.dirname, "../../app/routes"))
      .map((f) => f.replace(/\.tsx?$/, ""))
      .filter(
        (r) =>
          (r === "_store" || r.startsWith("_store.") || r === "admin" || r.startsWith("admin.")) &&
          !notPages.has(r),
      );
    expect(routes.filter((r) => !visitedRoutes.has(r))).toEqual([]);
    console.log(`all: ${tally.pages} pages, ${tally.withNul} with NUL bytes (${tally.nuls} NULs)`);
  });
});
