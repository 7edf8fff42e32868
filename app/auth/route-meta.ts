import type { HeadersFunction, MetaDescriptor } from "@remix-run/node";
import { translator, type Locale } from "../lib/i18n";
import { authTranslator, type AuthMessageKey } from "./messages";

/** Title and noindex for an account page: private pages stay out of search engines. */
export function accountMeta(
  locale: Locale | undefined,
  titleKey: AuthMessageKey,
): MetaDescriptor[] {
  const l = locale ?? "zh";
  return [
    { title: `${authTranslator(l)(titleKey)} | ${translator(l)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
}

// A document request takes its headers from here, not from the action's or loader's data() init.
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
