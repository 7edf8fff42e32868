import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireHost } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { groupAttribution, saleAttribution, totalsOf } from "~/live/attribution.server";
import { AttributionPage } from "~/live/components/attribution-view";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const sales = await saleAttribution({ hostUserId: user.id });
  return { totals: totalsOf(sales), sessions: groupAttribution(sales, (s) => s.session.id) };
}

export default function HostEarnings() {
  const { totals, sessions } = useLoaderData<typeof loader>();
  return (
    <AttributionPage
      title="earn.title"
      subtitle="earn.subtitle"
      csvUrl="/host/earnings.csv"
      totals={totals}
      groups={sessions}
      groupBy="session"
      dashboardPath="/host/sales/"
    />
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
