// Screenshots of the storefront at phone and desktop size, for people to look at.
// Usage: tsx scripts/screenshots.ts <base-url> <out-dir> [--lang en]
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DESKTOP, launchBrowser, PHONE } from "../tests/setup/browser";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { lang: { type: "string", default: "zh" } },
});
const [base = "http://127.0.0.1:3000", out = "screenshots"] = positionals;
mkdirSync(out, { recursive: true });

const PAGES = [
  ["home", "/"],
  ["product", "/p/gannan-navel-oranges"],
  ["product-chilled", "/p/dongshan-red-grapes"],
  ["cooperative", "/c/suining-dongshan-grapes"],
  ["search", "/search?category=vegetable"],
  ["not-found", "/p/nothing-here"],
] as const;

const browser = await launchBrowser();
for (const [label, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, baseURL: base });
  const page = await context.newPage();
  if (values.lang === "en") {
    await page.goto("/");
    await page.getByRole("button", { name: /English/ }).click();
    await page.waitForLoadState("networkidle");
  }
  for (const [name, url] of PAGES) {
    await page.goto(url, { waitUntil: "networkidle" });
    await page.screenshot({
      path: path.join(out, `${name}-${label}.png`),
      fullPage: name !== "home" || label === "desktop",
    });
  }
  // Fill a cart from two cooperatives, then photograph it.
  for (const [url, pack, qty] of [
    ["/p/gannan-navel-oranges", /^5 公斤|^5 kg family/, "2"],
    ["/p/dongshan-red-grapes", /^2 公斤|^2 kg/, "1"],
  ] as const) {
    await page.goto(url);
    await page.getByRole("radio", { name: pack }).check();
    await page.locator("#quantity").fill(qty);
    await page.locator(".buy-form button[type=submit]").click();
    await page.getByRole("status").waitFor();
  }
  await page.goto("/cart", { waitUntil: "networkidle" });
  await page.screenshot({ path: path.join(out, `cart-${label}.png`), fullPage: true });
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
