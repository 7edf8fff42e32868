import { describe, expect, it } from "vitest";
import { shippingMessages } from "~/shipping/messages";
import { parseTariffForm, tariffToForm, yuanToFen } from "~/shipping/tariff-form";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";

describe("tariff form", () => {
  it("round-trips the default tariff", () => {
    const form = tariffToForm(DEFAULT_TARIFF);
    expect(form["express.local.first"]).toBe("12.00");
    expect(form["cold_chain.remote.served"]).toBe("");
    expect(parseTariffForm(form)).toEqual({ ok: true, tariff: DEFAULT_TARIFF });
  });
  it("turns yuan into fen exactly", () => {
    expect(yuanToFen("12")).toBe(1200);
    expect(yuanToFen(" 0.1 ")).toBe(10);
    expect(yuanToFen("¥19.99")).toBe(1999);
    expect(yuanToFen("-3")).toBe(-300);
    expect(yuanToFen("")).toBeUndefined();
    for (const junk of ["1.234", "abc", "1e3", "1,000"]) expect(yuanToFen(junk)).toBeNaN();
  });
  it("names each bad field with a translated message key", () => {
    const form = tariffToForm(DEFAULT_TARIFF);
    form["express.local.first"] = "-1";
    form["economy.national.step"] = "";
    form["cold_chain.regional.days"] = "61";
    form["express.maxParcelG"] = "0";
    form["economy.divisor"] = "8000.5";
    form["express.remote.step"] = "abc";
    const r = parseTariffForm(form);
    expect(r).toEqual({
      ok: false,
      errors: {
        "express.local.first": "error.negative",
        "economy.national.step": "error.required",
        "cold_chain.regional.days": "error.days",
        "express.maxParcelG": "error.positive",
        "economy.divisor": "error.whole",
        "express.remote.step": "error.format",
      },
    });
    if (!r.ok)
      for (const key of Object.values(r.errors)) expect(shippingMessages.en[key]).toBeTruthy();
  });
  it("ignores the prices of a zone that is not served, and can serve a new one", () => {
    const form = tariffToForm(DEFAULT_TARIFF);
    form["economy.remote.served"] = "";
    form["economy.remote.first"] = "-5";
    form["cold_chain.remote.served"] = "on";
    form["cold_chain.remote.first"] = "45";
    form["cold_chain.remote.step"] = "15.5";
    form["cold_chain.remote.days"] = "3";
    const r = parseTariffForm(form);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.tariff.economy.zones.remote).toBeUndefined();
    expect(r.tariff.cold_chain.zones.remote).toEqual({
      firstFen: 4500,
      stepFen: 1550,
      transitDays: 3,
    });
  });
});
