import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../scripts/seed/users";
import { startServer } from "../../scripts/lib/start-server";
import { rawRequest, type RawRequest } from "../setup/raw-http";
import { bodyLimitFor } from "~/lib/body-limit";
import { openPglite } from "~/lib/db.server";

/**
 * Every route of the built app, as a signed-out visitor and as each kind of account, gets every
 * kind of bad request: odd methods, bodies that are not forms, broken multipart, bodies over the
 * limit with and without a length, garbage in every field of every form the page shows, odd bytes
 * in the path and query, odd headers. None may be answered with a 5xx, and afterwards the
 * database holds exactly what it held before (only sign-in counters and sessions may move).
 */

// Tables that requests may legitimately touch while refusing them: failed sign-ins are counted,
// and a session's last-seen time moves.
const MAY_CHANGE = new Set(["rate_limits", "sessions"]);

const dataDir = mkdtempSync(path.join(tmpdir(), "harvest-sweep-"));
const serverEnv = {
  PGLITE_DIR: path.join(dataDir, "pglite"),
  JOBS_WORKER: "0",
  COOKIE_SECRET: "sweep-cookie-secret-0123456789",
  // Configured, so the webhooks' own checks are swept rather than their "not configured" answer.
  CARRIER_WEBHOOK_SECRET: "sweep-carrier-secret-0123456789",
  STRIPE_WEBHOOK_SECRET: "whsec_sweep0123456789",
};

type Ids = Record<string, string>;
type Snapshot = Record<string, string>;

