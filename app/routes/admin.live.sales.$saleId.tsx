import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireAdminUser } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { invariantFound } from "~/lib/not-found";
import { SaleDashboardView } from "~/live/components/sale-dashboard";
import { saleDashboard } from "~/live/dashboard.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdminUser(request);
  // The cooperatives the user works for; another cooperative's sale is a 404.
  const dashboard = await saleDashboard({
    saleId: params.saleId ?? "",
    scope:
      user.role === "admin"
        ? { any: true }
        : { cooperativeIds: user.memberships.map((m) => m.cooperativeId) },
  });
  invariantFound(dashboard);
  return { dashboard };
}

export default function AdminSaleDashboard() {
  const { dashboard } = useLoaderData<typeof loader>();
  return <SaleDashboardView data={dashboard} backUrl="/admin/live" />;
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
