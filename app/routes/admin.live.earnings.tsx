import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Page } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useAdminT } from "~/components/admin/admin-i18n";
import { groupAttribution, saleAttribution, totalsOf } from "~/live/attribution.server";
import {
  AttributionGroup,
  AttributionSummary,
  NoSales,
  saleWhen,
} from "~/live/components/attribution-view";
import { dashboardMessages } from "~/live/components/dashboard-messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const sales = await saleAttribution({ cooperativeId: cooperative.id });
  return {
    totals: totalsOf(sales),
    hosts: groupAttribution(sales, (s) => s.host.id).map((g) => ({
      ...g,
      host: g.sales[0]!.host,
    })),
  };
}

export default function CooperativeLiveEarnings() {
  const { totals, hosts } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(dashboardMessages);
  return (
    <Page title={t("earn.adminTitle")} subtitle={t("earn.adminSubtitle")}>
      <BlockStack gap="400">
        <AttributionSummary
          totals={totals}
          csvUrl="/admin/live/earnings.csv"
          t={t}
          locale={locale}
        />
        {hosts.length === 0 ? <NoSales t={t} /> : null}
        {hosts.map((g) => (
          <AttributionGroup
            key={g.key}
            heading={g.host.name}
            detail={`${t("earn.host")} · ${g.host.email}`}
            totals={g.totals}
            sales={g.sales}
            dashboardUrl={(id) => `/admin/live/sales/${id}`}
            saleDetail={(s) => `${s.session.title} · ${saleWhen(s, locale)}`}
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
