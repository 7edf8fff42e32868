import type { Browser, BrowserContext } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { axeViolations } from "../setup/axe";
import { DESKTOP, launchBrowser, PHONE } from "../setup/browser";
import { signInAsDemo, setEnglish } from "../setup/demo-session";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const english = (context: BrowserContext) => setEnglish(context, server.url);
const signIn = signInAsDemo;

describe("cooperative admin in chromium", () => {
  it("sends a signed-out visitor to sign in and back", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/admin/products");
    expect(new URL(page.url()).pathname).toBe("/account/sign-in");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/admin/products");
    await context.close();
  });

  it("an owner creates a product with two packs, uploads a photo, sets stock, and shoppers see it with the photo", async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 1,
      baseURL: server.url,
    });
    await english(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, "orange.owner@harvest.example");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).first().textContent())
      .toBe("Dashboard");

    await page.goto("/admin/products/new");
    await page.getByLabel("Product name (Chinese)").fill("南丰蜜桔");
    await page.getByLabel("Product name (English)").fill("Nanfeng tangerines");
    await page.getByLabel("Category").selectOption("fruit");
    await page.getByLabel("Shelf life (days)").fill("20");
    await page.getByRole("checkbox", { name: "Nov" }).check();
    await page.getByRole("checkbox", { name: "Dec" }).check();
    await page.getByLabel("Description (Chinese)").fill("皮薄汁多，合作社果园直发。");
    await page.getByLabel("URL name").fill("nanfeng-tangerines");
    // First a mistake: the form says what is wrong, next to the field, and keeps the rest.
    await page.getByLabel("Pack name (Chinese)").fill("5斤装");
    await page.getByLabel(/^Price \(yuan\)/).fill("abc");
    await page.getByLabel("SKU").fill("NF-25");
    await page.getByLabel("Net weight (kg)").fill("2.5");
    await page.getByLabel("Weight with packaging (kg)").fill("2.9");
    await page.getByLabel("Box length (cm)").fill("30");
    await page.getByLabel("Box width (cm)").fill("22");
    await page.getByLabel("Box height (cm)").fill("16");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect.poll(() => page.getByText("Enter an amount in yuan").count()).toBe(1);
    expect(await page.getByLabel("SKU").inputValue()).toBe("NF-25");
    await page.getByLabel(/^Price \(yuan\)/).fill("36.80");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/admin\/products\/prd_/);
    await expect.poll(() => page.getByText("Product created.").count()).toBe(1);

    // The second pack.
    await page.getByLabel("Pack name (Chinese)").fill("10斤装");
    await page.getByLabel("Pack name (English)").fill("5 kg box");
    await page.getByLabel(/^Price \(yuan\)/).fill("62");
    await page.getByLabel("SKU").fill("NF-50");
    await page.getByLabel("Net weight (kg)").fill("5");
    await page.getByLabel("Weight with packaging (kg)").fill("5.6");
    await page.getByLabel("Box length (cm)").fill("40");
    await page.getByLabel("Box width (cm)").fill("30");
    await page.getByLabel("Box height (cm)").fill("20");
    await page.getByRole("button", { name: "Add pack" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "5 kg box" }).count()).toBe(1);
    await expect.poll(() => page.getByRole("heading", { name: "5斤装" }).count()).toBe(1);

    // A photo, uploaded through the image manager.
    const photo = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 240, g: 140, b: 20 } },
    })
      .jpeg()
      .toBuffer();
    await page
      .locator("input[type=file]")
      .setInputFiles({ name: "tangerines.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect
      .poll(() => page.locator("img[src*='/media/']").count(), { timeout: 60_000 })
      .toBeGreaterThan(0);

    // Stock for the first pack, on the stock page the pack links to.
    await page.getByRole("link", { name: "Adjust stock" }).first().click();
    await page.waitForURL(/\/admin\/stock\/var_/);
    await page.getByLabel("Change").fill("40");
    await page.getByLabel("Reason").fill("First harvest");
    await page.getByRole("button", { name: "Save adjustment" }).click();
    await expect.poll(() => page.getByText("NF-25 now has 40 available").count()).toBe(1);

    // The storefront shows it, with the photo in srcset.
    await page.goto("/p/nanfeng-tangerines");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe("Nanfeng tangerines");
    const srcsets = await page
      .locator("picture source, picture img")
      .evaluateAll((els) => els.map((e) => e.getAttribute("srcset") ?? ""));
    expect(srcsets.some((s) => /\/media\/[0-9a-f]{64}\/\d+\.(avif|webp|jpg) \d+w/.test(s))).toBe(
      true,
    );
    await expect.poll(() => page.getByText("In stock").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("another cooperative's owner gets a plain 404 for that product", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    await english(context);
    const page = await context.newPage();
    await signIn(page, "orange.owner@harvest.example");
    await page.goto("/admin/products");
    const href = await page.locator("a[href^='/admin/products/prd_']").first().getAttribute("href");
    await context.clearCookies();
    await english(context);
    await signIn(page, "grape.owner@harvest.example");
    const res = await page.goto(href!);
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { name: "Not found" }).count()).toBe(1);
    await context.close();
  });

  it("switches language and signs out from the user menu", async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, "orange.owner@harvest.example", "/admin", "zh");
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).first().textContent())
      .toBe("概览");
    await page.getByRole("button", { name: /刘建国/ }).click();
    await page.getByRole("menuitem", { name: "English" }).click();
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).first().textContent())
      .toBe("Dashboard");
    await page.getByRole("button", { name: /刘建国/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/admin"));
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/account/sign-in");
    await context.close();
  });

  it("a platform admin switches cooperative and sees the tariffs entry; owners see their shipping settings", async () => {
    const context = await browser.newContext({ viewport: DESKTOP, baseURL: server.url });
    await english(context);
    const page = await context.newPage();
    await signIn(page, "admin@harvest.example");
    await expect.poll(() => page.getByRole("link", { name: "Shipping tariffs" }).count()).toBe(1);
    // Hydration resets a Polaris select to its React state, so choose only once the page is live.
    await page.waitForLoadState("networkidle");
    await page
      .getByLabel("Cooperative")
      .selectOption({ label: "Suining Dongshan Grape Cooperative" });
    await page.getByRole("button", { name: "Switch" }).click();
    // The switcher's own option carries the name too; wait for the page (the dashboard subtitle) to show it.
    await expect
      .poll(() => page.getByRole("main").getByText("Suining Dongshan Grape Cooperative").count())
      .toBeGreaterThan(0);
    await page.getByRole("link", { name: "Products" }).click();
    await page.waitForURL("**/admin/products");
    await expect.poll(() => page.getByText("Dongshan red globe grapes").count()).toBeGreaterThan(0);
    // Each row shows the product's card photo, small, from the 320-wide rendition.
    // (Seeded products share one creation time, so find the row's photo by its description.)
    const thumb = page
      .getByRole("main")
      .getByRole("img", { name: /red globe grapes/i })
      .first();
    expect(await thumb.getAttribute("src")).toMatch(/^\/media\/[\w-]+\/320\.jpg$/);
    expect(await thumb.evaluate((img: HTMLImageElement) => [img.width, img.height])).toEqual([
      48, 48,
    ]);
    expect(await page.getByText("Gannan Newhall navel oranges").count()).toBe(0);
    await context.clearCookies();
    await english(context);
    await signIn(page, "grape.owner@harvest.example");
    // Owners get the same page for their free-shipping threshold (polled: the menu is drawn
    // once the signed-in page has loaded), and never the platform's tariffs entry.
    await expect
      .poll(() => page.getByRole("link", { name: "Shipping & free shipping" }).count())
      .toBe(1);
    expect(await page.getByRole("link", { name: "Shipping tariffs" }).count()).toBe(0);
    // One cooperative: no switcher.
    expect(await page.getByLabel("Cooperative").count()).toBe(0);
    await context.close();
  });

  it("admin pages pass axe-core's WCAG 2.1 AA rules on a phone and a desktop", async () => {
    const found: Record<string, unknown> = {};
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      const page = await context.newPage();
      await signIn(page, "orange.owner@harvest.example", "/admin", "zh");
      const productHref = await (async () => {
        await page.goto("/admin/products");
        return page.locator("a[href^='/admin/products/prd_']").first().getAttribute("href");
      })();
      for (const path of [
        "/admin",
        "/admin/products",
        "/admin/products/new",
        productHref!,
        "/admin/batches",
        "/admin/profile",
        "/admin/orders",
      ]) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        const violations = await axeViolations(page);
        if (violations.length) found[`${viewport.width} ${path}`] = violations;
      }
      await context.close();
    }
    expect(found).toEqual({});
  });
});