async function readDatabase(): Promise<{ snapshot: Snapshot; ids: Ids }> {
  const handle = await openPglite(serverEnv.PGLITE_DIR);
  try {
    const rows = <T>(q: ReturnType<typeof sql>) =>
      handle.db.execute(q).then((r) => (r as unknown as { rows: T[] }).rows);
    const tables = await rows<{ name: string }>(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const snapshot: Snapshot = {};
    for (const { name } of tables) {
      if (MAY_CHANGE.has(name)) continue;
      const [row] = await rows<{ digest: string; n: number }>(
        sql`select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest, count(*)::int as n from ${sql.identifier(name)} t`,
      );
      snapshot[name] = `${row!.n}:${row!.digest}`;
    }
    const one = async (q: ReturnType<typeof sql>) => (await rows<{ v: string }>(q))[0]?.v ?? "none";
    const ids: Ids = {
      cooperativeSlug: await one(sql`select slug as v from cooperatives order by slug limit 1`),
      productSlug: await one(
        sql`select p.slug as v from products p join cooperatives c on c.id = p.cooperative_id where c.slug = 'xinfeng-navel-orange' order by p.slug limit 1`,
      ),
      productId: await one(
        sql`select p.id as v from products p join cooperatives c on c.id = p.cooperative_id where c.slug = 'xinfeng-navel-orange' order by p.slug limit 1`,
      ),
      variantId: await one(
        sql`select v.id as v from variants v join products p on p.id = v.product_id join cooperatives c on c.id = p.cooperative_id where c.slug = 'xinfeng-navel-orange' order by v.sku limit 1`,
      ),
      orderId: await one(
        sql`select o.id as v from orders o join order_parts op on op.order_id = o.id join cooperatives c on c.id = op.cooperative_id where c.slug = 'xinfeng-navel-orange' order by o.created_at limit 1`,
      ),
      pendingOrderId: await one(
        sql`select id as v from orders where status = 'pending_payment' limit 1`,
      ),
      // The pending order has no payment until its Pay button is pressed; any payment's page will do.
      paymentId: await one(sql`select id as v from payments order by created_at limit 1`),
      shipmentId: await one(
        sql`select s.id as v from shipments s join cooperatives c on c.id = s.cooperative_id where c.slug = 'xinfeng-navel-orange' order by s.created_at limit 1`,
      ),
      trackingNumber: await one(
        sql`select tracking_number as v from shipments order by created_at limit 1`,
      ),
      // The demo host's session and live sale (the host console's pages, QR codes and dashboards; the cooperative's under /admin).
      sessionId: await one(
        sql`select session_id as v from flash_sales order by created_at limit 1`,
      ),
      saleId: await one(sql`select id as v from flash_sales order by created_at limit 1`),
      // The demo presale (its admin page with the release form and its orders, its checkout).
      offerId: await one(
        sql`select t.offer_id as v from presale_terms t join cooperatives c on c.id = t.cooperative_id where c.slug = 'xinfeng-navel-orange' order by t.created_at limit 1`,
      ),
      // The group deal made in beforeAll (its share page and join form).
      shareCode: await one(
        sql`select share_code as v from groupbuy_deals order by created_at limit 1`,
      ),
    };
    return { snapshot, ids };
  } finally {
    await handle.close();
  }
}

/** The app's URL patterns, from the production build's route tree (so a new route is swept too). */
async function routePatterns(): Promise<string[]> {
  const build = (await import(path.resolve("build/index.js"))) as {
    routes: Record<string, { path?: string; parentId?: string }>;
  };
  const full = (id: string): string => {
    const route = build.routes[id]!;
    const parent = route.parentId ? full(route.parentId) : "";
    return route.path ? `${parent.replace(/\/$/, "")}/${route.path}` : parent;
  };
  return [...new Set(Object.keys(build.routes).map((id) => full(id) || "/"))].sort();
}

function fill(pattern: string, ids: Ids, odd?: string): string {
  return pattern.replace(/\*$/, odd ?? "no-such-page").replace(/:(\w+)/g, (_m, name: string) => {
    if (odd !== undefined) return odd;
    if (name === "slug") return pattern.startsWith("/c/") ? ids.cooperativeSlug! : ids.productSlug!;
    if (name === "orderId")
      return pattern.startsWith("/admin") ? ids.orderId! : ids.pendingOrderId!;
    if (name === "token") return "a".repeat(43);
    if (name === "code" && pattern.startsWith("/g/")) return ids.shareCode!;
    return ids[name] ?? "unknown";
  });
}

/** A cart cookie holding one pack of the home page's first product, so checkout is swept with something in it. */
async function cartWithOnePack(base: string, cookie = ""): Promise<string> {
  const home = await rawRequest(base, { path: "/" });
  const slug = /href="\/p\/([^"?#]+)"/.exec(home.body.toString("utf8"))?.[1];
  const page = await rawRequest(base, { path: `/p/${slug}`, headers: { Cookie: cookie } });
  const variantId =
    /name="variantId"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="variantId"/.exec(
      page.body.toString("utf8"),
    );
  const res = await rawRequest(base, {
    method: "POST",
    path: `/p/${slug}`,
    headers: { ...FORM, Cookie: cookie },
    body: new URLSearchParams({
      variantId: variantId?.[1] ?? variantId?.[2] ?? "",
      quantity: "1",
    }).toString(),
  });
  const cart = ([] as string[])
    .concat(res.headers["set-cookie"] ?? [])
    .find((c) => c.startsWith("hl_cart="));
  if (res.status !== 200 || !cart) throw new Error(`adding to the cart answered ${res.status}`);
  return cart.split(";")[0]!;
}

/** A pickup point and a group deal on it, through the owner's forms, so the share page's join form is swept. */
async function openGroupDeal(base: string, owner: string): Promise<void> {
  const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
  const post = (path: string, form: Record<string, string>) =>
    rawRequest(base, {
      method: "POST",
      path,
      headers: { ...FORM, Cookie: owner },
      body: new URLSearchParams(form).toString(),
    });
  const point = await post("/admin/pickup-points/new", {
    intent: "create",
    name: "东门社区店",
    provinceCode: "36",
    cityCode: "3607",
    districtCode: "360722",
    addressLine: "信丰县东门路 12 号",
    openingHours: "每天 9:00–20:00",
    leaderEmail: "orange.owner@harvest.example",
    leaderName: "王姐",
    leaderMobile: "13800138000",
    commissionBps: "8",
    active: "on",
  });
  const pointId = /pkp_[A-Za-z0-9]+/.exec(String(point.headers.location ?? ""))?.[0];
  const form = await rawRequest(base, { path: "/admin/groupbuys/new", headers: { Cookie: owner } });
  const variantId = /value="(var_[A-Za-z0-9]+)"/.exec(form.body.toString("utf8"))?.[1];
  const deal = await post("/admin/groupbuys/new", {
    intent: "create",
    variantId: variantId ?? "",
    priceFen: "30",
    tierMin2: "3",
    tierPrice2: "26",
    minQuantity: "2",
    maxQuantity: "10",
    endsAt: beijing(Date.now() + 3 * 86_400_000),
    pickupPointIds: pointId ?? "",
    allowHomeDelivery: "on",
  });
  if (!pointId || deal.status !== 302)
    throw new Error(`group deal not opened: point ${point.status}, deal ${deal.status}`);
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await rawRequest(base, {
    method: "POST",
    path: "/account/sign-in",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }).toString(),
  });
  const set = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  const session = set.find((c) => c.startsWith("hl_session="));
  if (res.status !== 302 || !session) throw new Error(`sign-in as ${email} answered ${res.status}`);
  return session.split(";")[0]!;
}

