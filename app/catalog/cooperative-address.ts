import { provinceName } from "../lib/regions";

/*
 * The cooperative as the sender of its parcels. Pure: shared by every module that ships for it
 * (orders, group-buy pickup points), so a label prints its address one way.
 */

const PROVINCE_SUFFIX = /^(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)/;

/**
 * The street part of an address typed before the profile had a province/city/district picker,
 * when it repeats them ("江西省赣州市信丰县安西镇…" → "安西镇…"): the label prints the place from
 * the structured parts, so a repeated prefix would print twice.
 */
export function streetLine(
  address: string,
  { provinceCode, place }: { provinceCode: string; place: readonly string[] },
): string {
  let rest = address.trim();
  const province = provinceName(provinceCode, "zh");
  // Only a province followed by its suffix or by the city ("江西省…", "江西赣州市…"), never a street
  // that happens to start with its name ("江西大道 1 号").
  if (province && rest.startsWith(province)) {
    const after = rest.slice(province.length);
    if (PROVINCE_SUFFIX.test(after)) rest = after.replace(PROVINCE_SUFFIX, "");
    else if (place.some((name) => name && after.startsWith(name))) rest = after;
  }
  for (const name of place)
    if (name && rest.startsWith(name)) rest = rest.slice(name.length).trimStart();
  // Never print an empty street: keep what was typed if it was nothing but the place.
  return rest.trim() || address.trim();
}

/** Sender of the cooperative's parcels: its name and own phone, its place once, then the street. */
export function cooperativeSender(c: {
  nameZh: string;
  contactPhone: string;
  provinceCode: string;
  cityZh: string;
  addressZh: string;
}) {
  return {
    name: c.nameZh,
    phone: c.contactPhone,
    province: c.provinceCode,
    city: c.cityZh,
    address: streetLine(c.addressZh, { provinceCode: c.provinceCode, place: [c.cityZh] }),
  };
}
