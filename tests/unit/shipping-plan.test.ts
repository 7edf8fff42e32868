import { describe, expect, it } from "vitest";
import { planShipping, type PlanLine } from "~/shipping/shipping-plan";
import { quote } from "~/shipping/quote";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";

const orange: PlanLine = {
  weightG: 5000,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 200,
  storage: "ambient",
  quantity: 1,
};
const grapes: PlanLine = {
  weightG: 2000,
  lengthMm: 300,
  widthMm: 200,
  heightMm: 150,
  storage: "chilled",
  quantity: 1,
  shelfLifeDays: 7,
};
const tariff = DEFAULT_TARIFF;

describe("planShipping", () => {
  it("sends ambient lines by the chosen service and chilled lines by cold chain, never in one parcel", () => {
    const plan = planShipping({
      from: "36",
      to: "11",
      lines: [grapes, { ...orange, quantity: 7 }],
      ambientService: "economy",
      tariff,
    });
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.zone).toBe("national");
    expect(plan.parcels.map((p) => [p.service, p.storage, p.units, p.lines])).toEqual([
      ["economy", "ambient", 6, [{ line: 1, quantity: 6 }]],
      ["economy", "ambient", 1, [{ line: 1, quantity: 1 }]],
      ["cold_chain", "chilled", 1, [{ line: 0, quantity: 1 }]],
    ]);
    expect(plan.totalFen).toBe(plan.parcels.reduce((s, p) => s + p.priceFen, 0));
  });

  it("prices each group exactly as the quote engine does for that service", () => {
    const plan = planShipping({
      from: "36",
      to: "11",
      lines: [orange, grapes],
      ambientService: "express",
      tariff,
    });
    if (!plan.ok) throw new Error(plan.message);
    const ambient = quote({ from: "36", to: "11", items: [orange], service: "express" }, tariff);
    const chilled = quote({ from: "36", to: "11", items: [grapes], service: "cold_chain" }, tariff);
    if (!ambient.ok || !chilled.ok) throw new Error("quote refused");
    expect(plan.totalFen).toBe(ambient.quote.totalFen + chilled.quote.totalFen);
    expect(plan.parcels[0]).toMatchObject({
      service: "express",
      priceFen: ambient.quote.parcels[0]!.priceFen,
      transitDays: 3,
    });
  });

  it("economy costs less than express for the same oranges", () => {
    const express = planShipping({
      from: "36",
      to: "11",
      lines: [{ ...orange, quantity: 3 }],
      ambientService: "express",
      tariff,
    });
    const economy = planShipping({
      from: "36",
      to: "11",
      lines: [{ ...orange, quantity: 3 }],
      ambientService: "economy",
      tariff,
    });
    if (!express.ok || !economy.ok) throw new Error("refused");
    expect(economy.totalFen).toBeLessThan(express.totalFen);
  });

  it("refuses chilled lines where cold chain does not reach, naming the caller's line", () => {
    // Jiangxi → Xinjiang is remote; the default cold chain serves no remote zone.
    const plan = planShipping({
      from: "36",
      to: "65",
      lines: [orange, grapes],
      ambientService: "express",
      tariff,
    });
    expect(plan).toMatchObject({ ok: false, error: "zone_not_served" });
    if (plan.ok) return;
    expect(plan.message).toContain("cold_chain");
  });

  it("refuses a shelf life shorter than the cold-chain transit and says which line", () => {
    const plan = planShipping({
      from: "36",
      to: "11",
      lines: [orange, { ...grapes, shelfLifeDays: 1 }],
      ambientService: "express",
      tariff,
    });
    expect(plan).toMatchObject({ ok: false, error: "shelf_life_too_short", line: 1 });
    if (!plan.ok) expect(plan.message).toMatch(/^lines\[1\]\.shelfLifeDays: 1 days/);
  });

  it("refuses an empty list and unserved provinces", () => {
    expect(
      planShipping({ from: "36", to: "11", lines: [], ambientService: "express", tariff }),
    ).toMatchObject({ ok: false, error: "no_lines" });
    expect(
      planShipping({ from: "36", to: "71", lines: [orange], ambientService: "express", tariff }),
    ).toMatchObject({ ok: false, error: "not_served" });
  });
});
