import type { BrowserContext, Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../scripts/seed/users";
import { localeCookie } from "~/lib/locale.server";

/** Sets the locale cookie exactly as the server writes it (Remix encodes cookie values). */
export async function setEnglish(context: BrowserContext, baseUrl: string): Promise<void> {
  const value = (await localeCookie.serialize("en")).split(";")[0]!.split("=")[1]!;
  await context.addCookies([{ name: "hl_lang", value, url: baseUrl }]);
}

const SIGN_IN = {
  en: { email: "Email", password: "Password", submit: "Sign in" },
  zh: { email: "邮箱", password: "密码", submit: "登录" },
};

/** Signs a seeded demo account in through the form, as a person would, and waits for `redirectTo`. */
export async function signInAsDemo(
  page: Page,
  email: string,
  redirectTo = "/admin",
  lang: "en" | "zh" = "en",
): Promise<void> {
  const words = SIGN_IN[lang];
  await page.goto(`/account/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: words.submit }).click();
  await page.waitForURL((url) => url.pathname === redirectTo);
}
