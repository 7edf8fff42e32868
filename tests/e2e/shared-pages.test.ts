import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, PHONE } from "../setup/browser";
import { HttpVisitor } from "../setup/http-visitor";
import { DEMO_PASSWORD } from "../../scripts/seed/users";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";

/**
 * Storefront pages a proxy may share: the same bytes for every visitor of a language, whatever
 * their cart or account; the header's per-visitor bits arrive from /api/visitor after hydration.
 */

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SHARED = [
  "/",
  "/p/gannan-navel-oranges",
  `/search?q=${encodeURIComponent("橙")}&sort=price-asc`,
  "/search?category=fruit",
  "/c/suining-dongshan-grapes",
];
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function shopperWithCart(): Promise<HttpVisitor> {
  const v = new HttpVisitor(server.url);
  await v.signIn("shopper@harvest.example");
  const html = text((await v.get("/p/gannan-navel-oranges")).bytes);
  const variantId = html.match(/name="variantId"[^>]*value="(var_[^"]+)"/)?.[1];
  expect(variantId).toBeTruthy();
  const added = await v.post("/p/gannan-navel-oranges", { variantId: variantId!, quantity: "2" });
  expect(added.status).toBe(200);
  return v;
}

describe("shareable storefront pages", () => {
  it("are byte-identical for a new visitor and a signed-in one with a cart, per language", async () => {
    const guest = new HttpVisitor(server.url);
    const shopper = await shopperWithCart();
    const cart = JSON.parse(text((await shopper.get("/api/visitor")).bytes));
    expect(cart.cartCount).toBeGreaterThanOrEqual(2);
    expect(cart.signedIn).toBe(true);
    expect(JSON.parse(text((await guest.get("/api/visitor")).bytes))).toEqual({
      cartCount: 0,
      signedIn: false,
    });

    for (const path of SHARED) {
      const [a, b] = [await guest.get(path), await shopper.get(path)];
      expect(a.status, path).toBe(200);
      expect(text(a.bytes) === text(b.bytes), path).toBe(true);
      expect(text(a.bytes)).not.toContain('data-testid="cart-count"');
    }
    const enGuest = new HttpVisitor(server.url);
    await enGuest.setLanguage("en");
    await shopper.setLanguage("en");
    for (const path of SHARED) {
      const [a, b] = [await enGuest.get(path), await shopper.get(path)];
      expect(text(a.bytes) === text(b.bytes), path).toBe(true);
      expect(text(a.bytes), path).toContain('<html lang="en"');
    }
  });

  it("tell a proxy it may keep them, varying by the cookie that carries the language", async () => {
    for (const path of SHARED) {
      const res = await fetch(server.url + path);
      expect(res.headers.get("Cache-Control"), path).toBe(
        "public, max-age=60, stale-while-revalidate=300",
      );
      expect(res.headers.get("Vary"), path).toMatch(/Cookie/);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    // Per-visitor answers are never shared.
    const visitor = await fetch(`${server.url}/api/visitor`);
    expect(visitor.headers.get("Cache-Control")).toBe("private, no-store");
    const missing = await fetch(`${server.url}/p/no-such-product`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control") ?? "").not.toMatch(/public/);
    for (const path of ["/cart", "/checkout", "/account/sign-in"]) {
      const res = await fetch(server.url + path, { redirect: "manual" });
      expect(res.headers.get("Cache-Control") ?? "", path).not.toMatch(/public/);
    }
  });

  it("shows the cart count and the account link after hydration, phone and desktop", async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      const page = await context.newPage();
      await page.goto("/account/sign-in");
      await page.getByLabel("邮箱").fill("shopper@harvest.example");
      await page.getByLabel("密码").fill(DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((u) => !u.pathname.startsWith("/account/sign-in")),
        page.getByRole("button", { name: "登录", exact: true }).click(),
      ]);
      await page.goto("/p/dongshan-red-grapes");
      await page.waitForFunction(() => "__remixRouter" in window);
      // Once the account link says signed in, /api/visitor has answered.
      await expect.poll(() => page.locator(".account-link").getAttribute("href")).toBe("/account");
      const badge = page.getByTestId("cart-count");
      const before = (await badge.count()) ? Number(await badge.textContent()) : 0;
      await page.getByLabel("数量").fill("1");
      await page.getByRole("button", { name: "加入购物车" }).click();
      // The post revalidates /api/visitor: the badge follows without a reload.
      await expect
        .poll(() => page.getByTestId("cart-count").textContent())
        .toBe(String(before + 1));
      await page.goto("/");
      await page.waitForFunction(() => "__remixRouter" in window);
      await expect
        .poll(() => page.getByTestId("cart-count").textContent())
        .toBe(String(before + 1));
      await expect.poll(() => page.locator(".account-link").getAttribute("href")).toBe("/account");
      await context.close();
    }
  });
});
