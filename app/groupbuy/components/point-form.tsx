import { Form, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Checkbox,
  FormLayout,
  InlineStack,
  Select,
} from "@shopify/polaris";
import { useRef, useState } from "react";
import { Field, HiddenIntent } from "../../components/admin/admin-fields";
import { useAdminT } from "../../components/admin/admin-i18n";
import { PROVINCES } from "../../lib/regions";
import { groupbuyMessages } from "../groupbuy-messages";

export type PointFormValues = Record<string, string | undefined>;

export const EMPTY_POINT_FORM: PointFormValues = {
  name: "",
  provinceCode: "",
  cityCode: "",
  districtCode: "",
  addressLine: "",
  openingHours: "",
  leaderEmail: "",
  leaderName: "",
  leaderMobile: "",
  commissionBps: "8",
  active: "on",
};

export interface Region {
  code: string;
  name: string;
}

async function fetchRegions(query: string, key: "cities" | "districts"): Promise<Region[]> {
  const res = await fetch(`/api/regions?${query}`);
  if (!res.ok) return [];
  const body = (await res.json()) as Partial<Record<typeof key, Region[]>>;
  return body[key] ?? [];
}

/**
 * Province → city → district, as Polaris selects. The server renders the lists for the current
 * values; each change fetches the next list from /api/regions and clears the choices below it.
 */
function RegionSelects({
  values,
  cities: initialCities,
  districts: initialDistricts,
  errors,
}: {
  values: PointFormValues;
  cities: Region[];
  districts: Region[];
  errors: Record<string, string>;
}) {
  const { t, err, locale } = useAdminT(groupbuyMessages);
  const [province, setProvince] = useState(values.provinceCode ?? "");
  const [city, setCity] = useState(values.cityCode ?? "");
  const [district, setDistrict] = useState(values.districtCode ?? "");
  const [cities, setCities] = useState(initialCities);
  const [districts, setDistricts] = useState(initialDistricts);
  const latest = useRef(0);
  const changeCity = async (code: string, ticket = ++latest.current) => {
    setCity(code);
    setDistrict("");
    setDistricts([]);
    const found = code ? await fetchRegions(`city=${code}`, "districts") : [];
    if (ticket !== latest.current) return;
    setDistricts(found);
    if (found.length === 1) setDistrict(found[0]!.code);
  };
  const changeProvince = async (code: string) => {
    setProvince(code);
    setCity("");
    setDistrict("");
    setCities([]);
    setDistricts([]);
    const ticket = ++latest.current;
    const found = code ? await fetchRegions(`province=${code}`, "cities") : [];
    if (ticket !== latest.current) return;
    setCities(found);
    // A municipality has one city: choose it and go straight to its districts.
    if (found.length === 1) await changeCity(found[0]!.code, ticket);
  };
  const options = (rs: Region[]) => rs.map((r) => ({ value: r.code, label: r.name }));
  return (
    <FormLayout.Group condensed>
      <Select
        name="provinceCode"
        label={t("groupbuy.admin.points.field.province")}
        placeholder={t("choose")}
        options={Object.entries(PROVINCES).map(([code, n]) => ({ value: code, label: n[locale] }))}
        value={province}
        onChange={(v) => void changeProvince(v)}
        error={err(errors.provinceCode)}
      />
      <Select
        name="cityCode"
        label={t("groupbuy.admin.points.field.city")}
        placeholder={t("choose")}
        options={options(cities)}
        value={city}
        onChange={(v) => void changeCity(v)}
        error={err(errors.cityCode)}
      />
      <Select
        name="districtCode"
        label={t("groupbuy.admin.points.field.district")}
        placeholder={t("choose")}
        options={options(districts)}
        value={district}
        onChange={setDistrict}
        error={err(errors.districtCode)}
      />
    </FormLayout.Group>
  );
}

/** The pickup point form, for a new point or an existing one (`pointId`: the form names it). */
export function PointForm({
  intent,
  pointId,
  values,
  errors,
  cities,
  districts,
}: {
  intent: "create" | "update";
  pointId?: string;
  values: PointFormValues;
  errors: Record<string, string>;
  cities: Region[];
  districts: Region[];
}) {
  const { t, err } = useAdminT(groupbuyMessages);
  const busy = useNavigation().state === "submitting";
  const [active, setActive] = useState(values.active === "on");
  return (
    <Form method="post" noValidate>
      <HiddenIntent intent={intent} />
      {pointId ? <input type="hidden" name="pointId" value={pointId} /> : null}
      <BlockStack gap="400">
        <FormLayout>
          <Field
            name="name"
            label={t("groupbuy.admin.points.field.name")}
            defaultValue={values.name}
            error={err(errors.name)}
          />
          <RegionSelects values={values} cities={cities} districts={districts} errors={errors} />
          <Field
            name="addressLine"
            label={t("groupbuy.admin.points.field.address")}
            defaultValue={values.addressLine}
            error={err(errors.addressLine)}
          />
          <Field
            name="openingHours"
            label={t("groupbuy.admin.points.field.hours")}
            helpText={t("groupbuy.admin.points.field.hoursHelp")}
            defaultValue={values.openingHours}
            error={err(errors.openingHours)}
          />
          <Field
            name="leaderEmail"
            type="email"
            label={t("groupbuy.admin.points.field.leaderEmail")}
            helpText={t("groupbuy.admin.points.field.leaderEmailHelp")}
            defaultValue={values.leaderEmail}
            error={err(errors.leaderEmail)}
          />
          <FormLayout.Group>
            <Field
              name="leaderName"
              label={t("groupbuy.admin.points.field.leaderName")}
              defaultValue={values.leaderName}
              error={err(errors.leaderName)}
            />
            <Field
              name="leaderMobile"
              type="tel"
              inputMode="tel"
              label={t("groupbuy.admin.points.field.leaderMobile")}
              defaultValue={values.leaderMobile}
              error={err(errors.leaderMobile)}
            />
          </FormLayout.Group>
          <Field
            name="commissionBps"
            inputMode="decimal"
            label={t("groupbuy.admin.points.field.commission")}
            helpText={t("groupbuy.admin.points.field.commissionHelp")}
            defaultValue={values.commissionBps}
            error={err(errors.commissionBps)}
            suffix="%"
          />
          <Checkbox
            name="active"
            value="on"
            label={t("groupbuy.admin.points.field.active")}
            checked={active}
            onChange={setActive}
            error={err(errors.active)}
          />
        </FormLayout>
        {errors.form ? <Banner tone="critical">{err(errors.form)}</Banner> : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {intent === "create"
              ? t("groupbuy.admin.points.create")
              : t("groupbuy.admin.points.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
