import type { Locale } from "./i18n";

/** Formats integer fen as yuan: 3990 → "¥39.90". The only place money becomes text. */
// Building an Intl formatter is costly; a page formats dozens of prices.
const yuan: Record<Locale, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat("zh-CN", {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 2,
  }),
  en: new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: 2,
  }),
};

export function formatFen(fen: number, locale: Locale = "zh"): string {
  return yuan[locale].format(fen / 100);
}

/** Price per kilogram in fen, rounded to the nearest fen. */
export function pricePerKgFen(priceFen: number, netWeightG: number): number {
  if (netWeightG <= 0) throw new RangeError("net weight must be positive");
  return Math.round((priceFen * 1000) / netWeightG);
}

/** Schema.org and feeds want a plain decimal string: 3990 → "39.90". */
export function fenToDecimal(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function formatWeight(grams: number, locale: Locale = "zh"): string {
  if (grams >= 1_000_000) {
    const tonnes = Math.round(grams / 100_000) / 10;
    return locale === "zh" ? `${tonnes}吨` : `${tonnes} t`;
  }
  if (grams >= 1000) {
    const kg = grams / 1000;
    const text = Number.isInteger(kg) ? String(kg) : kg.toFixed(kg < 10 ? 2 : 1).replace(/0+$/, "");
    return locale === "zh" ? `${text}公斤` : `${text} kg`;
  }
  return locale === "zh" ? `${grams}克` : `${grams} g`;
}
