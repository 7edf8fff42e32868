import { describe, expect, it } from "vitest";
import { DEFAULT_TARIFF, parcelPriceFen, tariffSchema } from "~/shipping/tariffs";

describe("default tariff", () => {
  it("is the issue's table", () => {
    const row = (s: keyof typeof DEFAULT_TARIFF) =>
      (["local", "regional", "national", "remote"] as const).map(
        (z) => DEFAULT_TARIFF[s].zones[z] ?? null,
      );
    expect(row("express")).toEqual([
      { firstFen: 1200, stepFen: 200, transitDays: 1 },
      { firstFen: 1500, stepFen: 400, transitDays: 2 },
      { firstFen: 1800, stepFen: 600, transitDays: 3 },
      { firstFen: 2800, stepFen: 1200, transitDays: 5 },
    ]);
    expect(row("economy")).toEqual([
      { firstFen: 800, stepFen: 100, transitDays: 2 },
      { firstFen: 1000, stepFen: 200, transitDays: 3 },
      { firstFen: 1200, stepFen: 400, transitDays: 5 },
      { firstFen: 2000, stepFen: 800, transitDays: 7 },
    ]);
    expect(row("cold_chain")).toEqual([
      { firstFen: 1800, stepFen: 500, transitDays: 1 },
      { firstFen: 2400, stepFen: 800, transitDays: 1 },
      { firstFen: 3000, stepFen: 1200, transitDays: 2 },
      null,
    ]);
    expect([
      DEFAULT_TARIFF.express.maxParcelG,
      DEFAULT_TARIFF.economy.maxParcelG,
      DEFAULT_TARIFF.cold_chain.maxParcelG,
    ]).toEqual([30000, 30000, 20000]);
    expect([
      DEFAULT_TARIFF.express.volumetricDivisor,
      DEFAULT_TARIFF.economy.volumetricDivisor,
      DEFAULT_TARIFF.cold_chain.volumetricDivisor,
    ]).toEqual([6000, 8000, 6000]);
  });
  it("passes its own schema", () => {
    expect(tariffSchema.safeParse(DEFAULT_TARIFF).success).toBe(true);
  });
});

describe("parcelPriceFen", () => {
  const rate = { firstFen: 1800, stepFen: 600, transitDays: 3 };
  it("charges the first price for the first 1000 g and the step for each further 1000 g", () => {
    expect(parcelPriceFen(rate, 1000)).toBe(1800);
    expect(parcelPriceFen(rate, 2000)).toBe(2400);
    expect(parcelPriceFen(rate, 30000)).toBe(1800 + 29 * 600);
  });
});

describe("tariffSchema", () => {
  const edited = () => structuredClone(DEFAULT_TARIFF);
  const problems = (value: unknown) => {
    const r = tariffSchema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };
  it("refuses negative prices", () => {
    const t = edited();
    t.express.zones.local!.firstFen = -1;
    t.economy.zones.remote!.stepFen = -5;
    expect(problems(t)).toEqual(["express.zones.local.firstFen", "economy.zones.remote.stepFen"]);
  });
  it("needs first and step price for every zone a service serves", () => {
    const t = edited() as unknown as { express: { zones: { national: Record<string, unknown> } } };
    delete t.express.zones.national.stepFen;
    expect(problems(t)).toEqual(["express.zones.national.stepFen"]);
  });
  it("allows a zone to be left unserved", () => {
    const t = edited();
    delete t.economy.zones.remote;
    expect(problems(t)).toEqual([]);
  });
  it("keeps transit days within 1..60 and max parcel and divisor above 0", () => {
    const t = edited();
    t.express.zones.local!.transitDays = 0;
    t.economy.zones.local!.transitDays = 61;
    t.cold_chain.maxParcelG = 0;
    t.cold_chain.volumetricDivisor = -1;
    expect(problems(t)).toEqual([
      "express.zones.local.transitDays",
      "economy.zones.local.transitDays",
      "cold_chain.maxParcelG",
      "cold_chain.volumetricDivisor",
    ]);
    const ok = edited();
    ok.express.zones.local!.transitDays = 60;
    ok.express.zones.regional!.transitDays = 1;
    expect(problems(ok)).toEqual([]);
  });
  it("refuses fractions and non-numbers", () => {
    const t = edited() as unknown as { express: { zones: { local: Record<string, unknown> } } };
    t.express.zones.local.firstFen = 12.5;
    t.express.zones.local.stepFen = "200";
    expect(problems(t)).toEqual(["express.zones.local.firstFen", "express.zones.local.stepFen"]);
  });
});
