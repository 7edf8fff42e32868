import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, FormLayout, InlineStack, Select } from "@shopify/polaris";
import { useState } from "react";
import { DEPOSIT_KINDS, LAPSE_DEPOSITS, SHORT_DEFAULTS } from "../../../db/presale-schema";
import { Field, HiddenIntent, SelectField } from "../../components/admin/admin-fields";
import { useAdminT } from "../../components/admin/admin-i18n";
import { pick } from "../../lib/i18n";
import { presaleMessages } from "../presale-messages";

/** What the owner typed (or the stored terms, written back as they would type them). */
export interface PresaleFormValues {
  variantId: string;
  priceFen: string;
  depositKind: string;
  depositFixed: string;
  depositPercent: string;
  cap: string;
  startsAt: string;
  endsAt: string;
  harvestFrom: string;
  harvestTo: string;
  shortDefault: string;
  lapseDeposit: string;
  policyZh: string;
  policyEn: string;
  deadlineHours: string;
}

export const EMPTY_PRESALE_FORM: PresaleFormValues = {
  variantId: "",
  priceFen: "",
  depositKind: "percent",
  depositFixed: "",
  depositPercent: "30",
  cap: "",
  startsAt: "",
  endsAt: "",
  harvestFrom: "",
  harvestTo: "",
  shortDefault: "wait",
  lapseDeposit: "refund",
  policyZh: "",
  policyEn: "",
  deadlineHours: "48",
};

export interface PackOption {
  id: string;
  labelZh: string;
  labelEn: string;
  productNameZh: string;
  productNameEn: string;
}

/**
 * The presale terms form, for a new presale (`packs`: choose the pack) or an existing one
 * (`offerId`: the form names it, so a mangled form is refused). `committed`: packs already
 * ordered, which the cap cannot go below.
 */
export function PresaleForm({
  intent,
  offerId,
  packs,
  values,
  errors,
  committed,
}: {
  intent: "create" | "update";
  offerId?: string;
  packs?: PackOption[];
  values: PresaleFormValues;
  errors: Record<string, string>;
  committed: number;
}) {
  const { t, err, locale } = useAdminT(presaleMessages);
  const [kind, setKind] = useState(values.depositKind || "percent");
  const busy = useNavigation().state === "submitting";
  const capError =
    errors.cap === "presale.admin.error.capBelowSold"
      ? t("presale.admin.error.capBelowSold", { count: committed })
      : err(errors.cap);
  return (
    <Form method="post" noValidate>
      <HiddenIntent intent={intent} />
      {offerId ? <input type="hidden" name="offerId" value={offerId} /> : null}
      <BlockStack gap="300">
        <FormLayout>
          {packs ? (
            <SelectField
              name="variantId"
              label={t("presale.admin.field.pack")}
              placeholder={t("choose")}
              defaultValue={values.variantId}
              error={err(errors.variantId)}
              options={packs.map((p) => ({
                value: p.id,
                label: `${pick({ nameZh: p.productNameZh, nameEn: p.productNameEn }, "name", locale)} · ${pick(p, "label", locale)}`,
              }))}
            />
          ) : null}
          <FormLayout.Group>
            <Field
              name="priceFen"
              inputMode="decimal"
              label={t("presale.admin.field.price")}
              defaultValue={values.priceFen}
              error={err(errors.priceFen)}
            />
            <Field
              name="cap"
              inputMode="numeric"
              label={t("presale.admin.field.cap")}
              helpText={
                intent === "update"
                  ? t("presale.admin.field.capHelp", { count: committed })
                  : undefined
              }
              defaultValue={values.cap}
              error={capError}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Select
              name="depositKind"
              label={t("presale.admin.field.depositKind")}
              options={DEPOSIT_KINDS.map((k) => ({
                value: k,
                label: t(`presale.admin.kind.${k}`),
              }))}
              value={kind}
              onChange={setKind}
              error={err(errors.depositKind)}
            />
            {kind === "fixed" ? (
              <Field
                name="depositFixed"
                inputMode="decimal"
                label={t("presale.admin.field.depositFixed")}
                defaultValue={values.depositFixed}
                error={err(errors.depositFixed)}
              />
            ) : kind === "percent" ? (
              <Field
                name="depositPercent"
                inputMode="numeric"
                label={t("presale.admin.field.depositPercent")}
                defaultValue={values.depositPercent}
                error={err(errors.depositPercent)}
              />
            ) : (
              <span />
            )}
          </FormLayout.Group>
          <FormLayout.Group>
            <Field
              name="startsAt"
              type="datetime-local"
              label={t("presale.admin.field.startsAt")}
              defaultValue={values.startsAt}
              error={err(errors.startsAt)}
            />
            <Field
              name="endsAt"
              type="datetime-local"
              label={t("presale.admin.field.endsAt")}
              defaultValue={values.endsAt}
              error={err(errors.endsAt)}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Field
              name="harvestFrom"
              type="date"
              label={t("presale.admin.field.harvestFrom")}
              defaultValue={values.harvestFrom}
              error={err(errors.harvestFrom)}
            />
            <Field
              name="harvestTo"
              type="date"
              label={t("presale.admin.field.harvestTo")}
              defaultValue={values.harvestTo}
              error={err(errors.harvestTo)}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <SelectField
              name="shortDefault"
              label={t("presale.admin.field.shortDefault")}
              defaultValue={values.shortDefault}
              error={err(errors.shortDefault)}
              options={SHORT_DEFAULTS.map((s) => ({
                value: s,
                label: t(`presale.admin.short.${s}`),
              }))}
            />
            <SelectField
              name="lapseDeposit"
              label={t("presale.admin.field.lapseDeposit")}
              defaultValue={values.lapseDeposit}
              error={err(errors.lapseDeposit)}
              options={LAPSE_DEPOSITS.map((s) => ({
                value: s,
                label: t(`presale.admin.lapse.${s}`),
              }))}
            />
            <Field
              name="deadlineHours"
              inputMode="numeric"
              label={t("presale.admin.field.deadlineHours")}
              helpText={t("presale.admin.field.deadlineHelp")}
              defaultValue={values.deadlineHours}
              error={err(errors.deadlineHours)}
            />
          </FormLayout.Group>
          <Field
            name="policyZh"
            multiline={3}
            label={t("presale.admin.field.policyZh")}
            defaultValue={values.policyZh}
            error={err(errors.policyZh)}
          />
          <Field
            name="policyEn"
            multiline={3}
            label={t("presale.admin.field.policyEn")}
            defaultValue={values.policyEn}
            error={err(errors.policyEn)}
          />
        </FormLayout>
        {errors.form ? <Banner tone="critical">{err(errors.form)}</Banner> : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {intent === "create" ? t("presale.admin.create") : t("presale.admin.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
