import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireHost } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { invariantFound } from "~/lib/not-found";
import { SaleDashboardView } from "~/live/components/sale-dashboard";
import { saleDashboard } from "~/live/dashboard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHost(request);
  const dashboard = await saleDashboard({
    saleId: params.saleId ?? "",
    // A platform admin may look at any host's sale; a host only at their own (another's is a 404).
    scope: user.role === "admin" ? { any: true } : { hostUserId: user.id },
  });
  invariantFound(dashboard);
  return { dashboard };
}

export default function HostSaleDashboard() {
  const { dashboard } = useLoaderData<typeof loader>();
  return <SaleDashboardView data={dashboard} backUrl={`/host/sessions/${dashboard.session.id}`} />;
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
