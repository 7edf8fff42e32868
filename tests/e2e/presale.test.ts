import type { Locator, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { axeViolations } from "../setup/axe";
import { DESKTOP } from "../setup/browser";
import { EN, fillAddress, onOrderPage, onPayPage, payWith, ZH } from "../setup/checkout-flow";
import { setEnglish, signInAsDemo } from "../setup/demo-session";
import { shopOnPhones } from "../setup/phone";

/**
 * A presale in chromium at phone size, on the demo seed with the simulated provider (issue 13,
 * "Must show"): the orange cooperative's owner opens a presale on a pack of navel oranges (30 %
 * deposit, a short harvest waits by default); shopper A (English) pre-orders 2 packs and pays the
 * deposit by card, shopper B (Chinese) 1 pack after them; the owner releases a harvest of only A's
 * 2 packs; A's order shows the balance charged and then a tracking number; B's shows the choice,
 * and B cancels for a full refund of the deposit. Shopper C (English) pre-orders 2 packs between A
 * and B, and the release leaves one pack for it: C is offered it on its order page and takes it,
 * and its order becomes an order for that one pack.
 */

const shop = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/presale-shots");
const PRODUCT = "gannan-navel-oranges";
/** The product's packs (English labels): the first with no open presale is used. */
const PACKS = ["5 kg family box", "2.5 kg taster", "10 kg gift box"];
const PACK_KG: Record<string, number> = {
  "5 kg family box": 5,
  "2.5 kg taster": 2.5,
  "10 kg gift box": 10,
};
const A_PACKS = 2;
const B_PACKS = 1;
const C_PACKS = 2;
/** The release: A's packs whole, and one of C's (so C is offered it and B, after C, is short). */
const RELEASED = A_PACKS + 1;

type Phone = Awaited<ReturnType<typeof shop.phone>>;
const shot = (page: Page, name: string, at?: Locator) => shop.shot(page, `presale-${name}`, at);
/** Long enough for a busy 2-core machine; expect.poll's own default is one second. */
const SOON = { timeout: 30_000 };

/** A moment as the admin's `datetime-local` (Beijing time), and its day. */
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

const card = (page: Page) => page.getByTestId("presale-card");
const cardState = (page: Page) => card(page).getAttribute("data-state");

/** Reloads an order page until `check` passes (the page itself polls only while parcels are due). */
async function reloadUntil(page: Page, check: () => Promise<unknown>, expected: unknown) {
  await expect
    .poll(
      async () => {
        const now = await check();
        if (now !== expected) await page.reload();
        return now;
      },
      { timeout: 45_000, interval: 1_000 },
    )
    .toBe(expected);
}

/** Pre-orders `packs` packs from the product page's presale box and pays the deposit by card. */
async function preorder(
  p: Phone,
  {
    lang,
    packs,
    email,
    offerId,
  }: { lang: "en" | "zh"; packs: number; email: string; offerId: string },
) {
  const { page } = p;
  const w = lang === "en" ? EN : ZH;
  await page.goto(`/p/${PRODUCT}`);
  // The pack's box on the product page (the demo data may show another presale's box beside it).
  const cta = page.locator(`section.presale-box a[href="/presale/${offerId}"]`);
  expect(await cta.textContent()).toBe(lang === "en" ? "Pre-order" : "预订");
  await cta.click();
  await page.waitForURL((url) => /^\/presale\/ofr_[^/]+$/.test(url.pathname));
  await page
    .getByLabel(lang === "en" ? "Quantity (packs)" : "数量（份）")
    .selectOption(String(packs));
  await fillAddress(page, w, { guestEmail: email });
  // The split shows once the province is known: the deposit now, the balance when it ships.
  const split = page.getByTestId("presale-split");
  await expect.poll(() => split.isVisible(), SOON).toBe(true);
  const pay = page.getByRole("button", {
    name: lang === "en" ? /^Pay the ¥[\d.]+ deposit$/ : /^付定金 ¥[\d.]+$/,
  });
  await expect.poll(() => pay.isEnabled(), SOON).toBe(true);
  const deposit = (await split.locator("dd").first().textContent())!.trim();
  const balance = (await split.locator("dd").nth(1).textContent())!.trim();
  expect(await pay.textContent()).toContain(deposit);
  return {
    deposit,
    balance,
    submit: async () => {
      await pay.click();
      await onPayPage(page);
      // The simulated page asks only the deposit.
      expect(
        await page.getByRole("button", { name: lang === "en" ? /^Pay / : /^支付 / }).textContent(),
      ).toContain(deposit);
      await payWith(page, { number: "4242 4242 4242 4242" }, lang);
      await onOrderPage(page);
      await expect.poll(() => cardState(page), SOON).toBe("waiting");
      return page.url();
    },
  };
}

describe("a presale in chromium at phone size (simulated payments)", () => {
  let owner: Phone;
  let a: Phone;
  let b: Phone;
  let c: Phone;
  let offerId = "";
  let pack = "";
  let aOrder = "";
  let bOrder = "";
  let cOrder = "";
  let bDeposit = "";

  afterAll(async () => {
    for (const p of [owner, a, b, c]) await p?.context.close();
  });

  it("the owner opens a presale on a pack of navel oranges", async () => {
    owner = await shop.phone({ english: true });
    const { page } = owner;
    await signInAsDemo(page, "orange.owner@harvest.example", "/admin/presales");
    // A pack with no presale already (the demo data may have one on another pack).
    const listed = (await page.locator("main").textContent()) ?? "";
    pack = PACKS.find((p) => !listed.includes(p)) ?? "";
    expect(pack, "a navel orange pack with no presale").not.toBe("");

    await page.goto("/admin/presales/new");
    const packs = page.getByLabel("Pack", { exact: true });
    const option = (await packs.locator("option").allTextContents()).find(
      (o) => o.includes("navel oranges") && o.includes(pack),
    );
    expect(option, `the ${pack} is offered`).toBeDefined();
    await packs.selectOption({ label: option! });
    const now = Date.now();
    await page.getByLabel("Presale price (yuan a pack)").fill("69.90");
    await page.getByLabel("Expected yield (packs)").fill("10");
    expect(await page.getByLabel("Deposit", { exact: true }).inputValue()).toBe("percent");
    await page.getByLabel("Deposit (% of the price)").fill("30");
    await page.getByLabel("Sales open (Beijing time)").fill(beijing(now - 5 * 60_000));
    await page.getByLabel("Sales close (Beijing time)").fill(beijing(now + 20 * 86_400_000));
    await page.getByLabel("Harvest expected from").fill(beijing(now).slice(0, 10));
    await page.getByLabel("Harvest expected to").fill(beijing(now + 10 * 86_400_000).slice(0, 10));
    expect(
      await page
        .getByLabel("On a short harvest, orders whose shopper does not choose")
        .inputValue(),
    ).toBe("wait");
    await page.getByLabel("Refund policy (Chinese)").fill("采收前可随时取消，定金全额退还。");
    await page
      .getByLabel("Refund policy (English)")
      .fill("Cancel before the harvest for a full refund.");
    await page.getByRole("button", { name: "Create presale" }).click();
    await page.waitForURL((url) => /^\/admin\/presales\/ofr_[^/]+$/.test(url.pathname));
    offerId = new URL(page.url()).pathname.split("/").pop()!;
    await expect.poll(() => page.getByText("Presale created.").count(), SOON).toBe(1);
    expect(await page.getByText("0 of 10").count()).toBe(1);
    expect(owner.errors).toEqual([]);
  }, 90_000);

  it("shopper A pre-orders 2 packs, then C 2 and B 1; all pay the deposit and wait in line", async () => {
    expect(offerId, "needs the presale from the first test").not.toBe("");
    a = await shop.phone({ english: true });
    const started = await preorder(a, {
      lang: "en",
      packs: A_PACKS,
      email: "presale.a@example.com",
      offerId,
    });
    // 30 % of ¥69.90 is ¥20.97 a pack.
    expect(started.deposit).toBe("¥41.94");
    expect(
      await a.page
        .getByText(
          "If the harvest comes in short: orders that do not choose wait for the next batch.",
        )
        .count(),
    ).toBe(1);
    expect(await axeViolations(a.page)).toEqual([]);
    await shot(a.page, "01-checkout-phone", a.page.getByTestId("presale-split"));
    aOrder = await started.submit();
    // Back from paying the deposit: the banner says what happens next, not that it is being packed.
    expect(await a.page.getByRole("status").first().textContent()).toBe(
      "Deposit paid: the balance is charged when the harvest ships",
    );
    expect(await card(a.page).textContent()).toContain("You are number 1 in line");
    expect(await card(a.page).textContent()).toContain("Deposit of ¥41.94 paid");
    expect(await axeViolations(a.page)).toEqual([]);
    await shot(a.page, "02-order-waiting", card(a.page));

    c = await shop.phone({ english: true });
    const cStarted = await preorder(c, {
      lang: "en",
      packs: C_PACKS,
      email: "presale.c@example.com",
      offerId,
    });
    expect(cStarted.deposit).toBe("¥41.94");
    cOrder = await cStarted.submit();
    expect(await card(c.page).textContent()).toContain("You are number 2 in line");

    b = await shop.phone();
    const bStarted = await preorder(b, {
      lang: "zh",
      packs: B_PACKS,
      email: "presale.b@example.com",
      offerId,
    });
    bDeposit = bStarted.deposit;
    expect(bDeposit).toBe("¥20.97");
    bOrder = await bStarted.submit();
    expect(await card(b.page).textContent()).toContain("排队第 3 位");

    // The owner's page counts both.
    await owner.page.goto(`/admin/presales/${offerId}`);
    await expect.poll(() => owner.page.getByText("5 of 10").count(), SOON).toBe(1);
    for (const p of [a, b, c]) expect(p.errors).toEqual([]);
  }, 150_000);

  it("the owner releases a short harvest: A's 2 packs and one of C's", async () => {
    expect(bOrder, "needs both pre-orders").not.toBe("");
    const { page } = owner;
    await page.goto(`/admin/presales/${offerId}`);
    const batch = page.getByLabel("Harvest batch", { exact: true });
    const dates = await batch.locator("option").allTextContents();
    expect(dates).toContain("2026-12-08");
    await batch.selectOption({ label: "2026-12-08" });
    await page.getByLabel("Harvested weight (kg)").fill(String(RELEASED * PACK_KG[pack]!));
    await page.getByLabel("Packs to release").fill(String(RELEASED));
    await shot(
      page,
      "03-admin-release-form",
      page.getByRole("heading", { name: "Harvest release" }),
    );
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByRole("button", { name: "Release", exact: true }).click();
    await expect
      .poll(() => page.getByText(`Release started: ${RELEASED} packs.`).count(), SOON)
      .toBe(1);
    expect(asked).toContain(`Allocate ${RELEASED} packs in order of purchase`);
    // The progress refreshes itself while the release runs: A's balance charged, C asked.
    await expect
      .poll(
        () =>
          page
            .getByText(
              /^2026-12-08: 3 packs · allocated 3 · charged 1 · waiting for the shopper 1 · failed 0$/,
            )
            .count(),
        SOON,
      )
      .toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shot(
      page,
      "04-admin-release-done",
      page.getByRole("heading", { name: "Harvest release" }),
    );
    await page.setViewportSize(DESKTOP);
    await page.reload();
    await shot(
      page,
      "05-admin-presale-desktop",
      page.getByRole("heading", { name: "Harvest release" }),
    );
    await page.setViewportSize({ width: 390, height: 844 });
    expect(owner.errors).toEqual([]);
  }, 90_000);

  it("A sees the balance charged, then a tracking number", async () => {
    expect(aOrder, "needs A's order").not.toBe("");
    const { page } = a;
    await page.goto(aOrder);
    await reloadUntil(page, () => cardState(page), "paid");
    expect(await card(page).textContent()).toContain("Deposit ¥41.94 and balance");
    // Paid in full: the page polls itself until the parcel exists.
    const parcel = page.getByTestId("parcel");
    await expect.poll(() => parcel.count(), SOON).toBeGreaterThan(0);
    const tracking = parcel.first().getByRole("link");
    expect(await tracking.getAttribute("href")).toMatch(/^\/track\/[A-Z0-9]+$/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "06-order-paid-tracking", card(page));
    await shot(page, "07-order-parcel", parcel.first());
    expect(a.errors).toEqual([]);
  }, 90_000);

  it("B is offered the choice and cancels for a full refund", async () => {
    expect(bOrder, "needs B's order").not.toBe("");
    const { page } = b;
    await page.goto(bOrder);
    await reloadUntil(page, () => cardState(page), "short");
    const cancel = card(page).getByRole("button", { name: "取消并全额退款" });
    expect(await cancel.isVisible()).toBe(true);
    expect(await card(page).getByRole("button", { name: "等下一批" }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // On in English, readable in a screenshot (chromium here has no CJK font).
    await setEnglish(b.context, shop.url());
    await page.reload();
    const cancelEn = card(page).getByRole("button", { name: "Cancel with a full refund" });
    await expect.poll(() => cancelEn.isVisible(), SOON).toBe(true);
    expect(await card(page).textContent()).toContain(
      "This harvest is not enough to fill your order",
    );
    await shot(page, "08-order-short", card(page));

    await cancelEn.click();
    await expect.poll(() => cardState(page), SOON).toBe("cancelled");
    // The refund job gives back the whole deposit: the totals show it once it ran.
    const refunded = page.locator(".order-totals div", { hasText: "Refunded" }).locator("dd");
    await reloadUntil(page, () => refunded.count(), 1);
    expect(await refunded.textContent()).toBe(`−${bDeposit}`);
    // What was paid, then what came back: the deposit, not the whole order's total.
    expect(await page.getByTestId("order-paid").textContent()).toBe(bDeposit);
    expect(await card(page).textContent()).toContain(`${bDeposit} went back`);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "09-order-cancelled-refunded", refunded);
    expect(b.errors).toEqual([]);
  }, 90_000);
  it("C is offered the one pack the release has left and takes it", async () => {
    expect(cOrder, "needs C's order").not.toBe("");
    const { page } = c;
    await page.goto(cOrder);
    await reloadUntil(page, () => cardState(page), "offered");
    // The offer is the page's headline: no "deposit paid" banner above it says all is well.
    expect(await page.locator(".order-banner--ok").count()).toBe(0);
    expect(await card(page).locator(".order-banner__title").textContent()).toBe(
      "Part of your order can ship now: please choose",
    );
    const take = card(page).getByRole("button", { name: "Take 1 of 2 now" });
    expect(await take.isVisible()).toBe(true);
    // Before choosing, the totals say what the whole order costs, the deposit in, the balance left.
    expect(await page.getByTestId("order-paid").textContent()).toBe("¥41.94");
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "10-order-offered", card(page));
    await shot(page, "11-order-offered-choices", take);
    await page.setViewportSize(DESKTOP);
    await shot(page, "12-order-offered-desktop");
    await page.setViewportSize({ width: 390, height: 844 });

    await take.click();
    // The smaller order's balance is charged like any allocated order's, then it ships.
    await reloadUntil(page, () => cardState(page), "paid");
    // Now an order for one pack: its lines and totals say so, paid in full (no "Paid" row apart).
    expect(await page.getByText("× 1", { exact: true }).count()).toBe(1);
    expect(await page.getByTestId("order-paid").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "13-order-partial-paid", card(page));
    await shot(page, "14-order-partial-totals", page.getByTestId("order-total"));
    expect(c.errors).toEqual([]);
  }, 90_000);
});
