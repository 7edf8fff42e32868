// Screenshots of the group-deal admin pages, then the shopper's share page /g/:code and a join's order page
// (held, then settled with its pickup code), at phone and desktop size, after hydration, for people to look at.
// Makes a pickup point and a deal as the demo orange owner (through the forms), and joins it as guests
// on the simulated payment page, so run it on a scratch database with PAYMENT_PROVIDER=simulated.
// Then the demo deal's page (settled, if scripts/groupbuy-settle-demo.ts ran) and /leader as the demo leader.
// Usage: tsx scripts/groupbuy-screenshots.ts <base-url> <out-dir> [--lang en]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { DESKTOP, launchBrowser, PHONE } from "../tests/setup/browser";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: "string", default: "zh" } },
});
const [base = "http://127.0.0.1:3000", out = "screenshots/groupbuy"] = positionals;
mkdirSync(out, { recursive: true });
const OWNER = "orange.owner@harvest.example";
const PASSWORD = "harvest-demo-2026";
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page
    .waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 })
    .catch(() => console.warn(`not hydrated: ${page.url()}`));
  await page.waitForTimeout(400);
}

async function shoot(page: Page, name: string, label: string, url?: string) {
  if (url) await page.goto(url);
  await settle(page);
  await page.screenshot({ path: path.join(out, `${name}-${label}.png`), fullPage: true });
}

const browser = await launchBrowser();
let dealPath = "";
let shareCode = "";
for (const [label, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, baseURL: base });
  const page = await context.newPage();
  await page.goto("/account/sign-in?redirectTo=/admin");
  await page.locator("input[name=email]").fill(OWNER);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").last().click();
  await page.waitForURL((url) => url.pathname === "/admin");
  await page.request.post("/lang", { form: { lang: values.lang!, redirectTo: "/admin" } });

  if (!dealPath) {
    // A pickup point through its form (the owner leads it), then a deal offering it.
    const point = await page.request.post("/admin/pickup-points/new", {
      form: {
        intent: "create",
        name: "东门社区便利店",
        provinceCode: "36",
        cityCode: "3607",
        districtCode: "360722",
        addressLine: "信丰县嘉定镇东门路 12 号",
        openingHours: "每天 9:00–20:00",
        leaderEmail: OWNER,
        leaderName: "王姐",
        leaderMobile: "13800138000",
        commissionBps: "8",
        active: "on",
      },
      maxRedirects: 0,
    });
    const pointId = /pkp_\w+/.exec(point.headers()["location"] ?? "")?.[0];
    await page.goto("/admin/groupbuys/new");
    const variantId = await page
      .locator("select[name=variantId] option:not([value=''])")
      .first()
      .getAttribute("value");
    const deal = await page.request.post("/admin/groupbuys/new", {
      form: {
        intent: "create",
        variantId: variantId ?? "",
        priceFen: "39.9",
        tierMin2: "5",
        tierPrice2: "35",
        tierMin3: "10",
        tierPrice3: "29.9",
        minQuantity: "5",
        maxQuantity: "20",
        endsAt: beijing(Date.now() + 3 * 86_400_000),
        pickupPointIds: pointId ?? "",
        allowHomeDelivery: "on",
      },
      maxRedirects: 0,
    });
    dealPath = new URL(deal.headers()["location"] ?? "/admin/groupbuys", base).pathname;
    console.log(`deal ${deal.status()} ${dealPath}, point ${point.status()} ${pointId}`);
  }
  await shoot(page, "groupbuys", label, "/admin/groupbuys");
  await shoot(page, "groupbuy-new", label, "/admin/groupbuys/new");
  // The form refused: tiers that do not go down, a minimum above the maximum, no deadline.
  await page.locator("input[name=priceFen]").fill("30");
  await page.locator("input[name=tierMin2]").fill("10");
  await page.locator("input[name=tierPrice2]").fill("32");
  await page.locator("input[name=minQuantity]").fill("50");
  await page.locator("input[name=maxQuantity]").fill("20");
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("form button[type=submit]").last().click(),
  ]);
  await shoot(page, "groupbuy-new-error", label);
  // The deadline typed: the form says how joins will pay.
  await page.goto("/admin/groupbuys/new");
  await settle(page);
  await page.locator("input[name=endsAt]").fill(beijing(Date.now() + 12 * 86_400_000));
  await shoot(page, "groupbuy-new-charge", label);
  await shoot(page, "groupbuy-deal", label, dealPath);
  shareCode ||= /\/g\/([2-9a-hjkmnp-z]{8})/.exec(await page.content())?.[1] ?? "";
  await shoot(page, "pickup-points", label, "/admin/pickup-points");
  await shoot(page, "pickup-point-new", label, "/admin/pickup-points/new");
  // The demo deal (on the 5 kg family box): its settlement, parcels and what is owed once settled.
  await page.goto("/admin/groupbuys");
  await settle(page);
  const demoDeal = await page
    .locator('a[href^="/admin/groupbuys/ofr_"]', { hasText: /家庭装|family box/ })
    .first()
    .getAttribute("href")
    .catch(() => null);
  if (demoDeal) await shoot(page, "groupbuy-demo-deal", label, demoDeal);
  await context.close();
}

