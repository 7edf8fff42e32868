import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireAdminUser } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { readForm } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";
import { SaleActionBar } from "~/live/components/sale-action-bar";
import { SaleDashboardView } from "~/live/components/sale-dashboard";
import { saleDashboard } from "~/live/dashboard.server";
import { requireSaleOwner, runSaleAction } from "~/live/sale-actions.server";

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
  const canRun =
    user.role === "admin" ||
    user.memberships.some((m) => m.cooperativeId === dashboard.cooperativeId && m.role === "owner");
  return { dashboard, canRun };
}

/** The cooperative's owner pauses or ends a sale of its products (a wrong price, a stock problem). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdminUser(request);
  const saleId = params.saleId ?? "";
  await requireSaleOwner(user, saleId);
  const form = await readForm(request);
  const result = await runSaleAction({
    hostUserId: null,
    saleId,
    intent: form.get("intent"),
    named: form.get("saleId"),
  });
  // A stale form (the sale moved on meanwhile) is refused and said on the page.
  return result.refused ? data(result, { status: 409 }) : result;
}

export default function AdminSaleDashboard() {
  const { dashboard, canRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <SaleDashboardView
      data={dashboard}
      backUrl="/admin/live"
      controls={
        canRun ? (
          <SaleActionBar saleId={dashboard.saleId} phase={dashboard.phase} result={result} />
        ) : null
      }
    />
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
