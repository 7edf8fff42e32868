import { useMemo } from "react";
import { makeTranslator } from "../../lib/i18n";
import { useI18n } from "../../lib/use-i18n";
import { adminMessages, isAdminMessageKey } from "../admin-messages";

/** The admin dictionary in the page's locale; `err` turns a field error key into words. */
export function useAdminT() {
  const { locale } = useI18n();
  return useMemo(() => {
    const t = makeTranslator(adminMessages, locale);
    const err = (key: string | undefined) =>
      key ? t(isAdminMessageKey(key) ? key : "error.invalid") : undefined;
    return { t, err, locale };
  }, [locale]);
}
