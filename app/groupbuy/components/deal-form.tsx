import { Form, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Checkbox,
  FormLayout,
  InlineError,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { useId, useState } from "react";
import { Field, HiddenIntent, SelectField } from "../../components/admin/admin-fields";
import { useAdminT } from "../../components/admin/admin-i18n";
import { pick } from "../../lib/i18n";
import { groupbuyMessages } from "../groupbuy-messages";
import { HOLD_DAYS, holdModeFor } from "../hold-mode";
import { EXTRA_TIERS } from "../schemas";

/** What the owner typed (or the stored terms, written back as they would type them). */
export type DealFormValues = Record<string, string | string[] | undefined>;

export const EMPTY_DEAL_FORM: DealFormValues = {
  variantId: "",
  priceFen: "",
  minQuantity: "",
  maxQuantity: "",
  endsAt: "",
  pickupPointIds: [],
  allowHomeDelivery: "",
};

export interface DealPackOption {
  id: string;
  labelZh: string;
  labelEn: string;
  productNameZh: string;
  productNameEn: string;
  available: number;
}

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
const list = (v: string | string[] | undefined) =>
  Array.isArray(v) ? v : typeof v === "string" && v ? [v] : [];

/** The deadline as typed (datetime-local, Beijing time) → how joins will pay, or null if not a time. */
function modeOf(endsAt: string, nowIso: string) {
  const at = new Date(`${endsAt.length === 16 ? `${endsAt}:00` : endsAt}+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(endsAt) || Number.isNaN(at.getTime())) return null;
  return holdModeFor({ endsAt: at, now: new Date(nowIso) });
}

/**
 * The deal form, for a new deal (`packs`: choose the pack) or an existing one (`offerId`: the
 * form names it, so a mangled form is refused). `joined`: packs already joined; once there are
 * some, the tiers and the minimum are shown fixed and the payment mode stays `holdMode`.
 */
export function DealForm({
  intent,
  offerId,
  packs,
  points,
  values,
  errors,
  errorCount,
  joined,
  holdMode,
  nowIso,
}: {
  intent: "create" | "update";
  offerId?: string;
  packs?: DealPackOption[];
  points: { id: string; name: string; addressLine: string }[];
  values: DealFormValues;
  errors: Record<string, string>;
  /** The figure a count-bearing error speaks of (stock left, packs joined). */
  errorCount?: number;
  joined: number;
  holdMode?: "authorize" | "charge";
  nowIso: string;
}) {
  const { t, err, locale } = useAdminT(groupbuyMessages);
  const busy = useNavigation().state === "submitting";
  const [endsAt, setEndsAt] = useState(str(values.endsAt));
  const [chosen, setChosen] = useState(() => new Set(list(values.pickupPointIds)));
  const [home, setHome] = useState(str(values.allowHomeDelivery) === "on");
  const pointsId = useId();
  const locked = joined > 0;
  const mode = locked ? null : modeOf(endsAt, nowIso);
  const counted = (key: string | undefined) =>
    key === "groupbuy.admin.error.maxAboveStock" || key === "groupbuy.admin.error.maxBelowJoined"
      ? t(key, { count: errorCount ?? 0 })
      : err(key);
  return (
    <Form method="post" noValidate>
      <HiddenIntent intent={intent} />
      {offerId ? <input type="hidden" name="offerId" value={offerId} /> : null}
      <BlockStack gap="400">
        {locked ? <Banner tone="info">{t("groupbuy.admin.lockedNote")}</Banner> : null}
        <FormLayout>
          {packs ? (
            <SelectField
              name="variantId"
              label={t("groupbuy.admin.field.pack")}
              placeholder={t("choose")}
              defaultValue={str(values.variantId)}
              error={err(errors.variantId)}
              options={packs.map((p) => ({
                value: p.id,
                label: t("groupbuy.admin.field.packOption", {
                  name: `${pick({ nameZh: p.productNameZh, nameEn: p.productNameEn }, "name", locale)} · ${pick(p, "label", locale)}`,
                  available: p.available,
                }),
              }))}
            />
          ) : null}
          <Field
            name="priceFen"
            inputMode="decimal"
            label={t("groupbuy.admin.field.price")}
            helpText={t("groupbuy.admin.field.priceHelp")}
            defaultValue={str(values.priceFen)}
            error={err(errors.priceFen)}
            readOnly={locked}
          />
        </FormLayout>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("groupbuy.admin.tiers")}
          </Text>
          <Text as="p" tone="subdued">
            {t("groupbuy.admin.tiersHelp")}
          </Text>
          <FormLayout>
            {EXTRA_TIERS.map((n) => (
              <FormLayout.Group key={n} condensed>
                <Field
                  name={`tierMin${n}`}
                  inputMode="numeric"
                  label={t("groupbuy.admin.field.tierMin", { n })}
                  defaultValue={str(values[`tierMin${n}`])}
                  error={err(errors[`tierMin${n}`])}
                  readOnly={locked}
                />
                <Field
                  name={`tierPrice${n}`}
                  inputMode="decimal"
                  label={t("groupbuy.admin.field.tierPrice", { n })}
                  defaultValue={str(values[`tierPrice${n}`])}
                  error={err(errors[`tierPrice${n}`])}
                  readOnly={locked}
                />
              </FormLayout.Group>
            ))}
          </FormLayout>
        </BlockStack>
        <FormLayout>
          <FormLayout.Group>
            <Field
              name="minQuantity"
              inputMode="numeric"
              label={t("groupbuy.admin.field.minQuantity")}
              helpText={t("groupbuy.admin.field.minHelp")}
              defaultValue={str(values.minQuantity)}
              error={err(errors.minQuantity)}
              readOnly={locked}
            />
            <Field
              name="maxQuantity"
              inputMode="numeric"
              label={t("groupbuy.admin.field.maxQuantity")}
              helpText={
                locked
                  ? t("groupbuy.admin.field.maxHelpJoined", { count: joined })
                  : t("groupbuy.admin.field.maxHelp")
              }
              defaultValue={str(values.maxQuantity)}
              error={counted(errors.maxQuantity)}
            />
          </FormLayout.Group>
          <TextField
            name="endsAt"
            type="datetime-local"
            label={t("groupbuy.admin.field.endsAt")}
            value={endsAt}
            onChange={setEndsAt}
            error={err(errors.endsAt)}
            autoComplete="off"
          />
        </FormLayout>
        {locked && holdMode ? (
          <Text as="p" tone="subdued">
            {t(`groupbuy.admin.hold.fixed.${holdMode}`)}
          </Text>
        ) : mode ? (
          <Banner tone={mode === "authorize" ? "info" : "warning"}>
            {t(`groupbuy.admin.hold.${mode}`, { days: HOLD_DAYS })}
          </Banner>
        ) : null}
        <fieldset
          style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}
          aria-describedby={errors.pickupPointIds ? `${pointsId}Error` : undefined}
        >
          <legend style={{ padding: 0, marginBottom: "var(--p-space-200)" }}>
            <Text as="span" variant="headingSm">
              {t("groupbuy.admin.delivery")}
            </Text>
          </legend>
          <BlockStack gap="100">
            {points.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("groupbuy.admin.noPoints")}
              </Text>
            ) : (
              points.map((p) => (
                <Checkbox
                  key={p.id}
                  name="pickupPointIds"
                  value={p.id}
                  label={p.name}
                  helpText={p.addressLine}
                  checked={chosen.has(p.id)}
                  onChange={(on) =>
                    setChosen((s) => {
                      const next = new Set(s);
                      if (on) next.add(p.id);
                      else next.delete(p.id);
                      return next;
                    })
                  }
                />
              ))
            )}
            <Checkbox
              name="allowHomeDelivery"
              value="on"
              label={t("groupbuy.admin.field.home")}
              checked={home}
              onChange={setHome}
              error={err(errors.allowHomeDelivery)}
            />
          </BlockStack>
          {errors.pickupPointIds ? (
            <div style={{ marginTop: "var(--p-space-100)" }}>
              <InlineError message={err(errors.pickupPointIds) ?? ""} fieldID={pointsId} />
            </div>
          ) : null}
        </fieldset>
        {errors.form ? <Banner tone="critical">{err(errors.form)}</Banner> : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {intent === "create" ? t("groupbuy.admin.create") : t("groupbuy.admin.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
