import { describe, expect, it } from "vitest";
import { chargeableG, insuranceFen, publicQuote, quote, type QuoteOutcome } from "~/shipping/quote";
import type { QuoteItem, QuoteRequest } from "~/shipping/schemas";
import { DEFAULT_TARIFF, type Tariff } from "~/shipping/tariffs";

const item = (over: Partial<QuoteItem> = {}): QuoteItem => ({
  weightG: 1000,
  lengthMm: 100,
  widthMm: 100,
  heightMm: 100,
  storage: "ambient",
  quantity: 1,
  ...over,
});
const req = (over: Partial<QuoteRequest> = {}): QuoteRequest => ({
  from: "36",
  to: "44",
  items: [item()],
  ...over,
});
function ok(outcome: QuoteOutcome) {
  if (!outcome.ok) throw new Error(`refused: ${outcome.message}`);
  return outcome.quote;
}
function refused(outcome: QuoteOutcome) {
  if (outcome.ok) throw new Error("expected a refusal");
  return outcome;
}
const run = (over: Partial<QuoteRequest> = {}, tariff: Tariff = DEFAULT_TARIFF) =>
  quote(req(over), tariff);

describe("weights and prices", () => {
  it("exactly 1000 g costs the first price", () => {
    const q = ok(run({ from: "36", to: "36" }));
    expect(q.zone).toBe("local");
    expect(q.parcels).toEqual([
      {
        service: "express",
        storage: "ambient",
        units: 1,
        actualG: 1000,
        volumetricG: 167,
        chargeableG: 1000,
        priceFen: 1200,
        transitDays: 1,
        contents: [{ item: 0, quantity: 1 }],
      },
    ]);
    expect(q.totalFen).toBe(1200);
    expect(q.insuranceFen).toBe(0);
  });
  it("1001 g costs one step more", () => {
    const q = ok(run({ from: "36", to: "36", items: [item({ weightG: 1001 })] }));
    expect(q.parcels[0]).toMatchObject({ actualG: 1001, chargeableG: 2000, priceFen: 1400 });
  });
  it("a light parcel is charged at least 1000 g", () => {
    const q = ok(run({ items: [item({ weightG: 1, lengthMm: 1, widthMm: 1, heightMm: 1 })] }));
    expect(q.parcels[0]).toMatchObject({
      actualG: 1,
      volumetricG: 1,
      chargeableG: 1000,
      priceFen: 1800,
    });
  });
  it("each zone uses its own row (express)", () => {
    const price = (to: string) =>
      ok(run({ from: "36", to, items: [item({ weightG: 2500 })] })).parcels[0]!;
    expect(price("36")).toMatchObject({ priceFen: 1200 + 2 * 200, transitDays: 1 });
    expect(price("31")).toMatchObject({ priceFen: 1500 + 2 * 400, transitDays: 2 });
    expect(price("44")).toMatchObject({ priceFen: 1800 + 2 * 600, transitDays: 3 });
    expect(price("65")).toMatchObject({ priceFen: 2800 + 2 * 1200, transitDays: 5 });
  });
  it("economy when asked, with its own divisor and transit days", () => {
    const q = ok(
      run({
        service: "economy",
        items: [item({ weightG: 2000, lengthMm: 400, widthMm: 300, heightMm: 200 })],
      }),
    );
    // 24,000,000 mm³ / 8000 = 3000 g beats 2000 g actual.
    expect(q.parcels[0]).toMatchObject({
      service: "economy",
      volumetricG: 3000,
      chargeableG: 3000,
      priceFen: 1200 + 2 * 400,
      transitDays: 5,
    });
  });
  it("volumetric weight wins when larger and is rounded up to the gram", () => {
    const q = ok(
      run({ items: [item({ weightG: 2000, lengthMm: 600, widthMm: 400, heightMm: 300 })] }),
    );
    expect(q.parcels[0]).toMatchObject({ actualG: 2000, volumetricG: 12000, chargeableG: 12000 });
    const r = ok(run({ items: [item({ lengthMm: 1, widthMm: 1, heightMm: 6001 })] }));
    expect(r.parcels[0]!.volumetricG).toBe(2);
  });
  it("volumetric weight sums the parcel's units before dividing", () => {
    const q = ok(run({ items: [item({ lengthMm: 10, widthMm: 10, heightMm: 30, quantity: 3 })] }));
    expect(q.parcels[0]!.volumetricG).toBe(2); // 9000 / 6000 = 1.5, not 3 × ceil(0.5)
  });
  it("chargeableG rounds up to whole kilograms", () => {
    expect(chargeableG(0, 0)).toBe(1000);
    expect(chargeableG(1000, 10)).toBe(1000);
    expect(chargeableG(1001, 10)).toBe(2000);
    expect(chargeableG(1500, 2001)).toBe(3000);
  });
});

