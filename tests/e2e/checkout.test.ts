import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { isValidS10 } from "~/shipping/s10";
import { EN, fillAddress, onOrderPage, onPayPage, payWith, ZH } from "../setup/checkout-flow";
import { signInAsDemo } from "../setup/demo-session";
import { shopOnPhones } from "../setup/phone";

/**
 * The whole sale in chromium at phone size, on the demo seed with the simulated provider: two
 * cooperatives in one cart, checkout, the simulated card, the order page filling in with parcels
 * made by the background job, and the orange cooperative's owner printing the label.
 */

const { phone, shot } = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/e2e-shots");

/** From the product page, as a shopper does it: choose the pack, add one. */
async function addFromProductPage(
  page: Page,
  slug: string,
  pack: RegExp,
  words = { qty: "数量", add: "加入购物车", added: "已加入购物车" },
) {
  await page.goto(`/p/${slug}`);
  await page.getByRole("radio", { name: pack }).check();
  await page.getByLabel(words.qty, { exact: true }).fill("1");
  await page.getByRole("button", { name: words.add }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toContain(words.added);
}

const EN_ADD = { qty: "Quantity", add: "Add to cart", added: "Added to your cart" };

describe("checkout in chromium at phone size (simulated payments)", () => {
  let orderCode = "";
  let trackingNumbers: string[] = [];

  it("a guest buys oranges and grapes from two cooperatives, pays by card and sees two parcels, one cold chain", async () => {
    const { context, page, errors } = await phone();
    await addFromProductPage(page, "gannan-navel-oranges", /2\.5 公斤 尝鲜装/);
    await addFromProductPage(page, "dongshan-red-grapes", /2 公斤 冷链装/);
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("2");

    await page.getByRole("link", { name: /购物车/ }).click();
    await page.waitForURL("**/cart");
    await page.getByRole("link", { name: "去结算" }).click();
    await page.waitForURL("**/checkout");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("结算");

    await fillAddress(page, ZH, { guestEmail: "li.xiaohong@example.com" });
    // Two shipments, one per cooperative, each from its own farm; the grapes go cold chain.
    const summary = page.getByRole("complementary", { name: "订单摘要" });
    const oranges = summary.getByRole("region", { name: "信丰赣南脐橙种植专业合作社" });
    const grapes = summary.getByRole("region", { name: "绥宁东山葡萄专业合作社" });
    await expect.poll(() => summary.getByTestId("shipment").count()).toBe(2);
    await expect.poll(() => grapes.textContent()).toContain("冷链快递 1 个包裹");
    expect(await oranges.textContent()).toContain("标准快递 1 个包裹");
    expect(await oranges.textContent()).not.toContain("冷链");
    expect(await summary.textContent()).toContain("2 家合作社分别从产地发货");
    // Priced for Shanghai once the province was picked (no "—" left).
    await expect.poll(() => page.getByTestId("quote-total").textContent()).toMatch(/^¥\d/);
    const total = (await page.getByTestId("quote-total").textContent())!;
    await shot(page, "01-checkout-address-phone", page.getByLabel(ZH.district, { exact: true }));
    await shot(page, "01-checkout-summary-phone", summary);

    await page.getByRole("button", { name: ZH.submit }).click();
    await onPayPage(page);
    orderCode = (await page.getByTestId("order-code").textContent())!;
    expect(orderCode).toMatch(/^HL[A-Z0-9]{8}$/);
    expect(await page.getByTestId("amount").textContent()).toBe(total);
    await shot(page, "02-pay-phone");

    await payWith(page, { number: "4242 4242 4242 4242" });
    await onOrderPage(page);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe(`订单 ${orderCode}`);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("已收到付款");
    await shot(page, "03-order-paid-phone");

    // The create_shipments job runs in the background; the page refreshes itself until it has.
    const parcels = page.getByTestId("parcel");
    await expect.poll(() => parcels.count(), { timeout: 30_000 }).toBe(2);
    const texts = await parcels.allTextContents();
    expect(texts.filter((t) => t.includes("冷链"))).toHaveLength(1);
    const links = page.getByRole("link", { name: /^查看物流 / });
    // The link reads "查看物流 EF 1000 0034 CN" (spaced for the eye); the number itself is in its address.
    trackingNumbers = (await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))).map(
      (href) => href.replace("/track/", ""),
    );
    expect(trackingNumbers).toHaveLength(2);
    for (const n of trackingNumbers) {
      expect(n).toMatch(/^[A-Z]{2}\d{9}CN$/);
      expect(isValidS10(n)).toBe(true);
    }
    // Cold chain numbers carry the fresh service's letters, the oranges the express ones.
    expect(trackingNumbers.map((n) => n.slice(0, 2)).sort()).toEqual(["EA", "EF"]);
    expect(
      await page
        .getByRole("region", { name: "绥宁东山葡萄专业合作社" })
        .getByTestId("parcel")
        .textContent(),
    ).toContain("冷链");
    await shot(page, "04-order-parcels-phone", parcels.first());
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the orange cooperative's owner finds the order in /admin, opens it and prints its label", async () => {
    expect(orderCode, "needs the order from the first test").not.toBe("");
    const { context, page, errors } = await phone({ english: true });
    await signInAsDemo(page, "orange.owner@harvest.example", "/admin/orders");
    await page.getByLabel("Order code").fill(orderCode);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL((url) => url.searchParams.get("q") === orderCode);
    await page.getByRole("link", { name: orderCode }).click();
    await page.waitForURL((url) => /^\/admin\/orders\/[^/]+$/.test(url.pathname));
    await expect
      .poll(() => page.getByRole("heading", { name: orderCode }).count())
      .toBeGreaterThan(0);
    // Only the orange cooperative's parcel: the grapes ship from the other cooperative.
    const orangeNumber = trackingNumbers.find((n) => n.startsWith("EA"))!;
    const grapeNumber = trackingNumbers.find((n) => n.startsWith("EF"))!;
    await expect.poll(() => page.getByText(orangeNumber).count()).toBeGreaterThan(0);
    expect(await page.getByText(grapeNumber).count()).toBe(0);
    await shot(page, "05-admin-order-phone");

    // The parcel's label link opens the PDF in a new tab; fetch it with the owner's cookies as that tab would.
    const href = await page
      .getByRole("link", { name: `Print label: ${orangeNumber}` })
      .getAttribute("href");
    expect(href).toMatch(/\.pdf$/);
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect((await res.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The order's labels (every parcel this cooperative ships for it) as one PDF.
    const all = await page.request.get(`${new URL(page.url()).pathname}/labels.pdf`);
    expect(all.headers()["content-type"]).toBe("application/pdf");
    expect((await all.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a declined card shows why on the page and the order stays payable; the next card pays it", async () => {
    const { context, page, errors } = await phone({ english: true });
    await addFromProductPage(page, "loufan-highland-potatoes", /2\.5 kg taster/, EN_ADD);
    await page.goto("/checkout");
    await fillAddress(page, EN, { guestEmail: "decline@example.com" });
    await page.getByRole("button", { name: EN.submit }).click();
    await onPayPage(page);
    const payUrl = page.url();
    const code = (await page.getByTestId("order-code").textContent())!;

    await payWith(page, { number: "4000 0000 0000 0002" }, "en");
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("Your card was declined. Please try another card.");
    expect(page.url()).toBe(payUrl);
    // The number stays typed for a retry; the form is still there.
    expect(await page.getByLabel("Card number", { exact: true }).inputValue()).toBe(
      "4000 0000 0000 0002",
    );
    await shot(page, "06-pay-declined-phone");

    // The order page says the order awaits payment, that the last attempt failed, and offers Pay now.
    await page.getByRole("link", { name: "Back to the order" }).click();
    await onOrderPage(page);
    const banner = page.getByRole("status").first();
    await expect.poll(() => banner.textContent()).toContain("Waiting for payment");
    expect(await banner.textContent()).toContain("The last payment attempt did not go through");
    await shot(page, "07-order-pending-phone");
    await page.getByRole("button", { name: /^Pay now/ }).click();
    await onPayPage(page);
    expect(await page.getByTestId("order-code").textContent()).toBe(code);
    await payWith(page, { number: "4242424242424242" }, "en");
    await onOrderPage(page);
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toContain("payment received");
    await expect.poll(() => page.getByTestId("parcel").count(), { timeout: 30_000 }).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const javaScript of [true, false]) {
    it(`double-clicking "Place order" (and the form resent twice at once) makes one order (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const { context, page, errors } = await phone({ english: true, javaScript });
      await signInAsDemo(page, "shopper@harvest.example", "/account");
      const mine = async () => {
        await page.goto("/account/orders");
        return page.getByTestId("my-order").allTextContents();
      };
      const before = await mine();

      await addFromProductPage(page, "gannan-navel-oranges", /5 kg family box/, EN_ADD);
      await page.goto("/checkout");
      if (javaScript) {
        await fillAddress(page, EN);
      } else {
        await fillAddressWithoutScript(page);
      }
      const form = page.locator("form", { has: page.getByRole("button", { name: EN.submit }) });
      const sent = await form.evaluate((f: HTMLFormElement) =>
        Object.fromEntries([...new FormData(f)].map(([k, v]) => [k, String(v)])),
      );
      await page.getByRole("button", { name: EN.submit }).dblclick();
      await onPayPage(page);
      const payPath = new URL(page.url()).pathname;
      const code = (await page.getByTestId("order-code").textContent())!;
      // The browser may send the form once or twice; a resend after a dropped connection, twice at
      // once, must also land on this same order's payment.
      const resent = await Promise.all(
        [0, 1].map(() => page.request.post("/checkout", { form: sent, maxRedirects: 0 })),
      );
      for (const r of resent) {
        expect(r.status()).toBe(302);
        expect(r.headers()["location"]).toBe(payPath);
      }

      const after = await mine();
      expect(after).toHaveLength(before.length + 1);
      expect(after.filter((t) => t.includes(code))).toHaveLength(1);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

/** Without JavaScript the city and district lists come from the server: pick, "update", pick. */
async function fillAddressWithoutScript(page: Page) {
  await page.getByLabel(EN.name, { exact: true }).fill("李小红");
  await page.getByLabel(EN.mobile, { exact: true }).fill("13912345678");
  await page.getByLabel(EN.province, { exact: true }).selectOption({ label: "Shanghai" });
  await page.getByRole("button", { name: "Update cities and districts" }).click();
  await page.waitForURL((url) => url.searchParams.get("province") === "31");
  await page
    .getByLabel(EN.district, { exact: true })
    .selectOption({ label: "Xuhui District (徐汇区)" });
  await page.getByLabel(EN.detail, { exact: true }).fill("漕溪北路 398 号 5 号楼 1201 室");
}

describe("the product page's 去结算 in chromium at phone size", () => {
  it("去结算 on the product page, once a pack is added, goes to checkout", async () => {
    const { context, page, errors } = await phone();
    await addFromProductPage(page, "gannan-navel-oranges", /2\.5 公斤 尝鲜装/);
    await page
      .getByRole("status")
      .getByRole("link", { name: /去结算/ })
      .click();
    await page.waitForURL("**/checkout");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("结算");
    expect(errors).toEqual([]);
    await context.close();
  });
});
