import { describe, expect, it } from "vitest";
import { PROVINCES } from "~/lib/regions";
import { REGIONS, isServedProvince, provinceRegion, zoneFor } from "~/shipping/zones";

describe("zoneFor", () => {
  it("is local when origin and destination are the same province", () => {
    expect(zoneFor("36", "36")).toBe("local");
  });
  it("local wins over remote: Xinjiang to Xinjiang is local", () => {
    expect(zoneFor("65", "65")).toBe("local");
    expect(zoneFor("15", "15")).toBe("local");
  });
  it.each(["15", "46", "54", "62", "63", "64", "65"])("is remote for destination %s", (to) => {
    expect(zoneFor("36", to)).toBe("remote");
  });
  it("remote wins over regional: Shaanxi to Gansu, Guangdong to Hainan, Beijing to Inner Mongolia", () => {
    expect(zoneFor("61", "62")).toBe("remote");
    expect(zoneFor("44", "46")).toBe("remote");
    expect(zoneFor("11", "15")).toBe("remote");
  });
  it("remote depends only on the destination", () => {
    expect(zoneFor("65", "36")).toBe("national");
    expect(zoneFor("15", "11")).toBe("regional");
  });
  it("is regional inside one region", () => {
    expect(zoneFor("36", "31")).toBe("regional");
    expect(zoneFor("21", "23")).toBe("regional");
    expect(zoneFor("50", "53")).toBe("regional");
    expect(zoneFor("41", "43")).toBe("regional");
  });
  it("is national across regions", () => {
    expect(zoneFor("36", "44")).toBe("national");
    expect(zoneFor("14", "31")).toBe("national");
    expect(zoneFor("43", "11")).toBe("national");
  });
});

describe("regions", () => {
  it("put every served province in exactly one region", () => {
    const all = Object.values(REGIONS).flat();
    expect(new Set(all).size).toBe(all.length);
    const served = Object.keys(PROVINCES).filter(isServedProvince);
    expect([...all].sort()).toEqual(served.sort());
    expect(provinceRegion("36")).toBe("east");
    expect(provinceRegion("71")).toBeUndefined();
  });
  it("Taiwan, Hong Kong and Macao are known but not served; unknown codes are neither", () => {
    for (const code of ["71", "81", "82", "99", "1"]) expect(isServedProvince(code)).toBe(false);
    expect(isServedProvince("11")).toBe(true);
  });
});
