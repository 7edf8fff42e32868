import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SalesChart } from "~/catalog/components/admin-sales-chart";

const days = (units: number[]) =>
  units.map((u, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, units: u }));
const render = (units: number[], locale: "zh" | "en" = "en") =>
  renderToStaticMarkup(
    <AppProvider i18n={en}>
      <SalesChart days={days(units)} locale={locale} />
    </AppProvider>,
  );

describe("sales chart", () => {
  it("says nothing sold instead of drawing a row of zeros", () => {
    const html = render([0, 0, 0]);
    expect(html).not.toContain("<svg");
    expect(html).toContain("Nothing sold in the last 30 days");
  });

  it("draws one labelled bar per day, scaled to the busiest day, with a text summary", () => {
    const html = render([0, 4, 8, 2]);
    expect(html).toContain('role="img"');
    expect(html.match(/<rect /g)).toHaveLength(4);
    expect(html).toContain("14 units sold in the last 30 days; at most 8 in one day.");
    expect(html).toContain("<title>2 Nov 2026: 4 units</title>");
    const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights[2]).toBeGreaterThan(heights[1]!);
    expect(heights[1]! * 2).toBeCloseTo(heights[2]!, 5);
    expect(heights[0]).toBe(0);
  });

  it("speaks Chinese by default", () => {
    expect(render([1], "zh")).toContain("近 30 天共售出 1 件");
  });
});
