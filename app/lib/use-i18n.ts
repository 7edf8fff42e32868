import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, translator, type Locale } from "./i18n";

/** The page's locale and translate function, from the root loader. */
export function useI18n() {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = useMemo(() => translator(locale), [locale]);
  return { locale, t };
}
