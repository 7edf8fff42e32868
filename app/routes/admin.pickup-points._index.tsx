import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { Badge, Card, DataTable, EmptyState, Page } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useAdminT } from "~/components/admin/admin-i18n";
import { groupbuyMessages } from "~/groupbuy/groupbuy-messages";
import { listPoints } from "~/groupbuy/pickup-points.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  return { points: await listPoints({ cooperativeId: cooperative.id }) };
}

export default function PickupPoints() {
  const { points } = useLoaderData<typeof loader>();
  const { t } = useAdminT(groupbuyMessages);
  return (
    <Page
      title={t("groupbuy.admin.points.title")}
      backAction={{ content: t("groupbuy.admin.title"), url: "/admin/groupbuys" }}
      primaryAction={{ content: t("groupbuy.admin.points.new"), url: "/admin/pickup-points/new" }}
    >
      <Card padding={points.length ? "0" : undefined}>
        {points.length === 0 ? (
          <EmptyState
            heading={t("groupbuy.admin.points.title")}
            action={{ content: t("groupbuy.admin.points.new"), url: "/admin/pickup-points/new" }}
            image=""
          >
            <p>{t("groupbuy.admin.points.empty")}</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "numeric", "text"]}
            headings={[
              t("groupbuy.admin.points.col.name"),
              t("groupbuy.admin.points.col.address"),
              t("groupbuy.admin.points.col.leader"),
              t("groupbuy.admin.points.col.commission"),
              t("groupbuy.admin.points.col.status"),
            ]}
            rows={points.map((p) => [
              <RemixLink key="name" to={`/admin/pickup-points/${p.id}`}>
                {p.name}
              </RemixLink>,
              `${p.region} ${p.addressLine}`,
              `${p.leaderName} · ${p.leaderMobile} · ${p.leaderEmail}`,
              `${(p.commissionBps / 100).toFixed(2).replace(/\.?0+$/, "")}%`,
              <Badge key="status" tone={p.active ? "success" : undefined}>
                {p.active ? t("groupbuy.admin.points.active") : t("groupbuy.admin.points.inactive")}
              </Badge>,
            ])}
          />
        )}
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
