import { describe, expect, it } from "vitest";
import { formatDay, pick, translator } from "~/lib/i18n";

describe("i18n", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    const t = translator("en");
    expect(t("product.lowStock", { count: 3 })).toBe("Only 3 left");
    expect(t("product.lowStock")).toBe("Only {count} left");
    expect(translator("zh")("product.lowStock", { count: 3 })).toBe("仅剩 3 件");
  });

  it("has every English message non-empty", () => {
    const en = translator("en");
    const zh = translator("zh");
    for (const key of [
      "site.name",
      "cart.title",
      "error.notFoundTitle",
      "product.addToCart",
    ] as const) {
      expect(en(key)).not.toBe("");
      expect(en(key)).not.toBe(zh(key));
    }
  });

  it("picks the column for the locale and falls back when one is blank", () => {
    const row = { nameZh: "脐橙", nameEn: "Navel oranges" };
    expect(pick(row, "name", "zh")).toBe("脐橙");
    expect(pick(row, "name", "en")).toBe("Navel oranges");
    expect(pick({ nameZh: "脐橙", nameEn: "" }, "name", "en")).toBe("脐橙");
  });

  it("formats calendar dates without shifting the day", () => {
    expect(formatDay("2026-12-08", "zh")).toBe("2026年12月8日");
    expect(formatDay("2026-12-08", "en")).toBe("8 Dec 2026");
    expect(formatDay("2027-01-01", "en")).toBe("1 Jan 2027");
  });
});
