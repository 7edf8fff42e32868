// Screenshots of the cooperative admin at phone and desktop size, after hydration, for people to look at.
// Usage: tsx scripts/admin-screenshots.ts <base-url> <out-dir> [--lang en] [--only products]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { DESKTOP, launchBrowser, PHONE } from "../tests/setup/browser";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: "string", default: "zh" }, only: { type: "string", default: "" } },
});
const [base = "http://127.0.0.1:3000", out = "screenshots/admin"] = positionals;
mkdirSync(out, { recursive: true });
const PASSWORD = "harvest-demo-2026";
const BAD_CSV = "sku,price_yuan\nNO-SUCH-SKU,abc\n,12\n";

async function signIn(page: Page, email: string) {
  await page.goto("/account/sign-in?redirectTo=/admin");
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("form button[type=submit]").last().click();
  await page.waitForURL((url) => url.pathname === "/admin");
}

// Polaris grows multiline fields in a layout effect; wait until React has hydrated the page.
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  const hydrated = await page
    .waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 })
    .catch(() => null);
  if (!hydrated) console.warn(`not hydrated: ${page.url()}`);
  await page.waitForTimeout(400);
}

async function shoot(page: Page, name: string, label: string, url?: string) {
  if (values.only && !name.startsWith(values.only)) return;
  if (url) await page.goto(url);
  await settle(page);
  await page.screenshot({ path: path.join(out, `${name}-${label}.png`), fullPage: true });
}

const browser = await launchBrowser();
for (const [label, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  for (const who of ["owner", "admin"] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, baseURL: base });
    const page = await context.newPage();
    await signIn(page, who === "owner" ? "orange.owner@harvest.example" : "admin@harvest.example");
    await page.request.post("/lang", { form: { lang: values.lang!, redirectTo: "/admin" } });
    if (who === "admin") {
      await shoot(page, "tariffs", label, "/admin/shipping/tariffs");
      await shoot(page, "admin-dashboard", label, "/admin");
      await context.close();
      continue;
    }
    await shoot(page, "dashboard", label, "/admin");
    await shoot(page, "products", label, "/admin/products");
    await page.goto("/admin/products");
    const productHref = await page
      .locator(
        "a[href^='/admin/products/prd'], a[href^='/admin/products/']:not([href$='/new']):not([href$='/bulk']):not([href$='/csv'])",
      )
      .first()
      .getAttribute("href");
    if (productHref) await shoot(page, "product-edit", label, productHref);
    await shoot(page, "product-new", label, "/admin/products/new");
    if (!values.only || "product-new-error".startsWith(values.only)) {
      await page.locator("input[name=nameZh]").fill("赣南脐橙 特级");
      await page.locator("textarea[name=descriptionZh]").fill("赣南脐橙，果园直发。".repeat(12));
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("button[type=submit]").last().click(),
      ]);
      await shoot(page, "product-new-error", label);
    }
    await shoot(page, "stock", label, "/admin/stock");
    if (!values.only || "stock-history".startsWith(values.only)) {
      const stockHref = await page.locator("a[href^='/admin/stock/']").first().getAttribute("href");
      if (stockHref) await shoot(page, "stock-history", label, stockHref);
    }
    await shoot(page, "bulk", label, "/admin/products/bulk");
    await shoot(page, "csv", label, "/admin/products/csv");
    if (!values.only || "csv-error".startsWith(values.only)) {
      await page
        .locator("#csv-file")
        .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(BAD_CSV) });
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("form button[type=submit]").last().click(),
      ]);
      await shoot(page, "csv-error", label);
    }
    await shoot(page, "batches", label, "/admin/batches");
    await shoot(page, "orders", label, "/admin/orders");
    await shoot(page, "profile", label, "/admin/profile");
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}`);
