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
  InlineStack,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { requireAdminUser } from "~/auth/session.server";
import {
  getCooperativeProfile,
  setFreeShippingThreshold,
} from "~/catalog/admin-cooperatives.server";
import { freeShippingFormSchema, freeShippingInput } from "~/catalog/free-shipping";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useI18n } from "~/lib/use-i18n";
import { shippingTranslator, type ShippingMessageKey } from "~/shipping/messages";
import { formatDateTime } from "~/lib/dates";
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

/**
 * The shipping page: the platform's tariff (platform admins) and the current cooperative's
 * free-shipping threshold (its owners set it; staff see it).
 */
async function shippingContext(request: Request) {
  const user = await requireAdminUser(request);
  // A platform admin can edit the tariff before any cooperative exists.
  const ctx = await requireCooperativeContext(request).catch((error: unknown) => {
    if (user.role === "admin" && error instanceof Response && error.status === 404) return null;
    throw error;
  });
  return { user, ctx, canSetFree: ctx?.role === "owner" || ctx?.role === "admin" };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ctx, canSetFree } = await shippingContext(request);
  const editing = user.role === "admin" ? await loadTariffForEditing() : null;
  const coop = ctx ? await getCooperativeProfile({ cooperativeId: ctx.cooperative.id }) : null;
  return {
    values: editing ? tariffToForm(editing.tariff) : null,
    changed: editing?.changed ?? null,
    free: coop
      ? {
          cooperativeNameZh: coop.nameZh,
          cooperativeNameEn: coop.nameEn,
          minFen: coop.freeShippingMinFen,
          input: freeShippingInput(coop.freeShippingMinFen),
          canEdit: canSetFree,
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, ctx, canSetFree } = await shippingContext(request);
  const form = await readForm(request);
  const intent = form.get("intent") ?? "tariff";
  switch (intent) {
    case "tariff": {
      if (user.role !== "admin")
        throw new Response("Forbidden: platform admins only", { status: 403 });
      const values: TariffFormValues = {};
      for (const [k, v] of form)
        if (typeof v === "string" && k.length < 64 && k !== "intent") values[k] = v.slice(0, 32);
      const parsed = parseTariffForm(values);
      if (!parsed.ok)
        return data(
          { ok: false as const, intent: "tariff" as const, errors: parsed.errors, values },
          { status: 422 },
        );
      await saveTariff({ tariff: parsed.tariff, by: user.email });
      return { ok: true as const, intent: "tariff" as const };
    }
    case "free_shipping": {
      if (!ctx || !canSetFree)
        throw new Response("Forbidden: the cooperative's owners only", { status: 403 });
      const raw = form.get("freeShippingMin");
      const parsed = freeShippingFormSchema.safeParse({ freeShippingMin: raw });
      if (!parsed.success)
        return data(
          {
            ok: false as const,
            intent: "free_shipping" as const,
            errors: { freeShippingMin: parsed.error.issues[0]?.message ?? "error.format" },
            values: { freeShippingMin: typeof raw === "string" ? raw.slice(0, 32) : "" },
          },
          { status: 422 },
        );
      await setFreeShippingThreshold({
        cooperativeId: ctx.cooperative.id,
        minFen: parsed.data.freeShippingMin,
      });
      return { ok: true as const, intent: "free_shipping" as const };
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function ShippingPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useI18n();
  const t = useMemo(() => shippingTranslator(locale), [locale]);
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : undefined;
  // After a refusal go to the first bad field (its message is beside it), after a save back up
  // to the confirmation.
  useEffect(() => {
    if (!result) return;
    if (result.ok) window.scrollTo({ top: 0 });
    else document.getElementById(Object.keys(result.errors)[0] ?? "")?.focus();
  }, [result]);
  return (
    <Page
      title={loaded.values ? t("tariffs.title") : t("free.pageTitle")}
      subtitle={loaded.values ? t("tariffs.subtitle") : undefined}
    >
      <BlockStack gap="400">
        {loaded.free ? (
          <FreeShippingCard
            free={loaded.free}
            locale={locale}
            t={t}
            busy={busy}
            saved={result?.ok && result.intent === "free_shipping"}
            failed={failed?.intent === "free_shipping" ? failed : undefined}
          />
        ) : null}
        {loaded.values && loaded.changed ? (
          <TariffForm
            values={loaded.values}
            changed={loaded.changed}
            locale={locale}
            t={t}
            busy={busy}
            saved={result?.ok && result.intent === "tariff"}
            failed={failed?.intent === "tariff" ? failed : undefined}
          />
        ) : null}
      </BlockStack>
    </Page>
  );
}

function FreeShippingCard({
  free,
  locale,
  t,
  busy,
  saved,
  failed,
}: {
  free: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["free"]>;
  locale: "zh" | "en";
  t: T;
  busy: boolean;
  saved: boolean | undefined;
  failed: { errors: Record<string, string>; values: Record<string, string> } | undefined;
}) {
  const name = pick(
    { nameZh: free.cooperativeNameZh, nameEn: free.cooperativeNameEn },
    "name",
    locale,
  );
  const [value, setValue] = useState(failed?.values.freeShippingMin ?? free.input);
  const error = failed?.errors.freeShippingMin;
  return (
    <Form method="post" noValidate key={JSON.stringify([free.input, failed?.values])}>
      <input type="hidden" name="intent" value="free_shipping" />
      <Card>
        <BlockStack gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("free.title")}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {t("free.for", { name })} ·{" "}
              {free.minFen === null
                ? t("free.off")
                : t("free.on", { amount: formatFen(free.minFen, locale) })}
            </Text>
          </BlockStack>
          {saved ? (
            <Banner tone="success">
              {t("free.saved", {
                what:
                  free.minFen === null
                    ? t("free.off")
                    : t("free.on", { amount: formatFen(free.minFen, locale) }),
              })}
            </Banner>
          ) : null}
          {error ? <Banner tone="critical">{t("free.invalid")}</Banner> : null}
          {!free.canEdit ? <Banner tone="info">{t("free.ownersOnly")}</Banner> : null}
          <Text as="p">{t("free.help")}</Text>
          <FormLayout>
            <TextField
              label={t("free.field")}
              name="freeShippingMin"
              id="freeShippingMin"
              value={value}
              onChange={setValue}
              error={error ? t(error as ShippingMessageKey) : undefined}
              autoComplete="off"
              inputMode="decimal"
              prefix="¥"
              placeholder={t("free.placeholder")}
              disabled={!free.canEdit}
            />
          </FormLayout>
          {free.canEdit ? (
            <InlineStack>
              <Button submit variant="primary" loading={busy}>
                {t("free.save")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Card>
    </Form>
  );
}

function TariffForm({
  values,
  changed,
  locale,
  t,
  busy,
  saved,
  failed,
}: {
  values: TariffFormValues;
  changed: Record<Service, { by: string; at: string }>;
  locale: "zh" | "en";
  t: T;
  busy: boolean;
  saved: boolean | undefined;
  failed: { errors: TariffFormErrors; values: TariffFormValues } | undefined;
}) {
  const errors: TariffFormErrors = failed?.errors ?? {};
  const count = Object.keys(errors).length;
  const changedNote = ({ by, at }: { by: string; at: string }) => {
    if (!by || by === "migration") return t("tariffs.default");
    return t("tariffs.changed", { by, at: formatDateTime(at, locale) });
  };
  return (
    // A new submission result (or a save) starts the fields from the right values.
    <Form method="post" key={JSON.stringify(failed?.values ?? values)} noValidate>
      <input type="hidden" name="intent" value="tariff" />
      <BlockStack gap="400">
        {saved ? <Banner tone="success">{t("tariffs.saved")}</Banner> : null}
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
            initial={failed?.values ?? values}
            errors={errors}
            changed={changedNote(changed[service])}
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
