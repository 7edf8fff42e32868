import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { assertCooperativeAccess, requireAdminUser } from "~/auth/session.server";
import {
  batchOwner,
  createAdminBatch,
  listAdminBatches,
  updateAdminBatch,
} from "~/catalog/admin-batches.server";
import { listAdminProducts, productOwner } from "~/catalog/admin-products.server";
import {
  batchFields,
  batchIdField,
  formObject,
  HARVEST_STATUSES,
  intToDecimalInput,
  parseWith,
} from "~/catalog/admin-schemas";
import type { FieldErrors } from "~/lib/field-errors";
import { AdminErrorContent } from "~/components/admin/admin-error";
import {
  Field,
  HiddenIntent,
  SelectField,
  useFocusFirstError,
} from "~/components/admin/admin-fields";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { formatDay, pick } from "~/lib/i18n";
import { formatWeight } from "~/lib/money";
import { readForm } from "~/lib/read-form.server";
import { invariantFound, notFound } from "~/lib/not-found";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const [batches, products] = await Promise.all([
    listAdminBatches({ cooperativeId: cooperative.id }),
    listAdminProducts({ cooperativeId: cooperative.id, q: "", status: "all" }),
  ]);
  return {
    batches: batches.map(({ batch: b, ...p }) => ({
      ...b,
      productNameZh: p.productNameZh,
      productNameEn: p.productNameEn,
    })),
    products: products.map((p) => ({ id: p.id, nameZh: p.nameZh, nameEn: p.nameEn })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdminUser(request);
  const values = formObject(await readForm(request));
  const intent = String(values.intent ?? "");
  if (intent !== "create" && intent !== "update")
    throw new Response("Unknown intent", { status: 400 });

  // An existing batch: its cooperative, through its product, must be one the user acts for.
  let batchId: string | undefined;
  let batchCooperative: string | undefined;
  if (intent === "update") {
    const id = batchIdField.safeParse(values);
    const owner = id.success ? await batchOwner({ batchId: id.data.batchId }) : null;
    if (!id.success || !owner) throw notFound();
    assertCooperativeAccess(user, owner);
    batchId = id.data.batchId;
    batchCooperative = owner;
  }
  const parsed = parseWith(batchFields, values);
  if (!parsed.ok)
    return data({ intent, batchId, errors: parsed.errors, values, saved: false }, { status: 422 });

  // The product named in the form must be the user's too, and a batch never moves between cooperatives.
  const owner = await productOwner({ productId: parsed.data.productId });
  invariantFound(owner);
  assertCooperativeAccess(user, owner);
  if (batchCooperative && owner !== batchCooperative) throw notFound();

  if (intent === "create") await createAdminBatch({ batch: parsed.data });
  else await updateAdminBatch({ batchId: batchId!, batch: parsed.data });
  return data({ intent, batchId, errors: undefined, values: undefined, saved: true });
}

interface BatchFormValues {
  productId: string;
  expectedDate: string;
  expectedQuantityG: string;
  status: string;
  noteZh: string;
  noteEn: string;
}

function BatchForm({
  intent,
  batchId,
  values,
  errors,
  products,
}: {
  intent: "create" | "update";
  batchId?: string;
  values: BatchFormValues;
  errors: FieldErrors;
  products: { id: string; nameZh: string; nameEn: string }[];
}) {
  const { t, err, locale } = useAdminT(adminMessages);
  return (
    <Form method="post" noValidate>
      <HiddenIntent intent={intent} />
      {batchId ? <input type="hidden" name="batchId" value={batchId} /> : null}
      <BlockStack gap="300">
        <FormLayout>
          <SelectField
            name="productId"
            label={t("batch.product")}
            placeholder={t("choose")}
            defaultValue={values.productId}
            error={errors.productId ? t("error.productId") : undefined}
            options={products.map((p) => ({ value: p.id, label: pick(p, "name", locale) }))}
          />
          <FormLayout.Group>
            <Field
              name="expectedDate"
              type="date"
              label={t("batch.expectedDate")}
              defaultValue={values.expectedDate}
              error={err(errors.expectedDate)}
            />
            <Field
              name="expectedQuantityG"
              inputMode="decimal"
              label={t("batch.expectedQuantity")}
              defaultValue={values.expectedQuantityG}
              error={err(errors.expectedQuantityG)}
            />
            <SelectField
              name="status"
              label={t("batch.status")}
              defaultValue={values.status}
              error={err(errors.status)}
              options={HARVEST_STATUSES.map((s) => ({ value: s, label: t(`batch.status.${s}`) }))}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Field
              name="noteZh"
              label={t("batch.noteZh")}
              defaultValue={values.noteZh}
              error={err(errors.noteZh)}
            />
            <Field
              name="noteEn"
              label={t("batch.noteEn")}
              defaultValue={values.noteEn}
              error={err(errors.noteEn)}
            />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button submit variant={intent === "create" ? "primary" : undefined}>
            {intent === "create" ? t("batches.add") : t("common.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

const EMPTY: BatchFormValues = {
  productId: "",
  expectedDate: "",
  expectedQuantityG: "",
  status: "planned",
  noteZh: "",
  noteEn: "",
};

export default function Batches() {
  const { batches, products } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useAdminT(adminMessages);
  const [editing, setEditing] = useState<string | null>(null);
  const failed = actionData?.errors ? actionData : undefined;
  useFocusFirstError(actionData?.errors);
  const typed = failed ? { ...EMPTY, ...(failed.values as Partial<BatchFormValues>) } : undefined;
  return (
    <Page title={t("batches.title")}>
      <BlockStack gap="400">
        {actionData?.saved ? <Banner tone="success">{t("common.saved")}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("batches.add")}
            </Text>
            {products.length === 0 ? (
              <Text as="p">{t("batches.noProducts")}</Text>
            ) : (
              <BatchForm
                key={batches.length}
                intent="create"
                products={products}
                values={failed?.intent === "create" ? typed! : EMPTY}
                errors={failed?.intent === "create" ? failed.errors! : {}}
              />
            )}
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("batches.title")}
            </Text>
            {batches.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("batches.empty")}
              </Text>
            ) : null}
            {batches.map((b, i) => {
              const open =
                editing === b.id || (failed?.intent === "update" && failed.batchId === b.id);
              const name = pick(
                { nameZh: b.productNameZh, nameEn: b.productNameEn },
                "name",
                locale,
              );
              return (
                <BlockStack key={b.id} gap="300">
                  {i > 0 ? <Divider /> : null}
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <BlockStack gap="050">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="headingSm">
                          {name}
                        </Text>
                        <Badge tone={b.status === "harvested" ? "success" : undefined}>
                          {t(`batch.status.${b.status}`)}
                        </Badge>
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {t("batch.summary", {
                          date: formatDay(b.expectedDate, locale),
                          weight: formatWeight(b.expectedQuantityG, locale),
                        })}
                      </Text>
                    </BlockStack>
                    <Button
                      onClick={() => setEditing(open ? null : b.id)}
                      disclosure={open ? "up" : "down"}
                      accessibilityLabel={`${t("common.edit")} ${name}`}
                    >
                      {t("common.edit")}
                    </Button>
                  </InlineStack>
                  {open ? (
                    <BatchForm
                      intent="update"
                      batchId={b.id}
                      products={products}
                      values={
                        failed?.intent === "update" && failed.batchId === b.id
                          ? typed!
                          : {
                              productId: b.productId,
                              expectedDate: b.expectedDate,
                              expectedQuantityG: intToDecimalInput(b.expectedQuantityG, 3),
                              status: b.status,
                              noteZh: b.noteZh,
                              noteEn: b.noteEn,
                            }
                      }
                      errors={
                        failed?.intent === "update" && failed.batchId === b.id ? failed.errors! : {}
                      }
                    />
                  ) : null}
                </BlockStack>
              );
            })}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
