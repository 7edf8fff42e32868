import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireHost } from "~/auth/session.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { readForm } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";
import { SaleActionBar } from "~/live/components/sale-action-bar";
import { SaleDashboardView } from "~/live/components/sale-dashboard";
import { saleDashboard } from "~/live/dashboard.server";
import { runSaleAction } from "~/live/sale-actions.server";

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

/** Start, pause, resume or end from the screen the host watches during the stream. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireHost(request);
  const form = await readForm(request);
  const result = await runSaleAction({
    hostUserId: user.role === "admin" ? null : user.id,
    saleId: params.saleId ?? "",
    intent: form.get("intent"),
    named: form.get("saleId"),
  });
  // A stale form (the sale moved on meanwhile) is refused and said on the page.
  return result.refused ? data(result, { status: 409 }) : result;
}

export default function HostSaleDashboard() {
  const { dashboard } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <SaleDashboardView
      data={dashboard}
      backUrl={`/host/sessions/${dashboard.session.id}`}
      controls={<SaleActionBar saleId={dashboard.saleId} phase={dashboard.phase} result={result} />}
    />
  );
}

export function ErrorBoundary() {
  return <AdminErrorContent />;
}
