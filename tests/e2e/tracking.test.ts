import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { axeViolations } from "../setup/axe";
import { DESKTOP, launchBrowser, PHONE } from "../setup/browser";
import { signInAsDemo, setEnglish } from "../setup/demo-session";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const english = (context: BrowserContext) => setEnglish(context, server.url);
const signIn = (page: Page, email: string) => signInAsDemo(page, email, "/admin/shipments");

describe("parcel problems and the tracking lookup in chromium", () => {
  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`a cooperative reports a problem and the shopper finds it by number (${label})`, async () => {
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        baseURL: server.url,
      });
      await english(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signIn(page, "grape.owner@harvest.example");

      // Every demo parcel was collected by the carrier, so none offers "handed to carrier".
      await expect
        .poll(() => page.getByRole("link", { name: /^Report a problem: / }).count())
        .toBeGreaterThan(0);
      expect(await page.getByRole("button", { name: /^Handed to carrier: / }).count()).toBe(0);
      const report = page.getByRole("link", { name: /^Report a problem: / }).first();
      const number = (await report.getAttribute("aria-label"))!.replace("Report a problem: ", "");
      await report.click();
      const note = page.getByLabel("What is wrong");
      await note.waitFor();
      await page.getByRole("button", { name: "Report problem" }).click();
      await expect
        .poll(() => page.getByText("Write a short note saying what is wrong.").isVisible())
        .toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      const text = `Box damp in transit, repacked (${label})`;
      await note.fill(text);
      await page.getByRole("button", { name: "Report problem" }).click();
      await expect
        .poll(() => page.getByText(`Problem recorded for ${number}`).isVisible())
        .toBe(true);
      await expect.poll(() => note.count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      // The shopper: footer link, a malformed number first, then the number as people type it.
      await page.goto("/");
      await page.getByRole("contentinfo").getByRole("link", { name: "Track a parcel" }).click();
      await page.waitForURL((url) => url.pathname === "/track");
      const field = page.getByLabel("Tracking number");
      await field.fill("EA 1234");
      await page.getByRole("button", { name: "Track", exact: true }).click();
      await expect
        .poll(() => page.getByRole("alert").textContent())
        .toContain("That is not a tracking number");
      expect(await field.inputValue()).toBe("EA 1234");
      expect(await axeViolations(page)).toEqual([]);
      const typed =
        `${number.slice(0, 2)} ${number.slice(2, 6)}-${number.slice(6, 11)} ${number.slice(11)}`.toLowerCase();
      await field.fill(typed);
      await page.getByRole("button", { name: "Track", exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/track/${number}`);
      await expect.poll(() => page.getByText(text).isVisible()).toBe(true);
      expect(await page.locator(".track-event--latest .track-event__type").textContent()).toBe(
        "Problem",
      );
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("a bad number in a /track/ link gets the lookup form and says what is wrong (phone)", async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 1,
      baseURL: server.url,
    });
    await english(context);
    const page = await context.newPage();
    for (const [path, status, message] of [
      ["/track/EA1234", 400, "That is not a tracking number"],
      ["/track/EA100000140CN", 404, "EA 1000 0014 0 CN"],
    ] as const) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(status);
      expect(await page.getByRole("alert").textContent(), path).toContain(message);
      expect(await page.getByLabel("Tracking number").inputValue(), path).toBe(
        path.replace("/track/", ""),
      );
      expect(await page.getByText("Page not found").count(), path).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    }
    await context.close();
  });
});
