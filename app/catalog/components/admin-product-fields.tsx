import { BlockStack, FormLayout } from "@shopify/polaris";
import { CATEGORIES, STORAGE_CLASSES } from "../schemas";
import type { FieldErrors } from "../../lib/field-errors";
import type { VariantFormValues } from "../admin-schemas";
import { Field, MonthsField, SelectField } from "../../components/admin/admin-fields";
import { adminMessages } from "../admin-messages";
import { useAdminT } from "../../components/admin/admin-i18n";

export interface ProductFormValues {
  nameZh: string;
  nameEn: string;
  slug: string;
  descriptionZh: string;
  descriptionEn: string;
  originStoryZh: string;
  originStoryEn: string;
  category: string;
  storageClass: string;
  shelfLifeDays: string;
  seasonMonths: number[];
}

export const EMPTY_PRODUCT: ProductFormValues = {
  nameZh: "",
  nameEn: "",
  slug: "",
  descriptionZh: "",
  descriptionEn: "",
  originStoryZh: "",
  originStoryEn: "",
  category: "",
  storageClass: "ambient",
  shelfLifeDays: "",
  seasonMonths: [],
};

/** The product's own fields; `errors` keys are prefixed with `prefix` ("" or "product."). */
export function ProductFields({
  values,
  errors,
  prefix = "",
}: {
  values: ProductFormValues;
  errors: FieldErrors;
  prefix?: string;
}) {
  const { t, err } = useAdminT(adminMessages);
  const e = (k: string) => err(errors[`${prefix}${k}`]);
  return (
    <FormLayout>
      <FormLayout.Group>
        <Field
          name="nameZh"
          label={t("product.nameZh")}
          defaultValue={values.nameZh}
          error={e("nameZh")}
          requiredIndicator
        />
        <Field
          name="nameEn"
          label={t("product.nameEn")}
          defaultValue={values.nameEn}
          error={e("nameEn")}
        />
      </FormLayout.Group>
      <FormLayout.Group>
        <SelectField
          name="category"
          label={t("product.category")}
          placeholder={t("choose")}
          defaultValue={values.category}
          error={e("category")}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <SelectField
          name="storageClass"
          label={t("product.storageClass")}
          defaultValue={values.storageClass}
          error={e("storageClass")}
          options={STORAGE_CLASSES.map((s) => ({ value: s, label: t(`product.storage.${s}`) }))}
        />
        <Field
          name="shelfLifeDays"
          label={t("product.shelfLifeDays")}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          defaultValue={values.shelfLifeDays}
          error={e("shelfLifeDays")}
        />
      </FormLayout.Group>
      <MonthsField
        name="seasonMonths"
        legend={t("product.seasonMonths")}
        defaultValue={values.seasonMonths}
        error={e("seasonMonths")}
      />
      <Field
        name="descriptionZh"
        label={t("product.descriptionZh")}
        multiline={3}
        defaultValue={values.descriptionZh}
        error={e("descriptionZh")}
        requiredIndicator
      />
      <Field
        name="descriptionEn"
        label={t("product.descriptionEn")}
        multiline={3}
        defaultValue={values.descriptionEn}
        error={e("descriptionEn")}
      />
      <Field
        name="originStoryZh"
        label={t("product.originStoryZh")}
        multiline={2}
        defaultValue={values.originStoryZh}
        error={e("originStoryZh")}
      />
      <Field
        name="originStoryEn"
        label={t("product.originStoryEn")}
        multiline={2}
        defaultValue={values.originStoryEn}
        error={e("originStoryEn")}
      />
      <Field
        name="slug"
        label={t("product.slug")}
        helpText={t("product.slugHelp")}
        defaultValue={values.slug}
        error={e("slug")}
        prefix="/p/"
        autoComplete="off"
      />
    </FormLayout>
  );
}

export const EMPTY_VARIANT: VariantFormValues = {
  labelZh: "",
  labelEn: "",
  sku: "",
  priceFen: "",
  compareAtFen: "",
  netWeightG: "",
  shippingWeightG: "",
  lengthMm: "",
  widthMm: "",
  heightMm: "",
};

/** One pack's fields; `namePrefix` namespaces them when they share a form with the product. */
export function VariantFields({
  values,
  errors,
  namePrefix = "",
}: {
  values: VariantFormValues;
  errors: FieldErrors;
  namePrefix?: string;
}) {
  const { t, err } = useAdminT(adminMessages);
  const f = (k: keyof VariantFormValues) => ({
    name: `${namePrefix}${k}`,
    defaultValue: values[k],
    error: err(errors[`${namePrefix}${k}`]),
  });
  const decimal = { type: "text" as const, inputMode: "decimal" as const };
  return (
    <BlockStack gap="300">
      <FormLayout>
        <FormLayout.Group>
          <Field {...f("labelZh")} label={t("variant.labelZh")} requiredIndicator />
          <Field {...f("labelEn")} label={t("variant.labelEn")} />
        </FormLayout.Group>
        <FormLayout.Group>
          <Field
            {...f("priceFen")}
            {...decimal}
            label={t("variant.price")}
            prefix="¥"
            requiredIndicator
          />
          <Field {...f("compareAtFen")} {...decimal} label={t("variant.compareAt")} prefix="¥" />
          <Field
            {...f("sku")}
            label={t("variant.sku")}
            helpText={t("variant.skuHelp")}
            requiredIndicator
          />
        </FormLayout.Group>
        <FormLayout.Group>
          <Field
            {...f("netWeightG")}
            {...decimal}
            label={t("variant.netWeight")}
            requiredIndicator
          />
          <Field
            {...f("shippingWeightG")}
            {...decimal}
            label={t("variant.shippingWeight")}
            requiredIndicator
          />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <Field {...f("lengthMm")} {...decimal} label={t("variant.length")} requiredIndicator />
          <Field {...f("widthMm")} {...decimal} label={t("variant.width")} requiredIndicator />
          <Field {...f("heightMm")} {...decimal} label={t("variant.height")} requiredIndicator />
        </FormLayout.Group>
      </FormLayout>
    </BlockStack>
  );
}
