import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { EN, onOrderPage, onPayPage, payWith, ZH } from "../setup/checkout-flow";
import { setEnglish } from "../setup/demo-session";
import { shopOnPhones } from "../setup/phone";

/**
 * The checkout form's own checks in chromium at 390×844: a field is checked as the shopper leaves
 * it, each message goes as soon as its field is fixed, a submit with problems stays on the page
 * with the first one focused, and an order is placed with a mobile and no email.
 */

const { phone, desktop, shot, url } = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/e2e-shots");

const MOBILE_ZH = "请输入 11 位手机号，如 138 0013 8000。";
const NAME_ZH = "请填写收货人姓名（1–40 个字）。";

async function cartWithOranges(page: Page, english = false) {
  await page.goto("/p/gannan-navel-oranges");
  await page.getByRole("radio", { name: english ? /2\.5 kg taster/ : /2\.5 公斤 尝鲜装/ }).check();
  await page.getByRole("button", { name: english ? "Add to cart" : "加入购物车" }).click();
  await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe("1");
  await page.goto("/checkout");
  await page.waitForFunction(() => "__remixRouter" in window);
}

/** The field's message as a screen reader gets it: the invalid flag and the text it points to. */
async function messageOf(field: Locator): Promise<string | null> {
  if ((await field.getAttribute("aria-invalid")) !== "true") return null;
  const ids = (await field.getAttribute("aria-describedby")) ?? "";
  const page = field.page();
  for (const id of ids.split(" ")) {
    if (!id.endsWith("-error")) continue;
    return page.locator(`[id="${id}"]`).textContent();
  }
  return "(invalid with no message)";
}

