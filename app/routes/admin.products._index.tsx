import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Page, ResourceItem, ResourceList, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { listAdminProducts } from "~/catalog/admin-products.server";
import { PRODUCT_STATUS_FILTERS, productListQuery } from "~/catalog/admin-schemas";
import { Field, SelectField } from "~/catalog/components/admin-fields";
import { AdminErrorContent } from "~/catalog/components/admin-error";
import { useAdminT } from "~/catalog/components/admin-i18n";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const query = productListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const products = await listAdminProducts({ cooperativeId: cooperative.id, ...query });
  return { products, query };
}

export default function ProductList() {
  const { products, query } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT();
  const filtered = query.q !== "" || query.status !== "active";
  return (
    <Page title={t("products.title")} primaryAction={{ content: t("products.add"), url: "/admin/products/new" }}>
      <Card padding="0">
        <BlockStack>
          <div style={{ padding: "12px" }}>
            <Form method="get" role="search">
              <InlineStack gap="200" blockAlign="end" wrap>
                <div style={{ flex: "1 1 14rem" }}>
                  <Field name="q" label={t("products.search")} type="search" defaultValue={query.q} />
                </div>
                <div style={{ flex: "0 1 9rem" }}>
                  <SelectField
                    name="status"
                    label={t("products.status")}
                    defaultValue={query.status}
                    options={PRODUCT_STATUS_FILTERS.map((s) => ({
                      value: s,
                      label: s === "all" ? t("products.statusAll") : t(s === "active" ? "common.active" : "common.archived"),
                    }))}
                  />
                </div>
                <Button submit>{t("products.filter")}</Button>
              </InlineStack>
            </Form>
          </div>
          {products.length === 0 ? (
            <div style={{ padding: "16px" }}>
              <BlockStack gap="300" inlineAlign="start">
                <Text as="p">{filtered ? t("products.noMatch") : t("products.empty")}</Text>
                {filtered ? null : (
                  <Button url="/admin/products/new" variant="primary">
                    {t("products.add")}
                  </Button>
                )}
              </BlockStack>
            </div>
          ) : (
            <ResourceList
              items={products}
              resourceName={{ singular: t("nav.products"), plural: t("nav.products") }}
              renderItem={(p) => {
                const name = pick(p, "name", locale);
                const price =
                  p.minPriceFen == null
                    ? t("products.noPacks")
                    : p.minPriceFen === p.maxPriceFen
                      ? formatFen(p.minPriceFen, locale)
                      : `${formatFen(p.minPriceFen, locale)} – ${formatFen(p.maxPriceFen!, locale)}`;
                return (
                  <ResourceItem id={p.id} url={`/admin/products/${p.id}`} accessibilityLabel={name}>
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h3" variant="bodyMd" fontWeight="semibold">
                          {name}
                        </Text>
                        {p.status === "archived" ? <Badge>{t("common.archived")}</Badge> : null}
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {price} · {t("products.packs", { count: p.packs })} · {t("products.stock", { count: p.available })}
                      </Text>
                    </BlockStack>
                  </ResourceItem>
                );
              }}
            />
          )}
        </BlockStack>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