/** Each form on a page: its intent (if any) and the names of its other fields. */
function formsOf(html: string): { intent?: string; fields: string[] }[] {
  const forms: { intent?: string; fields: string[] }[] = [];
  for (const [, inner] of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const names = new Set<string>();
    let intent: string | undefined;
    for (const [tag] of inner!.matchAll(/<(?:input|select|textarea|button)\b[^>]*>/g)) {
      const name = /\sname="([^"]+)"/.exec(tag)?.[1];
      if (!name) continue;
      if (name === "intent") intent ??= /\svalue="([^"]*)"/.exec(tag)?.[1];
      else names.add(name.replace(/&amp;/g, "&"));
    }
    if (names.size > 0) forms.push({ intent, fields: [...names] });
  }
  return forms;
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const GARBAGE = ["a\u0000b", "12,5", "99999999999999999999", "", "脐".repeat(3000), "-0x1e309"];
const ODD_SEGMENTS = ["%00", "%ff", "%E8%84", "..%2f..%2fetc", "a".repeat(3000), "%20"];
const ODD_QUERY =
  "?quote=1&province=%00&city=zz&district=99999999999&service=teleport&page=-1&status=nope&channel=%ff&from=2026-13-45&to=x" +
  "&code=%00&q=%E8%84&variant=%00&redirectTo=/.//evil.example&lang=xx&sort=zz&intent=zz&notice=%00";

function badRequests(route: string): RawRequest[] {
  const post = (headers: Record<string, string>, body?: string | Buffer): RawRequest => ({
    method: "POST",
    path: route,
    headers,
    body,
  });
  return [
    { method: "GET", path: `${route}${ODD_QUERY}` },
    { method: "GET", path: `${route}?quote=1` },
    { method: "GET", path: `${route}.data` },
    { method: "POST", path: `${route}.data`, headers: { "Content-Type": "text/plain" }, body: "x" },
    { method: "GET", path: route, headers: { "X-Forwarded-Host": "evil.example:99999" } },
    {
      method: "GET",
      path: route,
      headers: {
        "X-Forwarded-Host": "a b\u00ff",
        "X-Forwarded-Proto": "gopher",
        "X-Forwarded-For": "not-an-ip",
      },
    },
    {
      method: "GET",
      path: route,
      headers: {
        "Accept-Language": "\u00ff;q=x",
        Cookie: "hl_session=%00; hl_cart=zzz; hl_lang=%E8",
      },
    },
    { method: "HEAD", path: route },
    { method: "OPTIONS", path: route },
    { method: "TRACE", path: route },
    { method: "PROPFIND", path: route },
    { method: "PUT", path: route, headers: FORM, body: "intent=x" },
    { method: "PATCH", path: route, headers: { "Content-Type": "application/json" }, body: "{}" },
    { method: "DELETE", path: route },
    post({ "Content-Type": "application/json" }, JSON.stringify({ intent: "add", quantity: 1 })),
    post({ "Content-Type": "application/json" }, "{not json"),
    post({ "Content-Type": "text/plain" }, "intent=add"),
    post({}, "intent=add"),
    post(
      { "Content-Type": "multipart/form-data; boundary=XyZ" },
      '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\nadd',
    ),
    post({ "Content-Type": "multipart/form-data" }, "intent=add"),
    post(FORM, ""),
    post(FORM, "intent=__nope__"),
    post(FORM, "a=%zz&%ff=1&intent=%00"),
    post({ "Content-Type": "application/octet-stream" }, Buffer.from([0, 255, 254, 0, 1, 2, 3])),
  ];
}

let base = "";
let ids: Ids = {};
let before: Snapshot = {};
let stopServer: () => Promise<void> = async () => {};
let identities: { name: string; cookie?: string }[] = [];
const fiveHundreds: string[] = [];

function record(who: string, req: RawRequest, status: number) {
  if (status >= 500 || status === 0)
    fiveHundreds.push(
      `${status} ${who} ${req.method ?? "GET"} ${req.path.slice(0, 120)} ${JSON.stringify(req.headers ?? {})}`,
    );
}

beforeAll(async () => {
  // First start: load the demo data and sign the accounts in; then read the database at rest.
  const first = await startServer({ dataDir, env: serverEnv });
  let cookies: Record<string, string>;
  try {
    const shopper = await signIn(first.url, "shopper@harvest.example");
    cookies = {
      owner: await signIn(first.url, "orange.owner@harvest.example"),
      admin: await signIn(first.url, "admin@harvest.example"),
      host: await signIn(first.url, "host@harvest.example"),
      shopper: `${shopper}; ${await cartWithOnePack(first.url, shopper)}`,
      guest: await cartWithOnePack(first.url),
    };
    await openGroupDeal(first.url, cookies.owner!);
  } finally {
    await first.stop();
  }
  ({ snapshot: before, ids } = await readDatabase());
  // The demo data is there to be changed: six orders with their parcels, a pending payment.
  expect(Number(before.orders!.split(":")[0])).toBeGreaterThanOrEqual(6);
  expect(Object.values(ids)).not.toContain("none");
  identities = [
    { name: "visitor" },
    ...Object.entries(cookies).map(([name, cookie]) => ({ name, cookie })),
  ];
  const second = await startServer({ dataDir, env: { ...serverEnv, SEED_ON_START: "0" } });
  base = second.url;
  stopServer = () => second.stop();
}, 240_000);

