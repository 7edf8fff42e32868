import { useMemo } from "react";
import { makeTranslator, type Locale, type TranslateWith } from "../../lib/i18n";
import { useI18n } from "../../lib/use-i18n";
import { adminShellMessages, type AdminShellKey } from "./admin-messages";

/** A domain's admin words in both languages (module constants: the hook memoises on them). */
export type AdminDictionary<K extends string> = Record<Locale, Record<K, string>>;

export type AdminTranslate<K extends string = never> = TranslateWith<K | AdminShellKey>;

/**
 * The admin dictionary in the page's locale: the shell's words and, over them, the words of the
 * domain whose page this is. `err` turns a field error key into words; a key the dictionary does
 * not know (a stray string) reads as "invalid".
 */
export function useAdminT<K extends string = never>(domain?: AdminDictionary<K>) {
  const { locale } = useI18n();
  return useMemo(() => {
    // Without a domain K is never, so the shell's words are the whole dictionary.
    const dicts = {
      zh: { ...adminShellMessages.zh, ...domain?.zh },
      en: { ...adminShellMessages.en, ...domain?.en },
    } as AdminDictionary<K | AdminShellKey>;
    const t: AdminTranslate<K> = makeTranslator(dicts, locale);
    const err = (key: string | undefined) =>
      key ? t(key in dicts[locale] ? (key as K) : "error.invalid") : undefined;
    return { t, err, locale };
  }, [domain, locale]);
}