describe("parcel limits", () => {
  it("a unit of exactly the max parcel weight ships alone; one gram over is refused", () => {
    const q = ok(run({ items: [item({ weightG: 30000 })] }));
    expect(q.parcels[0]).toMatchObject({
      actualG: 30000,
      chargeableG: 30000,
      priceFen: 1800 + 29 * 600,
    });
    const r = refused(run({ items: [item({ weightG: 30001 })] }));
    expect(r).toMatchObject({ error: "unit_too_heavy", field: "items[0].weightG" });
    expect(r.message).toContain("30000 g");
  });
  it("units fill a parcel up to exactly the max, and one more gram opens a second", () => {
    expect(ok(run({ items: [item({ weightG: 15000, quantity: 2 })] })).parcels).toHaveLength(1);
    const q = ok(run({ items: [item({ weightG: 15000 }), item({ weightG: 15001 })] }));
    expect(q.parcels.map((p) => p.actualG)).toEqual([15001, 15000]);
  });
  it("cold chain counts the tare: 17700 g of produce is exactly 20000 g, 17701 g is over", () => {
    const chilled = (weightG: number) => item({ weightG, storage: "chilled" });
    const q = ok(run({ items: [chilled(17700)] }));
    expect(q.parcels[0]).toMatchObject({
      service: "cold_chain",
      storage: "chilled",
      actualG: 20000,
    });
    const r = refused(run({ items: [chilled(17701)] }));
    expect(r).toMatchObject({ error: "unit_too_heavy", field: "items[0].weightG" });
    expect(r.message).toContain("20001 g");
  });
  it("cold chain tare is a 500 g liner plus 100 g of ice per started 1000 g of produce", () => {
    const actual = (weightG: number) =>
      ok(run({ items: [item({ weightG, storage: "chilled" })] })).parcels[0]!.actualG;
    expect(actual(1)).toBe(1 + 600);
    expect(actual(1000)).toBe(1000 + 600);
    expect(actual(1001)).toBe(1001 + 700);
    expect(actual(4500)).toBe(4500 + 1000);
  });
  it("first-fit checks the tare the parcel would have after adding the unit", () => {
    // 17000 g (tare 2200) + 800 g would be 17800 g + 2300 g tare = 20100 g: a second parcel,
    // although 17000 + 2200 + 800 is exactly 20000.
    const q = ok(
      run({
        items: [
          item({ weightG: 17000, storage: "chilled" }),
          item({ weightG: 800, storage: "chilled" }),
        ],
      }),
    );
    expect(q.parcels.map((p) => p.actualG)).toEqual([19200, 1400]);
    const r = ok(
      run({
        items: [
          item({ weightG: 17000, storage: "chilled" }),
          item({ weightG: 700, storage: "chilled" }),
        ],
      }),
    );
    expect(r.parcels.map((p) => p.actualG)).toEqual([20000]);
  });
  it("uses an edited maximum", () => {
    const t = structuredClone(DEFAULT_TARIFF);
    t.express.maxParcelG = 5000;
    expect(
      ok(run({ items: [item({ weightG: 2500, quantity: 3 })] }, t)).parcels.map((p) => p.units),
    ).toEqual([2, 1]);
  });
});

describe("packing order", () => {
  it("heaviest first; ties: larger volume first, then request order", () => {
    const q = ok(
      run({
        items: [
          item({ weightG: 10000, lengthMm: 100 }),
          item({ weightG: 10000, lengthMm: 300 }),
          item({ weightG: 20000 }),
          item({ weightG: 10000, lengthMm: 300 }),
        ],
      }),
    );
    expect(q.parcels.map((p) => p.contents)).toEqual([
      [
        { item: 1, quantity: 1 },
        { item: 2, quantity: 1 },
      ],
      [
        { item: 0, quantity: 1 },
        { item: 3, quantity: 1 },
      ],
    ]);
  });
  it("later light units go back into earlier parcels (first fit)", () => {
    const q = ok(
      run({ items: [item({ weightG: 20000, quantity: 2 }), item({ weightG: 5000, quantity: 3 })] }),
    );
    expect(q.parcels.map((p) => p.contents)).toEqual([
      [
        { item: 0, quantity: 1 },
        { item: 1, quantity: 2 },
      ],
      [
        { item: 0, quantity: 1 },
        { item: 1, quantity: 1 },
      ],
    ]);
  });
  it("chilled and ambient never share a parcel", () => {
    const q = ok(
      run({ items: [item({ weightG: 500 }), item({ weightG: 500, storage: "chilled" })] }),
    );
    expect(q.parcels.map((p) => [p.service, p.storage, p.contents[0]!.item])).toEqual([
      ["express", "ambient", 0],
      ["cold_chain", "chilled", 1],
    ]);
    expect(q.totalFen).toBe(q.parcels[0]!.priceFen + q.parcels[1]!.priceFen);
  });
});

