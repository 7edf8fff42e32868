// Screenshots of the buy-now flow and the slim header: product page (phone and desktop), the
// buy-now checkout with the free-shipping hint, the cart, and the owner's shipping page.
// Usage: tsx scripts/screenshots-buy-now.ts <out-dir>   (needs `npm run build`; starts its own server)
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DESKTOP, launchBrowser, PHONE } from "../tests/setup/browser";
import { startServer } from "./lib/start-server";

const out = process.argv[2] ?? "screenshots";
mkdirSync(out, { recursive: true });
const server = await startServer({
  env: { PAYMENT_PROVIDER: "simulated" },
  timeoutMs: 400_000,
});
const browser = await launchBrowser();
try {
  // The owner sets a free-shipping threshold first, so the store shows it.
  const admin = await browser.newContext({ viewport: DESKTOP, baseURL: server.url });
  const ap = await admin.newPage();
  await ap.goto("/account/sign-in");
  await ap.getByLabel(/邮箱|Email/).fill("orange.owner@harvest.example");
  await ap.getByLabel(/密码|Password/).fill("harvest-demo-2026");
  await ap.getByRole("button", { name: /登录|Sign in/ }).click();
  await ap.waitForURL("**/admin**");
  await ap.goto("/admin/shipping/tariffs", { waitUntil: "networkidle" });
  // Typed before hydration, a controlled field is reset by it.
  await ap.waitForFunction(() => "__remixRouter" in window);
  await ap.getByLabel(/满多少元包邮|Free shipping from/).fill("199");
  await ap.getByRole("button", { name: /保存包邮门槛|Save threshold/ }).click();
  await ap
    .getByText(/已保存|Saved/)
    .first()
    .waitFor();
  await ap.screenshot({ path: path.join(out, "admin-shipping-desktop.png"), fullPage: true });
  await ap.setViewportSize(PHONE);
  await ap.screenshot({ path: path.join(out, "admin-shipping-phone.png") });
  await admin.close();

  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    const context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      isMobile: label === "phone",
      hasTouch: label === "phone",
      baseURL: server.url,
    });
    const page = await context.newPage();
    await page.goto("/p/gannan-navel-oranges", { waitUntil: "networkidle" });
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.screenshot({ path: path.join(out, `product-${label}.png`) });
    await page.screenshot({ path: path.join(out, `product-${label}-full.png`), fullPage: true });
    // Something in the cart first, then buy now: the cart keeps it.
    await page.getByRole("button", { name: "加入购物车" }).click();
    await page.getByRole("status").waitFor();
    await page.getByRole("button", { name: "增加一件" }).click();
    await page.screenshot({ path: path.join(out, `product-stepper-${label}.png`) });
    await page.getByRole("button", { name: "立即购买" }).click();
    await page.waitForURL("**/checkout?buy=now");
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: path.join(out, `checkout-buy-now-${label}.png`) });
    await page.screenshot({
      path: path.join(out, `checkout-buy-now-${label}-full.png`),
      fullPage: true,
    });
    await page.goto("/cart", { waitUntil: "networkidle" });
    await page.screenshot({ path: path.join(out, `cart-${label}.png`), fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`screenshots in ${out}`);