// The shopper's side, as guests in the chosen language.
if (!shareCode) throw new Error(`no share link on ${dealPath}`);

/** Joins as a guest at the first pickup point through the form, pays on the simulated page; the order page's path. */
async function joinAsGuest(page: Page, quantity: number, name: string): Promise<string> {
  await page.goto(`/g/${shareCode}`);
  await settle(page);
  await page.locator("input[name=quantity]").fill(String(quantity));
  await page.locator("input[name=pickupPointId]").first().check();
  await page.locator("input[name=name]").fill(name);
  await page.locator("input[name=mobile]").fill("13912345678");
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith("/pay/")),
    page.locator(".gb-join button[type=submit]").click(),
  ]);
  await settle(page);
  await page.locator("input[name=number]").fill("4242 4242 4242 4242");
  await page.locator("input[name=expiry]").fill("12/39");
  await page.locator("input[name=cvc]").fill("123");
  await page.locator("input[name=name]").fill(name);
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith("/orders/")),
    page.locator("form button[type=submit]").last().click(),
  ]);
  return new URL(page.url()).pathname;
}

const contexts = [] as Awaited<ReturnType<typeof browser.newContext>>[];
for (const [label, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, baseURL: base });
  contexts.push(context);
  await context.request.post("/lang", { form: { lang: values.lang!, redirectTo: "/" } });
  const page = await context.newPage();
  await shoot(page, "share", label, `/g/${shareCode}`);
  // The join form refused: no name, a mobile that is not one.
  await page.locator("input[name=mobile]").fill("12345");
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator(".gb-join button[type=submit]").click(),
  ]);
  await shoot(page, "share-error", label);
  await page.goto(`/g/${shareCode}`);
  await settle(page);
  await page.locator("input[name=pickupPointId][value=home]").check();
  await shoot(page, "share-home", label);
}
// Each context joins once (2 packs, then 3: the group passes the 5-pack minimum and tier).
const held: string[] = [];
for (const [i, context] of contexts.entries()) {
  const page = await context.newPage();
  held.push(await joinAsGuest(page, i === 0 ? 2 : 3, i === 0 ? "张三" : "李四"));
  await shoot(page, "order-held", i === 0 ? "phone" : "desktop", held[i]);
}
await shoot(await contexts[0]!.newPage(), "share-progress", "phone", `/g/${shareCode}`);
// A third guest takes the rest: the deal is full and settles at once (the job runs in the server).
const filler = await browser.newContext({ viewport: PHONE, baseURL: base });
await joinAsGuest(await filler.newPage(), 15, "王五");
await filler.close();
for (const [i, context] of contexts.entries()) {
  const page = await context.newPage();
  const label = i === 0 ? "phone" : "desktop";
  for (let tries = 0; tries < 30; tries++) {
    await page.goto(held[i]!);
    if (await page.locator("[data-testid=pickup-code]").count()) break;
    await page.waitForTimeout(1_000);
  }
  await shoot(page, "order-settled", label);
  await shoot(page, "share-settled", label, `/g/${shareCode}`);
}
for (const context of contexts) await context.close();
// The demo leader's console on a phone: the code box, the list to hand out, today's, commission.
const leader = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, baseURL: base });
const phone = await leader.newPage();
await phone.goto("/account/sign-in?redirectTo=/leader");
await phone.locator("input[name=email]").fill("leader1@harvest.example");
await phone.locator("input[name=password]").fill(PASSWORD);
await phone.locator("form button[type=submit]").last().click();
await phone.waitForURL((url) => url.pathname === "/leader");
await phone.request.post("/lang", { form: { lang: values.lang!, redirectTo: "/leader" } });
await shoot(phone, "leader", "phone", "/leader");
// A code that is not at this point: refused by the field.
await phone.getByLabel(/输入取货码|Enter pickup code/).fill("000000");
await Promise.all([
  phone.waitForResponse((r) => r.request().method() === "POST"),
  phone.getByRole("button", { name: /确认取货|Hand out/ }).click(),
]);
await shoot(phone, "leader-refused", "phone");
// Searching by a mobile's last four digits.
await shoot(phone, "leader-search", "phone", "/leader?q=3001");
await leader.close();
await browser.close();
console.log(`screenshots in ${out}`);
