import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineGrid,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { requirePlatformAdmin } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useI18n } from "~/lib/use-i18n";
import { shippingTranslator } from "~/shipping/messages";
import {
  parseTariffForm,
  tariffToForm,
  zoneField,
  type TariffFormErrors,
  type TariffFormValues,
} from "~/shipping/tariff-form";
import { SERVICES, ZONES, type Service } from "~/shipping/tariffs";
import { loadTariffForEditing, saveTariff } from "~/shipping/tariffs.server";
import { readForm } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { tariff, changed } = await loadTariffForEditing();
  return { values: tariffToForm(tariff), changed };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePlatformAdmin(request);
  const form = await readForm(request);
  const values: TariffFormValues = {};
  for (const [k, v] of form) if (typeof v === "string" && k.length < 64) values[k] = v.slice(0, 32);
  const parsed = parseTariffForm(values);
  if (!parsed.ok)
    return data({ ok: false as const, errors: parsed.errors, values }, { status: 422 });
  await saveTariff({ tariff: parsed.tariff, by: user.email });
  return { ok: true as const };
}

export default function TariffEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useI18n();
  const t = useMemo(() => shippingTranslator(locale), [locale]);
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : undefined;
  const errors: TariffFormErrors = failed?.errors ?? {};
  const count = Object.keys(errors).length;
  // The save button is at the bottom of a long form: after a refusal go to the first bad field
  // (its message is beside it), after a save back up to the confirmation.
  useEffect(() => {
    if (!result) return;
    if (result.ok) window.scrollTo({ top: 0 });
    else document.getElementById(Object.keys(result.errors)[0] ?? "")?.focus();
  }, [result]);
  const changedNote = ({ by, at }: { by: string; at: string }) => {
    if (!by || by === "migration") return t("tariffs.default");
    const when = new Date(at).toLocaleString(locale === "zh" ? "zh-CN" : "en-GB", {
      timeZone: "Asia/Shanghai",
      dateStyle: "medium",
      timeStyle: "short",
    });
    return t("tariffs.changed", { by, at: when });
  };
  return (
    <Page title={t("tariffs.title")} subtitle={t("tariffs.subtitle")}>
      {/* A new submission result (or a save) starts the fields from the right values. */}
      <Form method="post" key={JSON.stringify(failed?.values ?? loaded.values)} noValidate>
        <BlockStack gap="400">
          {result?.ok ? <Banner tone="success">{t("tariffs.saved")}</Banner> : null}
          {count ? <Banner tone="critical">{t("tariffs.invalid", { count })}</Banner> : null}
          {/* Cards go edge to edge on a phone; loose text needs its own inset there. */}
          <Box paddingInline={{ xs: "400", sm: "0" }}>
            <Text as="p" tone="subdued">
              {t("tariffs.rules")}
            </Text>
          </Box>
          {SERVICES.map((service) => (
            <ServiceCard
              key={service}
              service={service}
              initial={failed?.values ?? loaded.values}
              errors={errors}
              changed={changedNote(loaded.changed[service])}
              t={t}
            />
          ))}
          <Box paddingBlockEnd="800">
            <Button submit variant="primary" loading={busy}>
              {t("tariffs.save")}
            </Button>
          </Box>
        </BlockStack>
      </Form>
    </Page>
  );
}

type T = ReturnType<typeof shippingTranslator>;

function ServiceCard({
  service,
  initial,
  errors,
  changed,
  t,
}: {
  service: Service;
  initial: TariffFormValues;
  errors: TariffFormErrors;
  changed: string;
  t: T;
}) {
  const [values, setValues] = useState(initial);
  const field = (
    name: string,
    label: string,
    extra: { prefix?: string; inputMode?: "decimal" | "numeric" } = {},
  ) => (
    <TextField
      label={label}
      name={name}
      id={name}
      value={values[name] ?? ""}
      onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
      error={errors[name] ? t(errors[name]) : undefined}
      autoComplete="off"
      inputMode={extra.inputMode ?? "numeric"}
      prefix={extra.prefix}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t(`service.${service}`)}
          </Text>
          {changed ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {changed}
            </Text>
          ) : null}
        </BlockStack>
        <FormLayout>
          <FormLayout.Group condensed>
            {field(`${service}.maxParcelG`, t("field.maxParcel"))}
            {field(`${service}.divisor`, t("field.divisor"))}
          </FormLayout.Group>
        </FormLayout>
        {ZONES.map((zone) => {
          const served = zoneField(service, zone, "served");
          const on = Boolean(values[served]);
          return (
            <BlockStack gap="200" key={zone}>
              <Checkbox
                label={t("field.served", { zone: t(`zone.${zone}`) })}
                name={served}
                value="on"
                checked={on}
                onChange={(checked) =>
                  setValues((old) => ({ ...old, [served]: checked ? "on" : "" }))
                }
              />
              {on ? (
                <InlineGrid columns={3} gap="200">
                  {field(zoneField(service, zone, "first"), t("field.first"), {
                    prefix: "¥",
                    inputMode: "decimal",
                  })}
                  {field(zoneField(service, zone, "step"), t("field.step"), {
                    prefix: "¥",
                    inputMode: "decimal",
                  })}
                  {field(zoneField(service, zone, "days"), t("field.days"))}
                </InlineGrid>
              ) : (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("field.notServed")}
                </Text>
              )}
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}

export const ErrorBoundary = AdminErrorContent;
