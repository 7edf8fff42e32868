import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { groupAttribution, saleAttribution, totalsOf } from "~/live/attribution.server";
import { AttributionPage } from "~/live/components/attribution-view";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const sales = await saleAttribution({ cooperativeId: cooperative.id });
  return { totals: totalsOf(sales), hosts: groupAttribution(sales, (s) => s.host.id) };
}

export default function CooperativeLiveEarnings() {
  const { totals, hosts } = useLoaderData<typeof loader>();
  return (
    <AttributionPage
      title="earn.adminTitle"
      subtitle="earn.adminSubtitle"
      csvUrl="/admin/live/earnings.csv"
      totals={totals}
      groups={hosts}
      groupBy="host"
      dashboardPath="/admin/live/sales/"
    />
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