afterAll(async () => {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("no request gets a 5xx, and refused ones change nothing", () => {
  it("covers every route of the build", async () => {
    const patterns = await routePatterns();
    expect(patterns).toEqual(
      expect.arrayContaining([
        "/admin/products/:productId",
        "/checkout",
        "/webhooks/stripe",
        "/lang",
        "/admin/presales/:offerId",
        "/presale/:offerId",
        "/g/:code",
      ]),
    );
    expect(patterns.length).toBeGreaterThan(40);
  });

  it("odd methods, bodies, bytes and headers on every route, for every kind of visitor", async () => {
    const patterns = await routePatterns();
    let sent = 0;
    let forms = 0;
    for (const pattern of patterns) {
      const route = fill(pattern, ids);
      const routes = [
        route,
        ...(pattern.includes(":") || pattern.endsWith("*")
          ? ODD_SEGMENTS.map((odd) => fill(pattern, ids, odd))
          : []),
      ];
      for (const { name, cookie } of identities) {
        const auth: Record<string, string> = cookie ? { Cookie: cookie } : {};
        for (const path of routes) {
          const res = await rawRequest(base, { path, headers: auth });
          record(name, { path }, res.status);
          sent++;
        }
        for (const req of badRequests(route)) {
          const res = await rawRequest(base, { ...req, headers: { ...auth, ...req.headers } });
          record(name, req, res.status);
          sent++;
        }
        // Every form the page shows this visitor, posted with garbage in every field.
        const page = await rawRequest(base, { path: route, headers: auth });
        for (const form of formsOf(page.body.toString("utf8"))) {
          forms++;
          for (const value of GARBAGE) {
            const body = new URLSearchParams(form.fields.map((f) => [f, value]));
            if (form.intent !== undefined) body.set("intent", form.intent);
            const req = {
              method: "POST",
              path: route,
              headers: { ...auth, ...FORM },
              body: body.toString(),
            };
            const res = await rawRequest(base, req);
            record(
              name,
              {
                ...req,
                path: `${route} [${form.intent ?? "form"}=${JSON.stringify(value.slice(0, 12))}]`,
              },
              res.status,
            );
            sent++;
          }
        }
      }
    }
    expect(fiveHundreds, fiveHundreds.join("\n")).toEqual([]);
    console.log(
      `bad-input sweep: ${sent} requests over ${patterns.length} routes as ${identities.length} kinds of visitor, ${forms} forms filled with garbage, no 5xx`,
    );
    expect(sent).toBeGreaterThan(2000);
    expect(forms).toBeGreaterThan(30);
  }, 600_000);

  it("refuses bodies over the limit with 413, declared or chunked, on every route", async () => {
    for (const pattern of await routePatterns()) {
      const route = fill(pattern, ids);
      const declared = await rawRequest(base, {
        method: "POST",
        path: route,
        headers: FORM,
        declaredBytes: 300 * 1024 * 1024,
      });
      expect(declared.status, `${route} declared`).toBe(413);
      const chunked = await rawRequest(base, {
        method: "POST",
        path: route,
        headers: FORM,
        chunkedBytes: bodyLimitFor(route) + 128 * 1024,
      });
      expect(chunked.status, `${route} chunked`).toBe(413);
    }
    // The server is still there, and still answers within the limit.
    expect((await rawRequest(base, { path: "/healthz" })).status).toBe(200);
  }, 300_000);

  it("marks every admin page private, no-store (they show shoppers' names, phones and addresses)", async () => {
    const owner = identities.find((i) => i.name === "owner")!.cookie!;
    for (const pattern of (await routePatterns()).filter(
      (p) => p.startsWith("/admin") && !p.includes("switch"),
    )) {
      const res = await rawRequest(base, { path: fill(pattern, ids), headers: { Cookie: owner } });
      if (res.status === 200)
        expect(res.headers["cache-control"], pattern).toBe("private, no-store");
    }
  });

  it("wrote nothing", async () => {
    await stopServer();
    stopServer = async () => {};
    const { snapshot: after } = await readDatabase();
    expect(after).toEqual(before);
  }, 120_000);
});
