/** A city or district as /api/regions lists it (GB/T 2260 code, Chinese name). */
export interface RegionOption {
  code: string;
  name: string;
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
