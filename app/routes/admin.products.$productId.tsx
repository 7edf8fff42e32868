import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { assertCooperativeAccess, requireAdminUser } from "~/auth/session.server";
import {
  getAdminProduct,
  setAdminProductStatus,
  updateAdminProduct,
} from "~/catalog/admin-products.server";
import {
  formObject,
  intToDecimalInput,
  parseWith,
  productFields,
  productIdParam,
  variantFields,
  variantFormValues,
  variantIdField,
} from "~/catalog/admin-schemas";
import { setAdminVariantStatus, updateAdminVariant } from "~/catalog/admin-variants.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { HiddenIntent, useFocusFirstError } from "~/components/admin/admin-fields";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { ProductFields } from "~/catalog/components/admin-product-fields";
import { VariantList } from "~/catalog/components/admin-variant-list";
import { addAdminVariant } from "~/listings/packs.server";
import { pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { ImageManager } from "~/media/components/image-manager";
import { listProductImages } from "~/media/product-images.server";
import { readForm } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";

/** The product, after checking the signed-in user may act for the cooperative that owns it. */
async function load(request: Request, productId: string | undefined) {
  const user = await requireAdminUser(request);
  const found = productIdParam.safeParse(productId).success
    ? await getAdminProduct({ productId: productId! })
    : null;
  invariantFound(found);
  assertCooperativeAccess(user, found.product.cooperativeId);
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { product: p, variants } = await load(request, params.productId);
  const images = await listProductImages({ productId: p.id });
  return {
    product: {
      id: p.id,
      slug: p.slug,
      status: p.status,
      name: pick(p, "name", await getLocale(request)),
      form: {
        nameZh: p.nameZh,
        nameEn: p.nameEn,
        slug: p.slug,
        descriptionZh: p.descriptionZh,
        descriptionEn: p.descriptionEn,
        originStoryZh: p.originStoryZh,
        originStoryEn: p.originStoryEn,
        category: p.category,
        storageClass: p.storageClass,
        shelfLifeDays: intToDecimalInput(p.shelfLifeDays, 0),
        seasonMonths: p.seasonMonths,
      },
    },
    variants: variants.map((v) => ({
      id: v.id,
      status: v.status,
      labelZh: v.labelZh,
      labelEn: v.labelEn,
      sku: v.sku,
      priceFen: v.priceFen,
      compareAtFen: v.compareAtFen,
      netWeightG: v.netWeightG,
      available: v.available,
      form: variantFormValues(v),
    })),
    images,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { product } = await load(request, params.productId);
  const productId = product.id;
  const form = await readForm(request);
  const values = formObject(form, ["seasonMonths"]);
  const intent = String(values.intent ?? "");
  const invalid = (errors: Record<string, string>, variantId?: string) =>
    data({ intent, variantId, errors, values, saved: false }, { status: 422 });
  const done = (variantId?: string) =>
    data({ intent, variantId, errors: undefined, values: undefined, saved: true });

  switch (intent) {
    case "update-product": {
      const parsed = parseWith(productFields, values);
      if (!parsed.ok) return invalid(parsed.errors);
      const result = await updateAdminProduct({ productId, product: parsed.data });
      return result.ok ? done() : invalid(result.errors);
    }
    case "archive-product":
    case "restore-product":
      await setAdminProductStatus({
        productId,
        status: intent === "archive-product" ? "archived" : "active",
      });
      return done();
    case "add-variant": {
      const parsed = parseWith(variantFields, values);
      if (!parsed.ok) return invalid(parsed.errors);
      const result = await addAdminVariant({ productId, variant: parsed.data });
      return result.ok ? done(result.value.variantId) : invalid(result.errors);
    }
    case "update-variant": {
      const id = variantIdField.safeParse(values);
      invariantFound(id.success);
      const parsed = parseWith(variantFields, values);
      if (!parsed.ok) return invalid(parsed.errors, id.data.variantId);
      const result = await updateAdminVariant({
        productId,
        variantId: id.data.variantId,
        variant: parsed.data,
      });
      if (!result.ok) return invalid(result.errors, id.data.variantId);
      // A variant id from another product (or cooperative) matched nothing.
      invariantFound(result.value.found);
      return done(id.data.variantId);
    }
    case "archive-variant":
    case "restore-variant": {
      const id = variantIdField.safeParse(values);
      invariantFound(id.success);
      const status = intent === "archive-variant" ? "archived" : "active";
      const { found } = await setAdminVariantStatus({
        productId,
        variantId: id.data.variantId,
        status,
      });
      invariantFound(found);
      return done(id.data.variantId);
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function EditProduct() {
  const { product, variants, images } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useAdminT(adminMessages);
  const busy = useNavigation().state === "submitting";
  const productErrors = actionData?.intent === "update-product" ? (actionData.errors ?? {}) : {};
  const errorCount = Object.keys(productErrors).length;
  const failedValues =
    actionData?.intent === "update-product" && actionData.errors
      ? (actionData.values as unknown as Record<string, string>)
      : null;
  const archived = product.status === "archived";
  useFocusFirstError(actionData?.errors);

  return (
    <Page
      title={product.name}
      titleMetadata={archived ? <Badge>{t("common.archived")}</Badge> : undefined}
      backAction={{ content: t("products.title"), url: "/admin/products" }}
      secondaryActions={
        archived
          ? []
          : [{ content: t("product.viewInStore"), url: `/p/${product.slug}`, external: true }]
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {search.get("created") ? <Banner tone="success">{t("product.created")}</Banner> : null}
            {actionData?.saved ? <Banner tone="success">{t("common.saved")}</Banner> : null}
            {archived ? <Banner tone="warning">{t("product.archivedBanner")}</Banner> : null}
            <Card>
              <Form method="post" noValidate>
                <HiddenIntent intent="update-product" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    {t("product.details")}
                  </Text>
                  {errorCount > 0 ? (
                    <Banner tone="critical">{t("common.fixErrors", { count: errorCount })}</Banner>
                  ) : null}
                  <ProductFields
                    values={
                      failedValues
                        ? {
                            ...product.form,
                            ...failedValues,
                            seasonMonths:
                              (
                                actionData!.values as unknown as { seasonMonths?: string[] }
                              ).seasonMonths?.map(Number) ?? [],
                          }
                        : product.form
                    }
                    errors={productErrors}
                  />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={busy}>
                      {t("common.save")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
            <VariantList variants={variants} feedback={actionData} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ImageManager productId={product.id} images={images} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {archived ? t("product.restoreProduct") : t("product.archiveProduct")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("product.archiveHelp")}
                </Text>
                <Form method="post">
                  <HiddenIntent intent={archived ? "restore-product" : "archive-product"} />
                  <Button submit tone={archived ? undefined : "critical"}>
                    {archived ? t("product.restoreProduct") : t("product.archiveProduct")}
                  </Button>
                </Form>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
