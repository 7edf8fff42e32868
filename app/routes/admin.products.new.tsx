import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import {
  formObject,
  parseWith,
  variantFields,
  productFields,
  withoutPrefix,
} from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { HiddenIntent, useFocusFirstError } from "~/components/admin/admin-fields";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import {
  EMPTY_PRODUCT,
  EMPTY_VARIANT,
  ProductFields,
  VariantFields,
  type ProductFormValues,
} from "~/catalog/components/admin-product-fields";
import { createAdminProduct } from "~/listings/packs.server";
import { readForm } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperativeContext(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const values = formObject(await readForm(request), ["seasonMonths"]);
  if (values.intent !== "create") throw new Response("Unknown intent", { status: 400 });
  const product = parseWith(productFields, values);
  const variant = parseWith(variantFields, withoutPrefix(values, "variant."), "variant.");
  if (!product.ok || !variant.ok) {
    const errors = { ...(product.ok ? {} : product.errors), ...(variant.ok ? {} : variant.errors) };
    return data({ errors, values }, { status: 422 });
  }
  const created = await createAdminProduct({
    cooperativeId: cooperative.id,
    product: product.data,
    variant: variant.data,
  });
  if (!created.ok) return data({ errors: created.errors, values }, { status: 422 });
  return redirect(`/admin/products/${created.value.productId}?created=1`);
}

/** What the owner typed, to refill the form after a failed save. */
function productValues(v: Record<string, unknown> | undefined): ProductFormValues {
  if (!v) return EMPTY_PRODUCT;
  const s = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  return {
    nameZh: s("nameZh"),
    nameEn: s("nameEn"),
    slug: s("slug"),
    descriptionZh: s("descriptionZh"),
    descriptionEn: s("descriptionEn"),
    originStoryZh: s("originStoryZh"),
    originStoryEn: s("originStoryEn"),
    category: s("category"),
    storageClass: s("storageClass") || "ambient",
    shelfLifeDays: s("shelfLifeDays"),
    seasonMonths: Array.isArray(v.seasonMonths)
      ? v.seasonMonths.map(Number).filter((m) => m >= 1 && m <= 12)
      : [],
  };
}

export default function NewProduct() {
  const actionData = useActionData<typeof action>();
  const { t } = useAdminT(adminMessages);
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors ?? {};
  const count = Object.keys(errors).length;
  useFocusFirstError(actionData?.errors);
  const values = actionData?.values as Record<string, unknown> | undefined;
  const variantValues = {
    ...EMPTY_VARIANT,
    ...(values ? (withoutPrefix(values, "variant.") as unknown as typeof EMPTY_VARIANT) : {}),
  };
  return (
    <Page
      title={t("product.newTitle")}
      backAction={{ content: t("products.title"), url: "/admin/products" }}
      narrowWidth
    >
      <Form method="post" noValidate>
        <HiddenIntent intent="create" />
        <BlockStack gap="400">
          {count > 0 ? <Banner tone="critical">{t("common.fixErrors", { count })}</Banner> : null}
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("product.details")}
              </Text>
              <ProductFields values={productValues(values)} errors={errors} />
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("product.firstPack")}
              </Text>
              <Text as="p" tone="subdued">
                {t("product.firstPackHelp")}
              </Text>
              <VariantFields values={variantValues} errors={errors} namePrefix="variant." />
            </BlockStack>
          </Card>
          <InlineStack align="end">
            <Button submit variant="primary" loading={busy}>
              {t("product.create")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
