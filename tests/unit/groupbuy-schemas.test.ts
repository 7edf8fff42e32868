import { describe, expect, it } from "vitest";
import {
  beijingInput,
  checkDealTerms,
  dealFormValues,
  parseDealCreate,
  parseDealTerms,
  parsePoint,
} from "~/groupbuy/schemas";

const now = new Date("2026-12-07T10:00:00Z");
const DAY = 86_400_000;

function form(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    variantId: "var_abc123",
    priceFen: "30",
    tierMin2: "10",
    tierPrice2: "26",
    tierMin3: "50",
    tierPrice3: "22.5",
    minQuantity: "20",
    maxQuantity: "100",
    endsAt: beijingInput(new Date(now.getTime() + 3 * DAY)),
    pickupPointIds: ["pkp_one"],
    allowHomeDelivery: "",
    ...overrides,
  };
}

const errorsOf = (overrides: Record<string, unknown>) => {
  const r = parseDealCreate(form(overrides), now);
  return r.ok ? {} : r.errors;
};

describe("the deal form", () => {
  it("parses yuan into fen tiers, tier 1 at 1 pack at the price", () => {
    const r = parseDealCreate(form(), now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({
      variantId: "var_abc123",
      tiers: [
        { minQuantity: 1, priceFen: 3_000 },
        { minQuantity: 10, priceFen: 2_600 },
        { minQuantity: 50, priceFen: 2_250 },
      ],
      minQuantity: 20,
      maxQuantity: 100,
      pickupPointIds: ["pkp_one"],
      allowHomeDelivery: false,
    });
  });

  it("a blank tier row is no tier; a row typed out of sequence is checked as typed", () => {
    const r = parseDealTerms(
      form({ tierMin2: "", tierPrice2: "", tierMin4: "60", tierPrice4: "20" }),
      now,
    );
    expect(r.ok && r.data.tiers.map((t) => t.minQuantity)).toEqual([1, 50, 60]);
    expect(errorsOf({ tierMin2: "", tierPrice2: "", tierMin4: "40", tierPrice4: "20" })).toEqual({
      tierMin4: "groupbuy.admin.error.tierOrder",
    });
  });

  it("refuses tiers that do not lower the price as the quantity rises", () => {
    expect(errorsOf({ tierPrice2: "30" })).toEqual({
      tierPrice2: "groupbuy.admin.error.tierNotLower",
    });
    expect(errorsOf({ tierPrice2: "31" })).toEqual({
      tierPrice2: "groupbuy.admin.error.tierNotLower",
    });
    expect(errorsOf({ tierPrice3: "26" })).toEqual({
      tierPrice3: "groupbuy.admin.error.tierNotLower",
    });
    expect(errorsOf({ tierMin3: "10" })).toEqual({ tierMin3: "groupbuy.admin.error.tierOrder" });
    expect(errorsOf({ tierMin3: "5" })).toEqual({ tierMin3: "groupbuy.admin.error.tierOrder" });
    expect(errorsOf({ tierMin2: "1" })).toEqual({ tierMin2: "groupbuy.admin.error.tierMin" });
    expect(errorsOf({ tierMin3: "101" })).toEqual({
      tierMin3: "groupbuy.admin.error.tierAboveMax",
    });
    expect(errorsOf({ tierPrice2: "" })).toEqual({ tierPrice2: "groupbuy.admin.error.tierPrice" });
    expect(errorsOf({ tierMin2: "" })).toEqual({ tierMin2: "groupbuy.admin.error.tierMin" });
  });

  it("refuses a minimum above the maximum, bad quantities and prices", () => {
    expect(errorsOf({ minQuantity: "101" })).toEqual({
      minQuantity: "groupbuy.admin.error.minAboveMax",
    });
    expect(errorsOf({ minQuantity: "0" })).toEqual({
      minQuantity: "groupbuy.admin.error.minQuantity",
    });
    expect(errorsOf({ maxQuantity: "1e3" })).toEqual({
      maxQuantity: "groupbuy.admin.error.maxQuantity",
    });
    expect(errorsOf({ priceFen: "-1" })).toEqual({ priceFen: "groupbuy.admin.error.price" });
    expect(errorsOf({ priceFen: "0" })).toEqual({ priceFen: "groupbuy.admin.error.price" });
    expect(errorsOf({ variantId: "var_\u0000" })).toEqual({
      variantId: "groupbuy.admin.error.pack",
    });
  });

  it("says every problem at once, rules included, when some fields do not parse", () => {
    expect(errorsOf({ tierPrice2: "32", minQuantity: "120", endsAt: "", variantId: "" })).toEqual({
      variantId: "groupbuy.admin.error.pack",
      endsAt: "groupbuy.admin.error.datetime",
      tierPrice2: "groupbuy.admin.error.tierNotLower",
      minQuantity: "groupbuy.admin.error.minAboveMax",
    });
    // A tier row that does not parse is reported alone: the others are not renumbered wrongly.
    expect(errorsOf({ tierMin2: "x", tierPrice3: "27" })).toEqual({
      tierMin2: "groupbuy.admin.error.tierMin",
    });
  });

  it("the deadline: in the future, at most 60 days away", () => {
    expect(errorsOf({ endsAt: beijingInput(new Date(now.getTime() - 60_000)) })).toEqual({
      endsAt: "groupbuy.admin.error.endsPast",
    });
    expect(errorsOf({ endsAt: beijingInput(new Date(now.getTime() + 61 * DAY)) })).toEqual({
      endsAt: "groupbuy.admin.error.endsTooFar",
    });
    expect(errorsOf({ endsAt: "soon" })).toEqual({ endsAt: "groupbuy.admin.error.datetime" });
    // Beyond the holds' lifetime is allowed: the deal charges on joining instead.
    expect(errorsOf({ endsAt: beijingInput(new Date(now.getTime() + 20 * DAY)) })).toEqual({});
  });

  it("somewhere to collect, or home delivery", () => {
    expect(errorsOf({ pickupPointIds: [] })).toEqual({
      pickupPointIds: "groupbuy.admin.error.delivery",
    });
    expect(errorsOf({ pickupPointIds: [], allowHomeDelivery: "on" })).toEqual({});
    expect(errorsOf({ pickupPointIds: ["nope"] })).toEqual({
      pickupPointIds: "groupbuy.admin.error.point",
    });
    expect(errorsOf({ allowHomeDelivery: "maybe" })).toEqual({
      allowHomeDelivery: "error.invalid",
    });
  });

  it("the domain check: tier 1 must start at 1 pack", () => {
    expect(
      checkDealTerms(
        {
          tiers: [{ minQuantity: 2, priceFen: 100 }],
          minQuantity: 2,
          maxQuantity: 5,
          endsAt: new Date(now.getTime() + DAY),
          pickupPointIds: [],
          allowHomeDelivery: true,
        },
        now,
      ),
    ).toEqual({ priceFen: "groupbuy.admin.error.tierOne" });
  });

  it("stored terms come back as the owner typed them, and parse to the same", () => {
    const r = parseDealTerms(form(), now);
    if (!r.ok) throw new Error("form did not parse");
    const back = dealFormValues(r.data);
    expect(back).toMatchObject({
      priceFen: "30",
      tierMin3: "50",
      tierPrice3: "22.5",
      tierMin4: "",
    });
    const again = parseDealTerms(back, now);
    expect(again.ok && again.data).toEqual(r.data);
  });
});

describe("the pickup point form", () => {
  const point = (o: Record<string, unknown> = {}) => ({
    name: "东门社区店",
    provinceCode: "36",
    cityCode: "3607",
    districtCode: "360722",
    addressLine: "信丰县东门路 12 号",
    openingHours: "每天 9:00–20:00",
    leaderEmail: " Leader@Example.com ",
    leaderName: "王姐",
    leaderMobile: "138 0013 8000",
    commissionBps: "7.5",
    active: "on",
    ...o,
  });
  it("parses the commission as a percent into basis points, the email lower-cased", () => {
    const r = parsePoint(point());
    expect(r.ok && r.data).toMatchObject({
      leaderEmail: "leader@example.com",
      leaderMobile: "13800138000",
      commissionBps: 750,
      active: true,
    });
    expect(parsePoint(point({ active: undefined })).ok && true).toBe(true);
  });
  it("refuses by the field", () => {
    const e = (o: Record<string, unknown>) => {
      const r = parsePoint(point(o));
      return r.ok ? {} : r.errors;
    };
    expect(e({ commissionBps: "30.01" })).toEqual({
      commissionBps: "groupbuy.admin.error.commission",
    });
    expect(e({ commissionBps: "-1" })).toEqual({
      commissionBps: "groupbuy.admin.error.commission",
    });
    expect(e({ leaderMobile: "12345" })).toEqual({ leaderMobile: "groupbuy.admin.error.mobile" });
    expect(e({ leaderEmail: "nobody" })).toEqual({ leaderEmail: "error.email" });
    expect(e({ provinceCode: "99" })).toEqual({ provinceCode: "groupbuy.admin.error.province" });
    expect(e({ name: "a\u0000b" })).toEqual({ name: "error.invalid" });
    expect(e({ name: "" })).toEqual({ name: "error.required" });
  });
});
