import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/start-server";
import { DESKTOP, launchBrowser, PHONE } from "./browser";
import { setEnglish } from "./demo-session";

/**
 * A phone at 390×844 (touch, mobile viewport) on its own context: its own cookies, so a separate
 * shopper. `errors` collects the page's uncaught exceptions.
 */
export async function openPhone(
  browser: Browser,
  baseURL: string,
  { english = false, javaScript = true } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    baseURL,
    javaScriptEnabled: javaScript,
  });
  if (english) await setEnglish(context, baseURL);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/** What the screen shows with `at` scrolled into view (a full-page capture misplaces the sticky header). */
export async function shot(page: Page, dir: string, name: string, at?: Locator) {
  if (at) await at.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * For a test file: the production server on the demo seed, with the simulated payment provider
 * and a job worker polling often (parcels, a flash sale's 5 s tick), and chromium beside it,
 * started before the file's tests and stopped after them. Screenshots go to `shots`; `env` adds
 * to the server's environment (a small SEARCH_PAGE_SIZE, say).
 */
export function shopOnPhones(shots: string, env: Record<string, string> = {}) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [server, browser] = await Promise.all([
      // Seeding renders the demo photos: slow on a busy machine, hence the long wait.
      startServer({
        env: { PAYMENT_PROVIDER: "simulated", JOBS_WORKER: "1", JOBS_POLL_MS: "200", ...env },
        timeoutMs: 400_000,
      }),
      launchBrowser(),
    ]);
  }, 420_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    url: () => server!.url,
    /** What the server printed so far (a failing test shows it). */
    serverOutput: () => server?.output() ?? "",
    phone: (options: { english?: boolean; javaScript?: boolean } = {}) =>
      openPhone(browser!, server!.url, options),
    /** A desktop window (1280×800) on its own context, for the desktop screenshots. */
    desktop: async () => {
      const context = await browser!.newContext({ viewport: DESKTOP, baseURL: server!.url });
      return { context, page: await context.newPage() };
    },
    shot: (page: Page, name: string, at?: Locator) => shot(page, shots, name, at),
  };
}
