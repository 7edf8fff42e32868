import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../setup/axe";
import { DESKTOP, launchBrowser, PHONE } from "../setup/browser";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    baseURL: server.url,
  });
}

describe("storefront in chromium", () => {
  it("answers /healthz once migrated", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("on a phone: home → product → pick a pack → add two → right total after a reload", async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto("/");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toContain("从枝头到餐桌");

    // The product's own card (the home page also links its live flash sale, to /l/:code).
    await page
      .getByRole("link", { name: /赣南脐橙 纽荷尔/ })
      .and(page.locator('[href="/p/gannan-navel-oranges"]'))
      .first()
      .click();
    await page.waitForURL("**/p/gannan-navel-oranges");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("赣南脐橙 纽荷尔");

    await page.getByRole("radio", { name: /5 公斤 家庭装/ }).check();
    // The price shown follows the chosen pack.
    await expect
      .poll(() => page.locator(".product-page__price .price__now").textContent())
      .toBe("¥69.90");
    await page.getByLabel("数量").fill("2");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已加入购物车");
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("2");

    await page.getByRole("link", { name: /购物车/ }).click();
    await page.waitForURL("**/cart");
    await page.reload();
    expect(await page.getByTestId("cart-subtotal").textContent()).toBe("¥139.80");
    expect(await page.getByLabel(/数量: 赣南脐橙 纽荷尔/).inputValue()).toBe("2");
    expect(await page.getByTestId("line-total").textContent()).toBe("¥139.80");

    // Change the quantity in the cart; the total follows and survives a reload too.
    await page.getByLabel(/数量: 赣南脐橙 纽荷尔/).fill("3");
    await page.getByRole("button", { name: "更新" }).click();
    await expect.poll(() => page.getByTestId("cart-subtotal").textContent()).toBe("¥209.70");
    await page.reload();
    expect(await page.getByTestId("cart-subtotal").textContent()).toBe("¥209.70");
    await context.close();
  });

  it("explains a refused quantity on the page and adds nothing", async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto("/p/dongshan-red-grapes");
    await page.getByRole("radio", { name: /4 公斤/ }).check();
    await page.getByLabel("数量").fill("7");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("库存不足：最多还能购买 6 件");
    expect(await page.getByTestId("cart-count").count()).toBe(0);
    expect(await page.getByLabel("数量").inputValue()).toBe("7");
    await context.close();
  });

  it("switches to English and back, keeping the page", async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto("/p/loufan-highland-potatoes");
    await page.getByRole("button", { name: /English/ }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Loufan highland yellow potatoes");
    expect(new URL(page.url()).pathname).toBe("/p/loufan-highland-potatoes");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByRole("button", { name: /中文/ }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("娄烦高原黄心土豆");
    await context.close();
  });

  it("serves a helpful 404 with a 404 status", async () => {
    const context = await phone();
    const page = await context.newPage();
    const res = await page.goto("/p/no-such-thing");
    expect(res?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("页面不存在");
    expect(await page.getByRole("searchbox", { name: "搜索商品" }).count()).toBeGreaterThan(0);
    const other = await page.goto("/nothing/here");
    expect(other?.status()).toBe(404);
    await context.close();
  });

  it("gives search engines what they need", async () => {
    const html = await (await fetch(`${server.url}/p/gannan-navel-oranges`)).text();
    expect(html).toContain(`<link rel="canonical" href="${server.url}/p/gannan-navel-oranges"/>`);
    expect(html).toMatch(/<meta name="description" content="[^"]{20,}"/);
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1]!);
    expect(ld).toMatchObject({ "@type": "Product", name: "赣南脐橙 纽荷尔" });
    expect(ld.offers).toHaveLength(3);
    expect(html).toMatch(/srcSet="\/media\/[0-9a-f]{64}\/320\.webp 320w/);
    const robots = await (await fetch(`${server.url}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`);
    // An index over files of at most 50,000 URLs; follow it.
    const index = await (await fetch(`${server.url}/sitemap.xml`)).text();
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(files).toContain(`${server.url}/sitemaps/products-1.xml`);
    const sitemap = (await Promise.all(files.map(async (f) => (await fetch(f)).text()))).join("\n");
    expect(sitemap).toContain(`${server.url}/p/dongshan-red-grapes`);
    expect(sitemap).toContain(`${server.url}/c/loufan-potato`);
  });

  it("serves product images with long immutable caching", async () => {
    const html = await (await fetch(`${server.url}/p/gannan-navel-oranges`)).text();
    const src = html.match(/\/media\/[0-9a-f]{64}\/640\.webp/)![0];
    const res = await fetch(`${server.url}${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${server.url}/media/../cookie-secret`)).status).toBe(404);
  });

  it("can be used with the keyboard alone", async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/p/gannan-navel-oranges");
    // Hydrated first: a pack changed before hydration sometimes left the page without its
    // scripts (1 run in 3 here; an open defect, see the 2026-12-08 closing note), and this test
    // is about the keyboard.
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到主要内容");
    await page.getByRole("radio", { name: /2.5 公斤/ }).focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: /5 公斤 家庭装/ }).isChecked()).toBe(true);
    // Live, the stepper's buttons are in the tab order: the field, then "+", then 加入购物车.
    await page.getByLabel("数量").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "增加一件",
    );
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("加入购物车");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已加入购物车");
    await context.close();
  });

  it.each([
    ["home", "/"],
    ["product", "/p/dongshan-red-grapes"],
    ["cooperative", "/c/loufan-potato"],
    ["search", "/search?q=%E5%9C%9F%E8%B1%86"],
    ["not found", "/p/nothing-here"],
  ])(
    "passes axe-core's WCAG 2.1 AA checks on the %s page, phone and desktop",
    async (_name, url) => {
      for (const viewport of [PHONE, DESKTOP]) {
        const context = await browser.newContext({ viewport, baseURL: server.url });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: "networkidle" });
        expect(await axeViolations(page), `${url} at ${viewport.width}px`).toEqual([]);
        await context.close();
      }
    },
  );

  it("passes axe-core's checks on a filled cart, in English too", async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/p/loufan-golden-millet");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await page.getByRole("status").waitFor();
    await page.goto("/cart", { waitUntil: "networkidle" });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: /English/ }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Cart");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
