import { describe, expect, it } from "vitest";
import { citiesOf, districtsOf, resolveRegion, romanise } from "~/lib/regions.server";
import { PROVINCES } from "~/lib/regions";
import { loader } from "~/routes/api.regions";
import { callRoute } from "../setup/routes";

const api = (query: string) =>
  callRoute<Record<string, unknown>>(loader, { url: `http://localhost/api/regions${query}` });

describe("regions", () => {
  it("lists a province's cities and a city's districts by GB/T 2260 code", () => {
    expect(citiesOf("36")).toContainEqual({ code: "3607", name: "赣州市", en: "Ganzhou" });
    expect(districtsOf("3607")).toContainEqual({
      code: "360722",
      name: "信丰县",
      en: "Xinfeng County",
    });
    expect(citiesOf("36").every((c) => c.code.startsWith("36"))).toBe(true);
  });

  it("gives a municipality one city named after it, and a city without districts itself as district", () => {
    expect(citiesOf("11")).toEqual([{ code: "1101", name: "北京市", en: "Beijing" }]);
    expect(citiesOf("81")).toEqual([{ code: "8101", name: "香港特别行政区", en: "Hong Kong" }]);
    expect(districtsOf("1101")).toContainEqual({
      code: "110105",
      name: "朝阳区",
      en: "Chaoyang District",
    });
    expect(districtsOf("4419")).toEqual([{ code: "441900", name: "东莞市", en: "Dongguan" }]);
  });

  it("romanises names as places are written in English, with their own readings", () => {
    expect(
      ["长沙市", "厦门市", "六安市", "西安市", "番禺区", "大兴安岭地区", "浦东新区"].map(romanise),
    ).toEqual([
      "Changsha",
      "Xiamen",
      "Lu'an",
      "Xi'an",
      "Panyu District",
      "Daxing'anling Prefecture",
      "Pudong New Area",
    ]);
    expect(romanise("延边朝鲜族自治州")).toBe("Yanbian Korean Autonomous Prefecture");
    expect(romanise("湘西土家族苗族自治州")).toBe("Xiangxi Tujia and Miao Autonomous Prefecture");
    expect(romanise("双江拉祜族佤族布朗族傣族自治县")).toBe(
      "Shuangjiang Lahu, Va, Blang and Dai Autonomous County",
    );
    expect(romanise("鄂温克族自治旗")).toBe("Ewenki Autonomous Banner");
  });

  it("names every city and district in English", () => {
    for (const province of Object.keys(PROVINCES).filter((p) => p !== "71"))
      for (const city of citiesOf(province)) {
        expect(city.en).toMatch(/^[A-Z][A-Za-zü' ,-]+$/);
        for (const d of districtsOf(city.code)) expect(d.en).toMatch(/^[A-Z][A-Za-zü' ,-]+$/);
      }
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
    expect(cities.data.cities).toContainEqual({ code: "3607", name: "赣州市", en: "Ganzhou" });
    expect(cities.headers.get("Cache-Control")).toMatch(/public, max-age=\d+/);
    const districts = await api("?city=3607");
    expect(districts.status).toBe(200);
    expect(districts.data.districts).toContainEqual({
      code: "360722",
      name: "信丰县",
      en: "Xinfeng County",
    });
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
