import { Form, useNavigation } from "@remix-run/react";
import { Badge, Button, FormLayout, Select, TextField } from "@shopify/polaris";
import { useMemo, useState, type ComponentProps } from "react";
import { useI18n } from "~/lib/use-i18n";
import { inventoryTranslator } from "../messages";

export function useInventoryT() {
  const { locale } = useI18n();
  const t = useMemo(() => inventoryTranslator(locale), [locale]);
  return { locale, t };
}

type TextProps = Omit<ComponentProps<typeof TextField>, "value" | "onChange" | "autoComplete"> & {
  name: string;
  defaultValue?: string | number | null;
};

/** A Polaris text field that keeps its own state, so the browser posts it as a plain form field. */
export function PlainField({ defaultValue, ...props }: TextProps) {
  const [value, setValue] = useState(defaultValue == null ? "" : String(defaultValue));
  return <TextField {...props} autoComplete="off" value={value} onChange={setValue} />;
}

export function StockBadge({ available, lowAt }: { available: number; lowAt: number }) {
  const { t } = useInventoryT();
  if (available === 0) return <Badge tone="critical">{t("stock.outBadge")}</Badge>;
  if (available <= lowAt) return <Badge tone="warning">{t("stock.lowBadge")}</Badge>;
  return null;
}

export interface AdjustFormState {
  errors?: Partial<Record<"delta" | "reason", string>>;
  values?: { variantId?: string; delta?: string; reason?: string };
  current?: number;
}

/**
 * Quick adjustment: a signed change and why. With `variants` the user picks the pack; else
 * the form is for one `variantId`. Error values are messages.ts keys.
 */
export function AdjustForm({
  variantId,
  variants,
  state,
}: {
  variantId?: string;
  variants?: { value: string; label: string }[];
  state?: AdjustFormState;
}) {
  const { t } = useInventoryT();
  const busy = useNavigation().state === "submitting";
  const [picked, setPicked] = useState(
    state?.values?.variantId ?? variantId ?? variants?.[0]?.value ?? "",
  );
  const err = (k?: string) => (k ? t(k as never, { current: state?.current ?? "" }) : undefined);
  // Remount after a save so the fields clear.
  const key = JSON.stringify(state?.values ?? null);
  return (
    <Form method="post" key={key}>
      <input type="hidden" name="intent" value="adjust" />
      {variants ? null : <input type="hidden" name="variantId" value={variantId} />}
      <FormLayout>
        {variants ? (
          <Select
            label={t("stock.sku")}
            name="variantId"
            options={variants}
            value={picked}
            onChange={setPicked}
          />
        ) : null}
        <FormLayout.Group>
          <PlainField
            name="delta"
            label={t("stock.delta")}
            helpText={t("stock.deltaHelp")}
            inputMode="numeric"
            defaultValue={state?.values?.delta}
            error={err(state?.errors?.delta)}
          />
          <PlainField
            name="reason"
            label={t("stock.reason")}
            placeholder={t("stock.reasonPlaceholder")}
            defaultValue={state?.values?.reason}
            error={err(state?.errors?.reason)}
            maxLength={200}
          />
        </FormLayout.Group>
        <Button submit variant="primary" loading={busy}>
          {t("stock.apply")}
        </Button>
      </FormLayout>
    </Form>
  );
}
