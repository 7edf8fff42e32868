import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Checkbox, FormLayout, InlineStack } from "@shopify/polaris";
import { useState } from "react";
import { Field, HiddenIntent } from "../../components/admin/admin-fields";
import { useAdminT } from "../../components/admin/admin-i18n";
import { RegionSelects } from "../../components/admin/region-selects";
import type { RegionOption } from "../../lib/regions-client";
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

export type { RegionOption as Region } from "~/lib/regions-client";

/** The shared province → city → district selects, labelled for a pickup point. */
function PointRegionSelects({
  values,
  cities,
  districts,
  errors,
}: {
  values: PointFormValues;
  cities: RegionOption[];
  districts: RegionOption[];
  errors: Record<string, string>;
}) {
  const { t, err, locale } = useAdminT(groupbuyMessages);
  return (
    <RegionSelects
      locale={locale}
      labels={{
        province: t("groupbuy.admin.points.field.province"),
        city: t("groupbuy.admin.points.field.city"),
        district: t("groupbuy.admin.points.field.district"),
        choose: t("choose"),
      }}
      province={values.provinceCode ?? ""}
      cityCode={values.cityCode ?? ""}
      districtCode={values.districtCode ?? ""}
      cities={cities}
      districts={districts}
      errors={{
        provinceCode: err(errors.provinceCode),
        cityCode: err(errors.cityCode),
        districtCode: err(errors.districtCode),
      }}
    />
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
  cities: RegionOption[];
  districts: RegionOption[];
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
          <PointRegionSelects
            values={values}
            cities={cities}
            districts={districts}
            errors={errors}
          />
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
