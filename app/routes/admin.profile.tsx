import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import {
  requireCooperativeContext,
  type CooperativeContext,
} from "~/auth/cooperative-context.server";
import {
  getCooperativeProfile,
  updateCooperativeProfile,
} from "~/catalog/admin-cooperatives.server";
import { formObject, parseWith, profileFields } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { Field, HiddenIntent, useFocusFirstError } from "~/components/admin/admin-fields";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { RegionSelects } from "~/components/admin/region-selects";
import { cooperativeSender } from "~/catalog/cooperative-address";
import { citiesOf, districtsOf } from "~/lib/regions.server";
import { partyPlace } from "~/shipping/parties";
import { readForm } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";

const canEdit = (ctx: CooperativeContext) => ctx.role === "owner" || ctx.role === "admin";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCooperativeContext(request);
  const profile = await getCooperativeProfile({ cooperativeId: ctx.cooperative.id });
  invariantFound(profile);
  const {
    id: _id,
    slug: _slug,
    featured: _f,
    createdAt: _c,
    updatedAt: _u,
    cityZh,
    cityCode,
    districtCode,
    ...fields
  } = profile;
  return {
    profile: {
      ...fields,
      cityCode: cityCode ?? "",
      districtCode: districtCode ?? "",
      handlingDays: String(fields.handlingDays),
    },
    // The lists for the saved choices, so the pickers render filled in before any script runs.
    regions: {
      cities: citiesOf(fields.provinceCode),
      districts: cityCode ? districtsOf(cityCode) : [],
    },
    // What the labels print as the sender's address today.
    labelAddress: `${partyPlace({ province: fields.provinceCode, city: cityZh })} ${
      cooperativeSender({ ...fields, cityZh }).address
    }`,
    canEdit: canEdit(ctx),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireCooperativeContext(request);
  // Staff run the shop day to day; the cooperative's public identity is the owners' call.
  if (!canEdit(ctx)) throw new Response("Forbidden: owners only", { status: 403 });
  const values = formObject(await readForm(request));
  if (values.intent !== "update") throw new Response("Unknown intent", { status: 400 });
  const parsed = parseWith(profileFields, values);
  if (!parsed.ok) return data({ errors: parsed.errors, values, saved: false }, { status: 422 });
  const saved = await updateCooperativeProfile({
    cooperativeId: ctx.cooperative.id,
    profile: parsed.data,
  });
  if (!saved.ok) return data({ errors: saved.errors, values, saved: false }, { status: 422 });
  return data({ errors: {} as Record<string, string>, values: undefined, saved: true });
}

export default function Profile() {
  const { profile, regions, labelAddress, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, err, locale } = useAdminT(adminMessages);
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors ?? {};
  const count = Object.keys(errors).length;
  useFocusFirstError(actionData?.errors);
  const v = { ...profile, ...(actionData?.values as Partial<typeof profile> | undefined) };
  const f = (name: keyof typeof profile) => ({
    name,
    defaultValue: v[name],
    error: err(errors[name]),
    disabled: !canEdit,
  });
  return (
    <Page title={t("profile.title")} narrowWidth>
      <Form method="post" noValidate>
        <HiddenIntent intent="update" />
        <BlockStack gap="400">
          {!canEdit ? <Banner tone="info">{t("profile.ownersOnly")}</Banner> : null}
          {actionData?.saved ? <Banner tone="success">{t("common.saved")}</Banner> : null}
          {count > 0 ? <Banner tone="critical">{t("common.fixErrors", { count })}</Banner> : null}
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("profile.names")}
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <Field {...f("nameZh")} label={t("profile.nameZh")} requiredIndicator />
                  <Field {...f("nameEn")} label={t("profile.nameEn")} />
                </FormLayout.Group>
                <FormLayout.Group>
                  <Field {...f("taglineZh")} label={t("profile.taglineZh")} />
                  <Field {...f("taglineEn")} label={t("profile.taglineEn")} />
                </FormLayout.Group>
                <Field {...f("storyZh")} label={t("profile.storyZh")} multiline={4} />
                <Field {...f("storyEn")} label={t("profile.storyEn")} multiline={4} />
              </FormLayout>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("profile.location")}
              </Text>
              <FormLayout>
                <RegionSelects
                  // Remounted with a failed submission's choices, so they are not lost.
                  key={`${v.provinceCode}-${v.cityCode}-${v.districtCode}`}
                  locale={locale}
                  labels={{
                    province: t("profile.province"),
                    city: t("profile.city"),
                    district: t("profile.district"),
                    choose: t("profile.choose"),
                  }}
                  province={v.provinceCode}
                  cityCode={v.cityCode}
                  districtCode={v.districtCode}
                  cities={v.provinceCode === profile.provinceCode ? regions.cities : []}
                  districts={v.cityCode === profile.cityCode ? regions.districts : []}
                  errors={{
                    provinceCode: err(errors.provinceCode),
                    cityCode: err(errors.cityCode),
                    districtCode: err(errors.districtCode),
                  }}
                  disabled={!canEdit}
                />
                <Field
                  {...f("addressZh")}
                  label={t("profile.addressZh")}
                  helpText={t("profile.addressHelp")}
                  requiredIndicator
                  autoComplete="street-address"
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("profile.labelPreview", { address: labelAddress })}
                </Text>
                <Field {...f("cityEn")} label={t("profile.cityEn")} />
                <Field {...f("addressEn")} label={t("profile.addressEn")} />
                <Field
                  {...f("handlingDays")}
                  label={t("profile.handlingDays")}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={60}
                />
              </FormLayout>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("profile.contact")}
              </Text>
              <FormLayout>
                <Field
                  {...f("contactName")}
                  label={t("profile.contactName")}
                  requiredIndicator
                  autoComplete="name"
                />
                <FormLayout.Group>
                  <Field
                    {...f("contactPhone")}
                    label={t("profile.contactPhone")}
                    type="tel"
                    requiredIndicator
                    autoComplete="tel"
                  />
                  <Field
                    {...f("contactEmail")}
                    label={t("profile.contactEmail")}
                    type="email"
                    requiredIndicator
                    autoComplete="email"
                  />
                </FormLayout.Group>
              </FormLayout>
            </BlockStack>
          </Card>
          {canEdit ? (
            <InlineStack align="end">
              <Button submit variant="primary" loading={busy}>
                {t("common.save")}
              </Button>
            </InlineStack>
          ) : null}
        </BlockStack>
      </Form>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
