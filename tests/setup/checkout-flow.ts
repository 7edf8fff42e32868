import type { Page } from "playwright-core";
import { expect } from "vitest";

/*
 * The shopper's side of a checkout in chromium, shared by the e2e tests: the China address form
 * (the cart's checkout and a flash-sale claim's use the same fields) and the simulated card page.
 */

export const ZH = {
  email: "邮箱",
  name: "收货人",
  mobile: "手机号",
  province: "省份",
  city: "城市",
  district: "区县",
  detail: "详细地址",
  submit: "提交订单并付款",
};
export const EN: typeof ZH = {
  email: "Email",
  name: "Recipient",
  mobile: "Mobile number",
  province: "Province",
  city: "City",
  district: "District",
  detail: "Street address",
  submit: "Place order and pay",
};

/** The China address form: mobile, recipient, province → city → district pickers, detail. */
export async function fillAddress(
  page: Page,
  w: typeof ZH,
  { guestEmail }: { guestEmail?: string } = {},
) {
  // The email is optional ("邮箱 （选填）"), so its label only starts with the word.
  if (guestEmail) await page.getByLabel(w.email).fill(guestEmail);
  await page.getByLabel(w.mobile, { exact: true }).fill("139 1234 5678");
  await page.getByLabel(w.name, { exact: true }).fill("李小红");
  await page
    .getByLabel(w.province, { exact: true })
    .selectOption({ label: w === ZH ? "上海" : "Shanghai" });
  // Shanghai is a municipality: its one city is chosen by itself, then its districts load.
  await expect
    .poll(() => page.getByLabel(w.city, { exact: true }).locator("option:checked").textContent())
    .toBe(w === ZH ? "上海市" : "Shanghai (上海市)");
  await expect
    .poll(() =>
      page.getByLabel(w.district, { exact: true }).locator("option", { hasText: "徐汇区" }).count(),
    )
    .toBe(1);
  await page
    .getByLabel(w.district, { exact: true })
    .selectOption({ label: w === ZH ? "徐汇区" : "Xuhui District (徐汇区)" });
  await page.getByLabel(w.detail, { exact: true }).fill("漕溪北路 398 号 5 号楼 1201 室");
}

export type Card = { number: string; expiry?: string; cvc?: string; name?: string };

/** Fills the simulated provider's card form (/pay/:paymentId) and presses Pay. */
export async function payWith(page: Page, card: Card, lang: "zh" | "en" = "zh") {
  const w =
    lang === "zh"
      ? {
          number: "卡号",
          expiry: "有效期（月/年）",
          cvc: "安全码（CVC）",
          name: "持卡人姓名",
          pay: /^支付 /,
        }
      : {
          number: "Card number",
          expiry: "Expiry (MM/YY)",
          cvc: "Security code (CVC)",
          name: "Name on card",
          pay: /^Pay /,
        };
  await page.getByLabel(w.number, { exact: true }).fill(card.number);
  await page.getByLabel(w.expiry, { exact: true }).fill(card.expiry ?? "12/30");
  await page.getByLabel(w.cvc, { exact: true }).fill(card.cvc ?? "123");
  await page.getByLabel(w.name, { exact: true }).fill(card.name ?? "LI XIAOHONG");
  await page.getByRole("button", { name: w.pay }).click();
}

export const onPayPage = (page: Page) =>
  page.waitForURL((url) => /^\/pay\/[^/]+$/.test(url.pathname));
export const onOrderPage = (page: Page) =>
  page.waitForURL((url) => /^\/orders\/[^/]+$/.test(url.pathname));
