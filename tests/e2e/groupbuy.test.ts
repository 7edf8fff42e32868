import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { onOrderPage, onPayPage, payWith } from "../setup/checkout-flow";
import { signInAsDemo } from "../setup/demo-session";
import { shopOnPhones } from "../setup/phone";

/**
 * A community group-buy in chromium at phone size, on the demo seed with the simulated provider
 * (issue 14, "Must show"): the orange cooperative's owner opens a deal (¥30 a pack, ¥26 from 3
 * packs, at most 3) collected at the demo pickup point led by leader1; shopper A joins for 1 pack
 * and shopper B for 2 from the share link, each paying by card (held, not charged). B's join fills
 * the deal, which settles at once at the second tier: both order pages show ¥26 a pack charged and
 * a pickup code. The leader signs in to /leader and hands out A's order by its code.
 */

const shop = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/groupbuy-shots");
const SOON = { timeout: 45_000, interval: 1_000 };
const POINT = "东门社区团购点";

type Phone = Awaited<ReturnType<typeof shop.phone>>;
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

/** Opens the deal through the owner's form (as the admin page posts it); its share path. */
async function openDeal(owner: Page): Promise<string> {
  await owner.goto("/admin/groupbuys/new");
  const html = await owner.content();
  const variantId = /value="(var_[A-Za-z0-9]+)"/.exec(html)?.[1];
  const pointId = await owner
    .locator("label", { hasText: POINT })
    .locator("input")
    .first()
    .getAttribute("value");
  expect(variantId).toBeTruthy();
  expect(pointId).toMatch(/^pkp_/);
  const made = await owner.request.post("/admin/groupbuys/new", {
    form: {
      intent: "create",
      variantId: variantId!,
      priceFen: "30",
      tierMin2: "3",
      tierPrice2: "26",
      minQuantity: "2",
      maxQuantity: "3",
      endsAt: beijing(Date.now() + 2 * 86_400_000),
      pickupPointIds: pointId!,
    },
    maxRedirects: 0,
  });
  expect(made.status()).toBe(302);
  await owner.goto(made.headers()["location"]!);
  const share = /\/g\/([2-9a-hjkmnp-z]{8})/.exec(await owner.content())?.[1];
  expect(share).toBeTruthy();
  return `/g/${share}`;
}

/** Joins from the share page at the demo point and pays by card; the order page's path. */
async function joinAndPay(p: Phone, share: string, packs: number, name: string) {
  const { page } = p;
  await page.goto(share);
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.getByRole("radio", { name: new RegExp(POINT) }).check();
  // The stepper, as a thumb uses it.
  for (let n = 1; n < packs; n++) await page.getByRole("button", { name: "增加" }).click();
  await expect.poll(() => page.locator("input[name=quantity]").inputValue()).toBe(String(packs));
  await page.getByLabel("姓名", { exact: true }).fill(name);
  await page.getByLabel("手机号", { exact: true }).fill("139 1234 5678");
  await shop.shot(page, `groupbuy-join-${packs}`);
  await page.getByRole("button", { name: /^参团，去付款/ }).click();
  await onPayPage(page);
  await payWith(page, { number: "4242 4242 4242 4242", name: "LI SI" });
  await onOrderPage(page);
  return new URL(page.url()).pathname;
}

const status = (page: Page) => page.getByTestId("groupbuy-status").textContent();

describe("a community group-buy on phones", () => {
  it("two shoppers join from the share link, the group tips to the second tier, both are charged its price; the leader hands out one order by its code", async () => {
    const owner = await shop.phone();
    await signInAsDemo(owner.page, "orange.owner@harvest.example", "/admin", "zh");
    const share = await openDeal(owner.page);

    const a = await shop.phone();
    const b = await shop.phone();
    const orderA = await joinAndPay(a, share, 1, "张三");
    // A alone: held at ¥30, not charged, waiting for the group.
    expect(await status(a.page)).toContain("¥30.00");
    await shop.shot(a.page, "groupbuy-held");
    // The share page says how far the group is from ¥26.
    await b.page.goto(share);
    await expect.poll(() => b.page.locator("main").textContent()).toContain("¥26.00");
    const orderB = await joinAndPay(b, share, 2, "李四");

    // B's join filled the deal: it settles at once at the second tier.
    for (const [p, path, charged] of [
      [a, orderA, "¥26.00"],
      [b, orderB, "¥52.00"],
    ] as const) {
      await expect
        .poll(async () => {
          await p.page.goto(path);
          return (await p.page.getByTestId("pickup-code").count()) === 1
            ? "code shown"
            : `${await status(p.page)}\n${shop.serverOutput().slice(-2000)}`;
        }, SOON)
        .toBe("code shown");
      const said = await status(p.page);
      expect(said).toContain("成团了");
      expect(said).toContain("¥26.00");
      expect(said).toContain(charged);
    }
    await shop.shot(a.page, "groupbuy-settled", a.page.getByTestId("pickup-code"));
    const codeA = (await a.page.getByTestId("pickup-code").textContent())!.trim();
    expect(codeA).toMatch(/^[0-9]{6}$/);

    // The leader of the point hands out A's order by its code.
    const leader = await shop.phone();
    await signInAsDemo(leader.page, "leader1@harvest.example", "/leader", "zh");
    await leader.page.getByLabel("输入取货码").fill(codeA);
    await leader.page.getByRole("button", { name: "确认取货" }).click();
    await expect.poll(() => leader.page.locator("main").textContent()).toContain("已取货：张三");
    await shop.shot(leader.page, "groupbuy-leader-collected");
    // The same code again is refused: it was collected.
    await leader.page.getByLabel("输入取货码").fill(codeA);
    await leader.page.getByRole("button", { name: "确认取货" }).click();
    await expect.poll(() => leader.page.locator("main").textContent()).toContain("不能重复取货");

    // A's order page says it was collected.
    await a.page.goto(orderA);
    expect(await a.page.locator("main").textContent()).toMatch(/已于 .+ 取货/);
    for (const p of [owner, a, b, leader]) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  }, 240_000);
});
