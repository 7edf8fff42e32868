import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { axeViolations } from "../setup/axe";
import { DESKTOP, launchBrowser, PHONE } from "../setup/browser";
import { setEnglish, signInAsDemo } from "../setup/demo-session";

/**
 * axe-core's WCAG 2.1 AA rules on every page the checkout issue added, at phone and desktop
 * width, on the demo seed (the demo shopper's orders, the orange cooperative's admin).
 */

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ env: { PAYMENT_PROVIDER: "simulated" }, timeoutMs: 400_000 }),
    launchBrowser(),
  ]);
}, 420_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectAccessible(page: Page, label: string) {
  await page.waitForLoadState("networkidle");
  expect(await axeViolations(page), label).toEqual([]);
}

describe("checkout and order pages", () => {
  it.each([
    ["zh", PHONE],
    ["en", DESKTOP],
  ] as const)(
    "pass axe-core in %s at %o: checkout, payment, order, my orders, lookup",
    async (lang, viewport) => {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      if (lang === "en") await setEnglish(context, server.url);
      const page = await context.newPage();
      try {
        await page.goto("/orders/lookup");
        await expectAccessible(page, "/orders/lookup");

        await signInAsDemo(page, "shopper@harvest.example", "/account", lang);
        await page.goto("/account/orders");
        await expectAccessible(page, "/account/orders");
        // Every demo order's page: delivered, in transit, stalled, cold chain, cancelled, awaiting payment.
        const orderLinks = await page
          .locator('a[href^="/orders/ord_"]')
          .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]);
        expect(orderLinks.length).toBeGreaterThanOrEqual(6);
        for (const href of orderLinks) {
          await page.goto(href);
          await expectAccessible(page, href);
        }

        // A cart, the checkout form with its live summary, then the payment page it leads to.
        await page.goto("/p/loufan-golden-millet");
        await page
          .locator('form button[type="submit"]')
          .filter({ hasText: lang === "zh" ? "加入购物车" : "Add to cart" })
          .first()
          .click();
        await page.waitForLoadState("networkidle");
        await page.goto("/checkout");
        await expectAccessible(page, "/checkout");
        await page
          .getByRole("button", { name: lang === "zh" ? "提交订单并付款" : /Place order/ })
          .click();
        await page.waitForURL((url) => url.pathname.startsWith("/pay/"));
        await expectAccessible(page, "/pay/:id");
      } finally {
        await context.close();
      }
    },
  );
});

describe("admin order pages", () => {
  it.each([
    ["zh", PHONE],
    ["en", DESKTOP],
  ] as const)(
    "pass axe-core in %s at %o: the list and every order's page",
    async (lang, viewport) => {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      if (lang === "en") await setEnglish(context, server.url);
      const page = await context.newPage();
      try {
        await signInAsDemo(page, "orange.owner@harvest.example", "/admin", lang);
        await page.goto("/admin/orders");
        await expectAccessible(page, "/admin/orders");
        const links = await page
          .locator('a[href^="/admin/orders/ord_"]')
          .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]);
        expect(links.length).toBeGreaterThanOrEqual(2);
        for (const href of links) {
          await page.goto(href);
          await expectAccessible(page, href);
        }
      } finally {
        await context.close();
      }
    },
  );
});
