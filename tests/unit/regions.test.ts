import { describe, expect, it } from "vitest";
import { citiesOf, districtsOf, resolveRegion } from "~/lib/regions.server";
import { loader } from "~/routes/api.regions";
import { callRoute } from "../setup/routes";

const api = (query: string) =>
  callRoute<Record<string, unknown>>(loader, { url: `http://localhost/api/regions${query}` });

describe("regions", () => {
  it("lists a province's cities and a city's districts by GB/T 2260 code", () => {
    expect(citiesOf("36")).toContainEqual({ code: "3607", name: "赣州市" });
    expect(districtsOf("3607")).toContainEqual({ code: "360722", name: "信丰县" });
    expect(citiesOf("36").every((c) => c.code.startsWith("36"))).toBe(true);
  });

  it("gives a municipality one city named after it, and a city without districts itself as district", () => {
    expect(citiesOf("11")).toEqual([{ code: "1101", name: "北京市" }]);
    expect(districtsOf("1101")).toContainEqual({ code: "110105", name: "朝阳区" });
    expect(districtsOf("4419")).toEqual([{ code: "441900", name: "东莞市" }]);
  });

  it("resolves names only for codes that belong together", () => {
    expect(resolveRegion({ province: "36", cityCode: "3607", districtCode: "360722" })).toEqual({
      city: "赣州市",
      district: "信丰县",
    });
    expect(resolveRegion({ province: "36", cityCode: "5101", districtCode: "510104" })).toBeNull();
    expect(resolveRegion({ province: "36", cityCode: "3607", districtCode: "360102" })).toBeNull();
    expect(resolveRegion({ province: "36", cityCode: "3699", districtCode: "369901" })).toBeNull();
  });
});

describe("GET /api/regions", () => {
  it("answers cities for a province and districts for a city, cacheable", async () => {
    const cities = await api("?province=36");
    expect(cities.status).toBe(200);
    expect(cities.data.cities).toContainEqual({ code: "3607", name: "赣州市" });
    expect(cities.headers.get("Cache-Control")).toMatch(/public, max-age=\d+/);
    const districts = await api("?city=3607");
    expect(districts.status).toBe(200);
    expect(districts.data.districts).toContainEqual({ code: "360722", name: "信丰县" });
  });

  it("answers an empty list for a province we list but have no divisions for (Taiwan)", async () => {
    const r = await api("?province=71");
    expect(r.status).toBe(200);
    expect(r.data.cities).toEqual([]);
  });

  it("refuses malformed queries with 422 and unknown codes with 404", async () => {
    for (const q of [
      "",
      "?province=3",
      "?province=abc",
      "?city=36",
      "?province=36&city=3607",
      "?city=36%0007",
    ]) {
      expect((await api(q)).status, q).toBe(422);
    }
    expect((await api("?province=99")).status).toBe(404);
    expect((await api("?city=3699")).status).toBe(404);
  });
});
