import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Page,
  Pagination,
  Text,
} from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { adminOrderMessages } from "~/orders/admin-order-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { orderQueryString, parseOrderQuery } from "~/orders/admin-orders";
import { listCooperativeOrders } from "~/orders/admin-orders.server";
import { OrderFilters } from "~/orders/components/admin-order-filters";
import { OrderList } from "~/orders/components/admin-order-list";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const { query, ignored } = parseOrderQuery(new URL(request.url).searchParams);
  const list = await listCooperativeOrders({ cooperativeId: cooperative.id, query });
  return {
    cooperative: pick(cooperative, "name", await getLocale(request)),
    query,
    ignored,
    total: list.total,
    hasNext: list.hasNext,
    orders: list.orders.map((o) => ({
      id: o.id,
      code: o.code,
      createdAt: o.createdAt.toISOString(),
      status: o.status,
      channel: o.channel,
      // The cooperative's part only: never the whole order's total.
      itemsFen: o.itemsFen,
      shippingFen: o.shippingFen,
      platformFeeFen: o.platformFeeFen,
      payoutFen: o.payoutFen,
      refundedFen: o.refundedFen,
      parcels: o.parcels,
      plannedParcels: o.plannedParcels,
      lines: o.lines.map((l) => ({
        productNameZh: l.productNameZh,
        productNameEn: l.productNameEn,
        variantLabelZh: l.variantLabelZh,
        variantLabelEn: l.variantLabelEn,
        quantity: l.quantity,
      })),
    })),
  };
}

export default function OrdersPage() {
  const { cooperative, query, ignored, total, hasNext, orders } = useLoaderData<typeof loader>();
  const { t } = useAdminT(adminOrderMessages);
  const filtered = Boolean(query.status || query.channel || query.from || query.to || query.q);
  return (
    <Page title={t("orders.title")} subtitle={t("orders.subtitle", { name: cooperative })}>
      <BlockStack gap="400">
        {ignored.length ? (
          <Banner tone="warning" title={t("orders.ignoredTitle")}>
            <p>
              {t("orders.ignored", {
                fields: ignored
                  .map((f) => t(`orders.filterName.${f}`))
                  .join(t("orders.listSeparator")),
              })}
            </p>
          </Banner>
        ) : null}
        <Card>
          <OrderFilters query={query} />
        </Card>
        <Card padding="0">
          {orders.length === 0 ? (
            filtered || query.page > 1 ? (
              <Box padding="600">
                <BlockStack gap="300" inlineAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("orders.noMatch")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("orders.noMatchBody")}
                  </Text>
                  <Button url="/admin/orders">{t("orders.filter.clear")}</Button>
                </BlockStack>
              </Box>
            ) : (
              <EmptyState
                heading={t("orders.emptyTitle")}
                action={{ content: t("orders.emptyAction"), url: "/admin/products" }}
                secondaryAction={{ content: t("orders.emptyStock"), url: "/admin/stock" }}
                image=""
              >
                <p>{t("orders.emptyBody")}</p>
              </EmptyState>
            )
          ) : (
            <OrderList rows={orders} />
          )}
        </Card>
        {orders.length > 0 || query.page > 1 ? (
          <InlineStack align="center" blockAlign="center" gap="400">
            <Text as="span" tone="subdued">
              {t("orders.pageOf", { page: query.page, total })}
            </Text>
            {query.page > 1 || hasNext ? (
              <Pagination
                hasPrevious={query.page > 1}
                previousURL={`/admin/orders${orderQueryString({ ...query, page: query.page - 1 })}`}
                hasNext={hasNext}
                nextURL={`/admin/orders${orderQueryString({ ...query, page: query.page + 1 })}`}
                accessibilityLabels={{ previous: t("orders.previous"), next: t("orders.next") }}
              />
            ) : null}
          </InlineStack>
        ) : null}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
