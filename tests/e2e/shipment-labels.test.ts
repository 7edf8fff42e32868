import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { launchBrowser, PHONE } from "../setup/browser";
import { setEnglish, signInAsDemo } from "../setup/demo-session";
import { pdfPageTexts } from "../setup/pdf-text";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("an owner prints labels on a phone", () => {
  it("ticks two orders' parcels on the shipments page and gets both labels in one PDF, then confirms a handover", async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      baseURL: server.url,
    });
    await setEnglish(context, server.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signInAsDemo(page, "orange.owner@harvest.example", "/admin/shipments");
    await page.waitForFunction(() => "__remixRouter" in window);

    // Each row: a tick box named by its tracking number and a link to its order, named by the code.
    const boxes = page.getByRole("checkbox", { name: /^Select [A-Z]{2}\d{9}CN$/ });
    const orders = page.getByRole("link", { name: /^Open order HL/ });
    await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(2);
    const rows = await boxes.count();
    expect(await orders.count()).toBe(rows);
    const codes = (await orders.allTextContents()).map((c) => c.trim());
    const first = 0;
    const second = codes.findIndex((c) => c !== codes[first]);
    expect(second, `two orders among ${codes.join(", ")}`).toBeGreaterThan(0);

    const print = page.getByRole("button", { name: "Print selected labels (0)" });
    expect(await print.isDisabled()).toBe(true);
    await boxes.nth(first).check();
    await boxes.nth(second).check();
    expect(await page.getByText("2 parcel(s) selected").isVisible()).toBe(true);

    const link = page.getByRole("link", { name: "Print selected labels (2)" });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/admin\/shipments\/labels\.pdf\?id=shp_\w+&id=shp_\w+$/);
    const [popup] = await Promise.all([context.waitForEvent("page"), link.click()]);
    expect(new URL(popup.url()).pathname).toBe("/admin/shipments/labels.pdf");

    // The same request the tab made, with the owner's session: read the file it got.
    const res = await context.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const pages = pdfPageTexts(await res.body());
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain(codes[first]);
    expect(pages[1]).toContain(codes[second]);

    // "Handed to carrier" asks first: "Not yet" leaves the parcel as it was, "Yes" records it.
    await popup.close();
    const label = await boxes
      .nth(first)
      .evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "");
    const number = label.replace("Select ", "").trim();
    const handover = page.getByRole("button", { name: `Handed to carrier: ${number}` });
    await handover.click();
    expect(await page.getByText(`Is ${number} in the courier's hands?`).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Not yet" }).click();
    expect(await page.getByText(/^Recorded:/).count()).toBe(0);
    await handover.click();
    await page.getByRole("button", { name: "Yes, handed over" }).click();
    await expect
      .poll(() => page.getByText(`Recorded: ${number} handed to the carrier`).isVisible())
      .toBe(true);
    expect(await handover.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
