import {
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  EmptyState,
  InlineGrid,
  InlineStack,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useAdminT, type AdminTranslate } from "~/components/admin/admin-i18n";
import { pick, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import type { SaleAttribution, Totals } from "../attribution.server";
import { dashboardMessages, type DashboardKey } from "./dashboard-messages";
import { formatDateTime } from "./sale-dashboard";

/*
 * Attribution, phone first: the totals, then a card per group (a session for the host, a host for
 * the cooperative) with its sales as rows of four figures.
 */

type T = AdminTranslate<DashboardKey>;

export const percentOfBps = (bps: number, locale: Locale) =>
  new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    style: "percent",
    maximumFractionDigits: 2,
  }).format(bps / 10_000);

export function TotalsGrid({ totals, t, locale }: { totals: Totals; t: T; locale: Locale }) {
  const cells: [string, string][] = [
    [t("earn.orders"), String(totals.orders)],
    [t("earn.units"), String(totals.units)],
    [t("earn.revenue"), formatFen(totals.revenueFen, locale)],
    [t("earn.commission"), formatFen(totals.commissionFen, locale)],
  ];
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      {cells.map(([label, value]) => (
        <BlockStack key={label} gap="050">
          <Text as="span" variant="bodySm" tone="subdued">
            {label}
          </Text>
          <Text as="span" variant="headingMd" numeric>
            {value}
          </Text>
        </BlockStack>
      ))}
    </InlineGrid>
  );
}

function AttributionGroup({
  heading,
  detail,
  totals,
  sales,
  dashboardUrl,
  saleDetail,
  t,
  locale,
}: {
  heading: string;
  detail: string;
  totals: Totals;
  sales: SaleAttribution[];
  dashboardUrl: (saleId: string) => string;
  saleDetail: (sale: SaleAttribution) => string;
  t: T;
  locale: Locale;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {heading}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {detail}
          </Text>
        </BlockStack>
        <TotalsGrid totals={totals} t={t} locale={locale} />
        {sales.map((s) => (
          <BlockStack key={s.saleId} gap="200">
            <Divider />
            <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
              <BlockStack gap="050">
                <Text as="h3" variant="headingSm">
                  {pick(s.product, "name", locale)} · {pick(s.product, "label", locale)}
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {saleDetail(s)} · {formatFen(s.priceFen, locale)} ·{" "}
                  {t("earn.rate", { rate: percentOfBps(s.commissionBps, locale) })}
                </Text>
              </BlockStack>
              <Link
                url={dashboardUrl(s.saleId)}
                removeUnderline
                accessibilityLabel={`${t("earn.dashboard")}: ${pick(s.product, "name", locale)} · ${pick(s.product, "label", locale)}`}
              >
                {t("earn.dashboard")}
              </Link>
            </InlineStack>
            <TotalsGrid totals={s} t={t} locale={locale} />
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function AttributionSummary({
  totals,
  csvUrl,
  t,
  locale,
}: {
  totals: Totals;
  csvUrl: string;
  t: T;
  locale: Locale;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t("earn.totals")}
          </Text>
          {/* A download, not a page: the browser saves the file. */}
          <Button url={csvUrl} download>
            {t("earn.csv")}
          </Button>
        </InlineStack>
        <TotalsGrid totals={totals} t={t} locale={locale} />
        <Box>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("earn.rounding")}
          </Text>
        </Box>
      </BlockStack>
    </Card>
  );
}

function NoSales({ t }: { t: T }) {
  return (
    <Card>
      <EmptyState heading={t("earn.empty")} image="">
        <p>{t("earn.emptyBody")}</p>
      </EmptyState>
    </Card>
  );
}

const saleWhen = (s: SaleAttribution, locale: Locale) =>
  formatDateTime(s.startsAt ?? s.session.scheduledAt, locale);

export interface AttributionGroupData {
  key: string;
  sales: SaleAttribution[];
  totals: Totals;
}

/**
 * The whole page: the host's by session (`groupBy: "session"`), the cooperative's by host. The
 * words come from the group's first sale (every sale of a group shares its session or host).
 */
export function AttributionPage({
  title,
  subtitle,
  csvUrl,
  totals,
  groups,
  groupBy,
  dashboardPath,
}: {
  title: DashboardKey;
  subtitle: DashboardKey;
  csvUrl: string;
  totals: Totals;
  groups: AttributionGroupData[];
  groupBy: "session" | "host";
  /** Where a sale's dashboard lives, before its id. */
  dashboardPath: string;
}) {
  const { t, locale } = useAdminT(dashboardMessages);
  return (
    <Page title={t(title)} subtitle={t(subtitle)}>
      <BlockStack gap="400">
        <AttributionSummary totals={totals} csvUrl={csvUrl} t={t} locale={locale} />
        {groups.length === 0 ? <NoSales t={t} /> : null}
        {groups.map((g) => {
          const { session, host } = g.sales[0]!;
          return (
            <AttributionGroup
              key={g.key}
              heading={groupBy === "session" ? session.title : host.name}
              detail={
                groupBy === "session"
                  ? `${t(`platform.${session.platform}` as DashboardKey)} · ${formatDateTime(session.scheduledAt, locale)}`
                  : `${t("earn.host")} · ${host.email}`
              }
              totals={g.totals}
              sales={g.sales}
              dashboardUrl={(id) => `${dashboardPath}${id}`}
              saleDetail={(s) =>
                groupBy === "session"
                  ? saleWhen(s, locale)
                  : `${s.session.title} · ${saleWhen(s, locale)}`
              }
              t={t}
              locale={locale}
            />
          );
        })}
      </BlockStack>
    </Page>
  );
}