describe("services", () => {
  it("chilled items go cold chain; express or economy for them is refused with the reason", () => {
    for (const service of ["express", "economy"] as const) {
      const r = refused(run({ service, items: [item(), item({ storage: "chilled" })] }));
      expect(r).toMatchObject({ error: "service_cannot_carry", field: "service" });
      expect(r.message).toContain("chilled");
    }
  });
  it("cold chain does not reach remote zones", () => {
    const r = refused(run({ to: "65", items: [item({ storage: "chilled" })] }));
    expect(r.error).toBe("zone_not_served");
    expect(r.message).toContain("remote");
    expect(refused(run({ to: "65", service: "cold_chain" })).field).toBe("service");
  });
  it("ambient goods sent by cold chain when asked: own parcels, cold-chain price and tare", () => {
    // Our choice: cold chain can carry ambient goods, so the request is honoured, not refused.
    const q = ok(run({ service: "cold_chain", items: [item(), item({ storage: "chilled" })] }));
    expect(q.parcels.map((p) => [p.service, p.storage, p.actualG, p.priceFen])).toEqual([
      ["cold_chain", "ambient", 1600, 3000 + 1200],
      ["cold_chain", "chilled", 1600, 3000 + 1200],
    ]);
  });
  it("ambient without a service falls back to economy where an edited tariff drops express", () => {
    const t = structuredClone(DEFAULT_TARIFF);
    delete t.express.zones.national;
    expect(ok(run({}, t)).parcels[0]!.service).toBe("economy");
    expect(refused(run({ service: "express" }, t))).toMatchObject({
      error: "zone_not_served",
      field: "service",
    });
  });
  it("refuses a chilled item whose shelf life is shorter than the cold-chain transit", () => {
    // National cold chain takes 2 days.
    const r = refused(run({ items: [item({ storage: "chilled", shelfLifeDays: 1 })] }));
    expect(r).toMatchObject({ error: "shelf_life_too_short", field: "items[0].shelfLifeDays" });
    expect(
      ok(run({ items: [item({ storage: "chilled", shelfLifeDays: 2 })] })).parcels[0]!.transitDays,
    ).toBe(2);
    expect(
      ok(run({ to: "31", items: [item({ storage: "chilled", shelfLifeDays: 1 })] })).parcels[0]!
        .transitDays,
    ).toBe(1);
    // Ambient goods are not held to a shelf life.
    expect(ok(run({ items: [item({ shelfLifeDays: 1 })] })).parcels[0]!.transitDays).toBe(3);
  });
  it("checks where the goods can go before packing them, whatever the order of the lines", () => {
    const tooHeavy = item({ weightG: 40000 });
    const spoils = item({ storage: "chilled", shelfLifeDays: 1 });
    expect(refused(run({ items: [tooHeavy, spoils] })).error).toBe("shelf_life_too_short");
    expect(refused(run({ items: [spoils, tooHeavy] })).error).toBe("shelf_life_too_short");
    expect(refused(run({ to: "65", items: [tooHeavy, item({ storage: "chilled" })] })).error).toBe(
      "zone_not_served",
    );
  });
  it.each(["71", "81", "82"])("%s is not served yet, as origin or destination", (code) => {
    expect(refused(run({ to: code }))).toMatchObject({ error: "not_served", field: "to" });
    const r = refused(run({ from: code }));
    expect(r).toMatchObject({ error: "not_served", field: "from" });
    expect(r.message).toContain("not served yet");
  });
});

describe("insurance and total", () => {
  it("is 0.5 % rounded up, at least 100 fen", () => {
    expect(insuranceFen(0)).toBe(100);
    expect(insuranceFen(19999)).toBe(100);
    expect(insuranceFen(20000)).toBe(100);
    expect(insuranceFen(20001)).toBe(101);
    expect(insuranceFen(100000)).toBe(500);
    expect(insuranceFen(100001)).toBe(501);
  });
  it("is added to the total only when a declared value is given", () => {
    const q = ok(run({ declaredValueFen: 100001, items: [item({ weightG: 20000, quantity: 2 })] }));
    expect(q.insuranceFen).toBe(501);
    expect(q.totalFen).toBe(2 * (1800 + 19 * 600) + 501);
  });
  it("publicQuote drops the parcel contents and nothing else", () => {
    const q = ok(run());
    expect(Object.keys(publicQuote(q).parcels[0]!).sort()).toEqual([
      "actualG",
      "chargeableG",
      "priceFen",
      "service",
      "storage",
      "transitDays",
      "units",
      "volumetricG",
    ]);
  });
});
