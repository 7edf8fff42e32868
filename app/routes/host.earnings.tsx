import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Page } from "@shopify/polaris";
import { requireHost } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useAdminT } from "~/components/admin/admin-i18n";
import { groupAttribution, saleAttribution, totalsOf } from "~/live/attribution.server";
import {
  AttributionGroup,
  AttributionSummary,
  NoSales,
  saleWhen,
} from "~/live/components/attribution-view";
import { dashboardMessages, type DashboardKey } from "~/live/components/dashboard-messages";
import { formatDateTime } from "~/live/components/sale-dashboard";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const sales = await saleAttribution({ hostUserId: user.id });
  return {
    totals: totalsOf(sales),
    sessions: groupAttribution(sales, (s) => s.session.id).map((g) => ({
      ...g,
      session: g.sales[0]!.session,
    })),
  };
}

export default function HostEarnings() {
  const { totals, sessions } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(dashboardMessages);
  return (
    <Page title={t("earn.title")} subtitle={t("earn.subtitle")}>
      <BlockStack gap="400">
        <AttributionSummary totals={totals} csvUrl="/host/earnings.csv" t={t} locale={locale} />
        {sessions.length === 0 ? <NoSales t={t} /> : null}
        {sessions.map((g) => (
          <AttributionGroup
            key={g.key}
            heading={g.session.title}
            detail={`${t(`platform.${g.session.platform}` as DashboardKey)} · ${formatDateTime(g.session.scheduledAt, locale)}`}
            totals={g.totals}
            sales={g.sales}
            dashboardUrl={(id) => `/host/sales/${id}`}
            saleDetail={(s) => saleWhen(s, locale)}
            t={t}
            locale={locale}
          />
        ))}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
