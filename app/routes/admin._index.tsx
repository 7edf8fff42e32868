import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import type { AdminFrameData } from "~/components/admin/admin-frame";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { SalesChart } from "~/catalog/components/admin-sales-chart";
import { formatDay, pick } from "~/lib/i18n";
import { formatFen, formatWeight } from "~/lib/money";
import { dashboard, type DashboardPack } from "~/listings/dashboard.server";
import { orderQueryString } from "~/orders/admin-orders";
import { cooperativeOrderFigures } from "~/orders/admin-orders.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const [stock, orders] = await Promise.all([
    dashboard({ cooperativeId: cooperative.id }),
    cooperativeOrderFigures({ cooperativeId: cooperative.id }),
  ]);
  return { ...stock, orders };
}

function Figure({
  label,
  value,
  children,
}: {
  label: string;
  value: string;
  children?: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

function PackList({
  packs,
  empty,
  tone,
}: {
  packs: DashboardPack[];
  empty: string;
  tone: "critical" | "warning";
}) {
  const { t, locale } = useAdminT(adminMessages);
  if (packs.length === 0)
    return (
      <Text as="p" tone="subdued">
        {empty}
      </Text>
    );
  return (
    <ul style={{ margin: 0, padding: 0, listStyle: "none" }}>
      {packs.map((p) => (
        <li key={p.variantId} style={{ padding: "6px 0" }}>
          <InlineStack gap="200" align="space-between" blockAlign="center" wrap={false}>
            <Link url={`/admin/stock/${p.variantId}`}>
              {pick({ nameZh: p.productNameZh, nameEn: p.productNameEn }, "name", locale)} ·{" "}
              {pick(p, "label", locale)}
            </Link>
            <Badge tone={tone}>
              {p.available === 0 ? t("dash.soldOut") : t("dash.left", { count: p.available })}
            </Badge>
          </InlineStack>
        </li>
      ))}
    </ul>
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(adminMessages);
  // Which cooperative these figures are for: on a phone the switcher is behind the menu button.
  const frame = useRouteLoaderData<AdminFrameData>("routes/admin");
  // Grouped digits like the money figure beside them: 1,130 rather than 1130.
  const count = new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-US");
  const { toShip, today } = d.orders;
  const ordersUrl = (status: "paid" | "fulfilling") =>
    `/admin/orders${orderQueryString({ status })}`;
  return (
    <Page title={t("dash.title")} subtitle={frame?.cooperative.name}>
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <Figure
            label={t("dash.toShip")}
            value={count.format(toShip.awaitingLabels + toShip.awaitingPickup)}
          >
            <Text as="p" variant="bodySm" tone="subdued">
              {t("dash.toShipHelp")}
            </Text>
            <Link url={ordersUrl("paid")}>
              {t("dash.awaitingLabels", { count: toShip.awaitingLabels })}
            </Link>
            <Link url={ordersUrl("fulfilling")}>
              {t("dash.awaitingPickup", { count: toShip.awaitingPickup })}
            </Link>
            {toShip.awaitingPickup > 0 ? (
              <Box paddingBlockStart="100">
                <Button url="/admin/shipments?status=created" size="slim">
                  {t("dash.printLabels")}
                </Button>
              </Box>
            ) : null}
          </Figure>
          <Figure label={t("dash.todayOrders")} value={count.format(today.orders)} />
          <Figure label={t("dash.todayRevenue")} value={formatFen(today.netFen, locale)}>
            <Text as="p" variant="bodySm" tone="subdued">
              {t("dash.todayNote", { refunded: formatFen(today.refundedFen, locale) })}
            </Text>
          </Figure>
        </InlineGrid>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Figure label={t("dash.activeProducts")} value={count.format(d.activeProducts)} />
          <Figure label={t("dash.activePacks")} value={count.format(d.activePacks)} />
          <Figure label={t("dash.unitsOnHand")} value={count.format(d.unitsOnHand)} />
          <Figure label={t("dash.stockValue")} value={formatFen(d.stockValueFen, locale)} />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("dash.sales")}
                </Text>
                <SalesChart days={d.salesByDay} locale={locale} />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("dash.soldOut")}
                  </Text>
                  <PackList packs={d.soldOut} empty={t("dash.noneSoldOut")} tone="critical" />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("dash.lowStock", { n: d.lowStockAt })}
                  </Text>
                  <PackList packs={d.lowStock} empty={t("dash.noneLow")} tone="warning" />
                  <Link url="/admin/stock">{t("dash.allStock")}</Link>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {t("dash.upcoming")}
              </Text>
              <Button url="/admin/batches" variant="plain">
                {t("dash.addBatch")}
              </Button>
            </InlineStack>
            {d.upcoming.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("dash.upcomingEmpty")}
              </Text>
            ) : (
              <ul style={{ margin: 0, padding: 0, listStyle: "none" }}>
                {d.upcoming.map((b) => (
                  <li key={b.id} style={{ padding: "6px 0" }}>
                    <Box>
                      <InlineStack gap="200" align="space-between" blockAlign="center">
                        <Link url={`/admin/products/${b.productId}`}>
                          {pick(
                            { nameZh: b.productNameZh, nameEn: b.productNameEn },
                            "name",
                            locale,
                          )}
                        </Link>
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span" tone="subdued">
                            {t("batch.summary", {
                              date: formatDay(b.expectedDate, locale),
                              weight: formatWeight(b.expectedQuantityG, locale),
                            })}
                          </Text>
                          <Badge>{t(`batch.status.${b.status}`)}</Badge>
                        </InlineStack>
                      </InlineStack>
                    </Box>
                  </li>
                ))}
              </ul>
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
