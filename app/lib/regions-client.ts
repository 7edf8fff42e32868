/**
 * A city or district as /api/regions lists it: GB/T 2260 code, the Chinese name addresses and
 * labels are written with, and its English name.
 */
export interface RegionOption {
  code: string;
  name: string;
  en?: string;
}

/** How a picker shows it: 赣州市, or Ganzhou (赣州市) on an English page. */
export function regionLabel(r: RegionOption, locale: "zh" | "en"): string {
  return locale === "en" && r.en ? `${r.en} (${r.name})` : r.name;
}

/** The cities of a province or the districts of a city, from /api/regions; empty when it fails. */
export async function fetchRegionOptions(
  query: { province: string } | { city: string },
): Promise<RegionOption[]> {
  const res = await fetch(`/api/regions?${new URLSearchParams(query)}`);
  if (!res.ok) return [];
  const body = (await res.json()) as { cities?: RegionOption[]; districts?: RegionOption[] };
  return body.cities ?? body.districts ?? [];
}
