import { describe, expect, it } from "vitest";
import { fillAddress, onOrderPage, onPayPage, payWith, ZH } from "../setup/checkout-flow";
import { shopOnPhones } from "../setup/phone";

/**
 * Buy now on a phone (390×844): the product page's stepper and sticky bar, straight to a checkout
 * of just that pack, paid with the simulated card; the cart keeps what was in it before.
 */

const { phone, shot } = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/e2e-shots");

describe("buy now in chromium at phone size", () => {
  it("a shopper sets the quantity with the stepper, taps 立即购买 in the sticky bar, pays, and the cart keeps its item", async () => {
    const { context, page, errors } = await phone();
    // Something already in the cart.
    await page.goto("/p/dongshan-red-grapes");
    await page.getByRole("radio", { name: /2 公斤 冷链装/ }).check();
    await page.getByRole("button", { name: "加入购物车" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已加入购物车");
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");

    await page.goto("/p/gannan-navel-oranges");
    await page.waitForFunction(() => "__remixRouter" in window);
    // The slim header: back, logo, language and cart, in one short row.
    const header = (await page.locator(".site-header").boundingBox())!;
    expect(header.height).toBeLessThan(60);
    expect(await page.getByRole("search").isVisible()).toBe(false);
    expect(await page.getByRole("link", { name: "返回" }).isVisible()).toBe(true);

    await page.getByRole("radio", { name: /^5 公斤/ }).check();
    // Shipping before checkout: one pack to the default province, with the dispatch promise.
    await expect
      .poll(() => page.getByTestId("ship-estimate").textContent())
      .toMatch(/运费 ¥\d+\.\d\d 起 至 广东/);
    expect(await page.getByText("付款后 2 天内发货").count()).toBeGreaterThan(0);

    const qty = page.getByLabel("数量", { exact: true });
    await page.getByRole("button", { name: "增加一件" }).click();
    await page.getByRole("button", { name: "增加一件" }).click();
    expect(await qty.inputValue()).toBe("3");
    await page.getByRole("button", { name: "减少一件" }).click();
    expect(await qty.inputValue()).toBe("2");

    // The bar sits on the bottom edge of the screen with the price of two boxes.
    const bar = page.getByTestId("buy-bar");
    const box = (await bar.boundingBox())!;
    expect(Math.round(box.y + box.height)).toBe(844);
    await expect.poll(() => bar.textContent()).toContain("¥139.80");
    await shot(page, "buy-now-01-product-phone");

    await bar.getByRole("button", { name: "立即购买" }).click();
    await page.waitForURL("**/checkout?buy=now");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("结算");
    expect(await page.getByText("只结算这件商品").count()).toBe(1);
    const summary = page.getByRole("complementary", { name: "订单摘要" });
    await expect.poll(() => summary.getByTestId("shipment").count()).toBe(1);
    expect(await summary.textContent()).toContain("× 2");
    expect(await summary.textContent()).not.toContain("葡萄");

    await fillAddress(page, ZH, { guestEmail: "buy.now@example.com" });
    await expect.poll(() => page.getByTestId("quote-total").textContent()).toMatch(/^¥\d/);
    const total = (await page.getByTestId("quote-total").textContent())!;
    await shot(page, "buy-now-02-checkout-phone", summary);
    await page.getByRole("button", { name: ZH.submit }).click();
    await onPayPage(page);
    expect(await page.getByTestId("amount").textContent()).toBe(total);
    await payWith(page, { number: "4242 4242 4242 4242" });
    await onOrderPage(page);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("已收到付款");
    expect(await page.locator(".order-line").count()).toBe(1);
    expect(await page.locator(".order-line").textContent()).toContain("× 2");
    await shot(page, "buy-now-03-order-phone");

    // The cart still holds the grapes, and only them.
    await page.goto("/cart");
    await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
    expect(await page.getByRole("main").textContent()).toContain("东山");
    expect(await page.getByRole("main").textContent()).not.toContain("脐橙");
    expect(errors).toEqual([]);
    await context.close();
  });
});