describe("checkout fields checked as the shopper goes, at phone size", () => {
  it("shows each problem on leaving the field, clears it as it is fixed, and places the order with a mobile and no email", async () => {
    const { context, page, errors } = await phone();
    await cartWithOranges(page);
    const mobile = page.getByLabel(ZH.mobile, { exact: true });
    const name = page.getByLabel(ZH.name, { exact: true });
    const province = page.getByLabel(ZH.province, { exact: true });
    const city = page.getByLabel(ZH.city, { exact: true });
    const district = page.getByLabel(ZH.district, { exact: true });
    const detail = page.getByLabel(ZH.detail, { exact: true });

    // The mobile is the first field of the form.
    const firstField = await page
      .locator("main form input:not([type=hidden]), main form select")
      .first()
      .getAttribute("name");
    expect(firstField).toBe("mobile");

    // Typing checks nothing yet; leaving the field does.
    await mobile.fill("138 1234");
    expect(await messageOf(mobile)).toBeNull();
    await name.focus();
    await expect.poll(() => messageOf(mobile)).toBe(MOBILE_ZH);
    // Leaving the name empty is a problem too, said as the shopper moves on.
    await detail.focus();
    await expect.poll(() => messageOf(name)).toBe(NAME_ZH);
    await expect
      .poll(() => page.locator("[aria-live=polite]").first().textContent())
      .toContain(NAME_ZH);
    await shot(page, "checkout-fields-errors-zh-phone", mobile);

    // Each message goes as soon as its field is right, before the shopper leaves it.
    const focused = (field: Locator) => field.evaluate((el) => el === document.activeElement);
    await mobile.fill("138 1234 567");
    expect(await messageOf(mobile)).toBe(MOBILE_ZH);
    await mobile.fill("138 1234 5678");
    await expect.poll(() => messageOf(mobile)).toBeNull();
    expect(await focused(mobile)).toBe(true);
    expect(await messageOf(name)).toBe(NAME_ZH);
    await name.fill("李小红");
    await expect.poll(() => messageOf(name)).toBeNull();
    expect(await focused(name)).toBe(true);

    // A submit with the address missing stays here, marks every field left, and focuses the first.
    await page.getByRole("button", { name: ZH.submit }).click();
    await expect.poll(() => messageOf(province)).toBe("请选择省份。");
    expect(await messageOf(detail)).toBe("请填写详细地址（4–120 个字）。");
    expect(await province.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/checkout");
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toBe("请修改下面标出的内容。");
    await shot(page, "checkout-fields-submit-zh-phone", province);

    // Picking Shanghai fixes the province, and its one city, chosen for the shopper, fixes that.
    await province.selectOption({ label: "上海" });
    await expect.poll(() => messageOf(province)).toBeNull();
    await expect.poll(() => messageOf(city)).toBeNull();
    await expect.poll(() => district.locator("option", { hasText: "徐汇区" }).count()).toBe(1);
    await district.selectOption({ label: "徐汇区" });
    await expect.poll(() => messageOf(district)).toBeNull();
    await detail.fill("漕溪北路 398 号 5 号楼 1201 室");
    await expect.poll(() => messageOf(detail)).toBeNull();
    // The optional email, left empty, is no problem; a bad one is, and clears when fixed.
    const email = page.getByLabel(ZH.email);
    await email.fill("li@");
    await detail.focus();
    await expect.poll(() => messageOf(email)).toBe("请输入有效的邮箱地址。");
    await email.fill("");
    await expect.poll(() => messageOf(email)).toBeNull();
    expect(await page.locator('main form [aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await shot(page, "checkout-fields-cleared-zh-phone", detail);

    await page.getByRole("button", { name: ZH.submit }).click();
    await onPayPage(page);
    const code = (await page.getByTestId("order-code").textContent())!;
    await payWith(page, { number: "4242 4242 4242 4242" });
    await onOrderPage(page);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toBe(`订单 ${code}`);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("已收到付款");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says the same in English, with cities and districts named in English beside their Chinese", async () => {
    const { context, page, errors } = await phone({ english: true });
    await cartWithOranges(page, true);
    const mobile = page.getByLabel(EN.mobile, { exact: true });
    await mobile.fill("12345678901");
    await page.getByLabel(EN.name, { exact: true }).focus();
    await expect
      .poll(() => messageOf(mobile))
      .toBe("Enter an 11-digit mobile number, e.g. 138 0013 8000.");
    await page.getByLabel(EN.province, { exact: true }).selectOption({ label: "Jiangxi" });
    await expect
      .poll(() => page.getByLabel(EN.city, { exact: true }).locator("option").count())
      .toBeGreaterThan(5);
    expect(
      await page
        .getByLabel(EN.city, { exact: true })
        .locator("option", { hasText: "Ganzhou (赣州市)" })
        .count(),
    ).toBe(1);
    await shot(page, "checkout-fields-errors-en-phone", mobile);
    await mobile.fill("139 1234 5678");
    await expect.poll(() => messageOf(mobile)).toBeNull();
    await shot(page, "checkout-fields-cleared-en-phone", mobile);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("desktop screenshots of the form with problems showing and cleared, in both languages", async () => {
    for (const english of [false, true]) {
      const { context, page } = await desktop();
      if (english) await setEnglish(context, url());
      await cartWithOranges(page, english);
      const w = english ? EN : ZH;
      await page.getByRole("button", { name: w.submit }).click();
      await expect
        .poll(() => page.locator('main form [aria-invalid="true"]').count())
        .toBeGreaterThan(3);
      await shot(page, `checkout-fields-errors-${english ? "en" : "zh"}-desktop`);
      await page.getByLabel(w.mobile, { exact: true }).fill("139 1234 5678");
      await page.getByLabel(w.name, { exact: true }).fill("李小红");
      await page
        .getByLabel(w.province, { exact: true })
        .selectOption({ label: english ? "Shanghai" : "上海" });
      await expect
        .poll(() =>
          page
            .getByLabel(w.district, { exact: true })
            .locator("option", { hasText: "徐汇区" })
            .count(),
        )
        .toBe(1);
      await page
        .getByLabel(w.district, { exact: true })
        .selectOption({ label: english ? "Xuhui District (徐汇区)" : "徐汇区" });
      await page.getByLabel(w.detail, { exact: true }).fill("漕溪北路 398 号 5 号楼 1201 室");
      await expect.poll(() => page.locator('main form [aria-invalid="true"]').count()).toBe(0);
      await shot(page, `checkout-fields-cleared-${english ? "en" : "zh"}-desktop`);
      await context.close();
    }
  });
});
