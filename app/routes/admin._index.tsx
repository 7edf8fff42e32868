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
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import type { AdminFrameData } from "~/components/admin/admin-frame";
import { adminMessages } from "~/catalog/admin-messages";
import { useAdminT } from "~/components/admin/admin-i18n";
import { SalesChart } from "~/catalog/components/admin-sales-chart";
import { formatDay, pick } from "~/lib/i18n";
import { formatFen, formatWeight } from "~/lib/money";
import { dashboard, type DashboardPack } from "~/listings/dashboard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  return dashboard({ cooperativeId: cooperative.id });
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
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
            <Link url={`/admin/products/${p.productId}`}>
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
  return (
    <Page title={t("dash.title")} subtitle={frame?.cooperative.name}>
      <BlockStack gap="400">
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
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("dash.ordersNote")}
                </Text>
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
