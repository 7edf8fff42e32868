import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../setup/axe";
import { shopOnPhones } from "../setup/phone";

/**
 * Search pages past the first at 390×844 (issue 15, "Must show"), without JavaScript: the demo
 * seed has eight products, so the server runs with three to a page. Every demo product names its
 * cooperative (合作社), so that search matches them all; cheapest first must hold across pages.
 */

const shop = shopOnPhones(process.env.E2E_SHOTS ?? "/tmp/search-pages-shots", {
  SEARCH_PAGE_SIZE: "3",
});

/** The cards on screen: each one's name and the price it shows first (its cheapest pack). */
async function cards(page: Page) {
  const articles = await page.getByRole("article").all();
  return Promise.all(
    articles.map(async (card) => {
      const name = (await card.getByRole("heading", { level: 3 }).textContent()) ?? "";
      const text = (await card.textContent()) ?? "";
      const price = Number(/¥\s*([\d,]+(?:\.\d+)?)/.exec(text)?.[1]?.replace(/,/g, ""));
      return { name, price };
    }),
  );
}

describe("search pages on a phone", () => {
  it("walks cheapest-first results page by page with plain links, keeping the query and sort", async () => {
    const { context, page, errors } = await shop.phone({ javaScript: false });
    await page.goto(`/search?q=${encodeURIComponent("合作社")}&sort=price-asc`);
    const status = (await page.getByRole("status").textContent()) ?? "";
    const total = Number(/共 (\d+) 件/.exec(status)?.[1]);
    expect(total).toBeGreaterThan(6);
    const pages = Math.ceil(total / 3);
    const pager = page.getByRole("navigation", { name: "分页" });
    expect(await pager.textContent()).toContain(`第 1 / ${pages} 页`);
    expect(await pager.getByRole("link", { name: "上一页" }).count()).toBe(0);
    await shop.shot(page, "search-page1-390");

    const seen: { name: string; price: number }[] = [];
    for (let n = 1; n <= pages; n++) {
      const onPage = await cards(page);
      expect(onPage.length, `page ${n}`).toBe(n < pages ? 3 : total - 3 * (pages - 1));
      seen.push(...onPage);
      if (n === pages) break;
      await pager.getByRole("link", { name: "下一页" }).click();
      await page.waitForURL(/page=/);
      const url = new URL(page.url());
      expect(url.searchParams.get("q")).toBe("合作社");
      expect(url.searchParams.get("sort")).toBe("price-asc");
      expect(url.searchParams.get("page")).toBe(String(n + 1));
      if (n === 1) await shop.shot(page, "search-page2-390", pager);
    }
    expect(await pager.getByRole("link", { name: "下一页" }).count()).toBe(0);
    expect(new Set(seen.map((c) => c.name)).size).toBe(total);
    const prices = seen.map((c) => c.price);
    expect(prices.every((p) => Number.isFinite(p))).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));

    // Back one page, then past the end: an empty page that links back to the first.
    await pager.getByRole("link", { name: "上一页" }).click();
    await page.waitForURL(new RegExp(`page=${pages - 1}|sort=price-asc$`));
    await page.goto(`/search?q=${encodeURIComponent("合作社")}&sort=price-asc&page=${pages + 5}`);
    expect(await page.getByRole("article").count()).toBe(0);
    await shop.shot(page, "search-past-end-390");
    await page.getByRole("link", { name: "回到第一页" }).click();
    await page.waitForURL((u) => !u.searchParams.has("page"));
    expect((await cards(page))[0]).toEqual(seen[0]);
    // Garbage page numbers show the first page.
    const bad = await page.goto(`/search?q=${encodeURIComponent("合作社")}&page=-3`);
    expect(bad?.status()).toBe(200);
    expect(await page.getByRole("article").count()).toBe(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reads the same in English and on a desktop, and passes axe-core's checks", async () => {
    const { context, page } = await shop.phone({ english: true });
    await page.goto("/search?q=Cooperative&sort=price-desc&page=2");
    expect(await page.getByRole("status").textContent()).toMatch(/^\d+ results$/);
    const pager = page.getByRole("navigation", { name: "Pages" });
    expect(await pager.getByRole("link", { name: "Previous" }).getAttribute("href")).toBe(
      "/search?q=Cooperative&sort=price-desc",
    );
    await shop.shot(page, "search-page2-en-390", pager);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();

    const desk = await shop.desktop();
    await desk.page.goto(`/search?q=${encodeURIComponent("合作社")}&sort=price-asc&page=2`);
    expect(await desk.page.getByRole("article").count()).toBe(3);
    await shop.shot(desk.page, "search-page2-1280");
    expect(await axeViolations(desk.page)).toEqual([]);
    await desk.context.close();
  });
});
