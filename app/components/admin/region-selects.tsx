import { FormLayout, Select } from "@shopify/polaris";
import { useRef, useState } from "react";
import { PROVINCES } from "~/lib/regions";
import { fetchRegionOptions, regionLabel, type RegionOption } from "~/lib/regions-client";

/**
 * Province → city → district as Polaris selects, for a cooperative's or a pickup point's address,
 * as the checkout picks a shopper's (GB/T 2260 via /api/regions). The server renders the lists for the saved values; each change
 * fetches the next list and clears the choices below it, and a municipality's one city is chosen
 * for the owner.
 */
export function RegionSelects({
  locale,
  labels,
  province: savedProvince,
  cityCode: savedCity,
  districtCode: savedDistrict,
  cities: savedCities,
  districts: savedDistricts,
  errors,
  disabled,
}: {
  locale: "zh" | "en";
  labels: { province: string; city: string; district: string; choose: string };
  province: string;
  cityCode: string;
  districtCode: string;
  cities: RegionOption[];
  districts: RegionOption[];
  errors: { provinceCode?: string; cityCode?: string; districtCode?: string };
  disabled?: boolean;
}) {
  const [province, setProvince] = useState(savedProvince);
  const [cityCode, setCityCode] = useState(savedCity);
  const [districtCode, setDistrictCode] = useState(savedDistrict);
  const [cities, setCities] = useState(savedCities);
  const [districts, setDistricts] = useState(savedDistricts);
  // Only the answer to the latest change is used, however the requests finish.
  const latest = useRef(0);

  const chooseCity = async (code: string, ticket = ++latest.current) => {
    setCityCode(code);
    setDistrictCode("");
    setDistricts([]);
    const list = code ? await fetchRegionOptions({ city: code }) : [];
    if (ticket !== latest.current) return;
    setDistricts(list);
    if (list.length === 1) setDistrictCode(list[0]!.code);
  };
  const chooseProvince = async (code: string) => {
    setProvince(code);
    setCityCode("");
    setDistrictCode("");
    setCities([]);
    setDistricts([]);
    const ticket = ++latest.current;
    const list = code ? await fetchRegionOptions({ province: code }) : [];
    if (ticket !== latest.current) return;
    setCities(list);
    if (list.length === 1) await chooseCity(list[0]!.code, ticket);
  };
  const options = (list: RegionOption[]) => [
    { label: labels.choose, value: "" },
    ...list.map((r) => ({ label: regionLabel(r, locale), value: r.code })),
  ];
  return (
    <FormLayout.Group condensed>
      <Select
        name="provinceCode"
        label={labels.province}
        value={province}
        onChange={(v) => void chooseProvince(v)}
        error={errors.provinceCode}
        disabled={disabled}
        options={[
          { label: labels.choose, value: "" },
          ...Object.entries(PROVINCES).map(([code, p]) => ({ label: p[locale], value: code })),
        ]}
      />
      <Select
        name="cityCode"
        label={labels.city}
        value={cityCode}
        onChange={(v) => void chooseCity(v)}
        error={errors.cityCode}
        disabled={disabled}
        options={options(cities)}
      />
      <Select
        name="districtCode"
        label={labels.district}
        value={districtCode}
        onChange={setDistrictCode}
        error={errors.districtCode}
        disabled={disabled}
        options={options(districts)}
      />
    </FormLayout.Group>
  );
}
