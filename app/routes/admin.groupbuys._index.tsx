import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, EmptyState, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useAdminT } from "~/components/admin/admin-i18n";
import { dealPhaseTone, ProgressCell, useTimeLeft } from "~/groupbuy/components/deal-bits";
import { listDeals } from "~/groupbuy/deals.server";
import { groupbuyMessages } from "~/groupbuy/groupbuy-messages";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { formatOrderTime } from "~/orders/components/admin-order-badge";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const deals = await listDeals({ cooperativeId: cooperative.id });
  return {
    deals: deals.map((d) => ({
      offerId: d.offerId,
      productNameZh: d.productNameZh,
      productNameEn: d.productNameEn,
      labelZh: d.labelZh,
      labelEn: d.labelEn,
      maxQuantity: d.maxQuantity,
      priceNowFen: d.settledPriceFen ?? d.progress.reached?.priceFen ?? d.priceFen,
      progress: d.progress,
      phase: d.phase,
      endsAt: d.endsAt?.toISOString() ?? null,
    })),
  };
}

export default function Groupbuys() {
  const { deals } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(groupbuyMessages);
  const timeLeft = useTimeLeft();
  return (
    <Page
      title={t("groupbuy.admin.title")}
      primaryAction={{ content: t("groupbuy.admin.new"), url: "/admin/groupbuys/new" }}
      secondaryActions={[
        { content: t("groupbuy.admin.points.title"), url: "/admin/pickup-points" },
      ]}
    >
      <Card padding={deals.length ? "0" : undefined}>
        {deals.length === 0 ? (
          <EmptyState
            heading={t("groupbuy.admin.title")}
            action={{ content: t("groupbuy.admin.new"), url: "/admin/groupbuys/new" }}
            image=""
          >
            <p>{t("groupbuy.admin.empty")}</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text", "text"]}
            headings={[
              t("groupbuy.admin.col.pack"),
              t("groupbuy.admin.col.progress"),
              t("groupbuy.admin.col.price"),
              t("groupbuy.admin.col.state"),
              t("groupbuy.admin.col.deadline"),
            ]}
            rows={deals.map((d) => [
              <RemixLink key="pack" to={`/admin/groupbuys/${d.offerId}`}>
                {pick({ nameZh: d.productNameZh, nameEn: d.productNameEn }, "name", locale)} ·{" "}
                {pick(d, "label", locale)}
              </RemixLink>,
              <ProgressCell
                key="progress"
                id={d.offerId}
                progress={d.progress}
                maxQuantity={d.maxQuantity}
              />,
              formatFen(d.priceNowFen, locale),
              <Badge key="state" tone={dealPhaseTone(d.phase)}>
                {t(`groupbuy.admin.phase.${d.phase}`)}
              </Badge>,
              d.endsAt ? (
                <BlockStack key="deadline" gap="050">
                  <Text as="span">{formatOrderTime(d.endsAt, locale)}</Text>
                  {d.progress.msLeft > 0 ? (
                    <Text as="span" tone="subdued" variant="bodySm">
                      {t("groupbuy.admin.timeLeft", { time: timeLeft(d.progress.msLeft) })}
                    </Text>
                  ) : null}
                </BlockStack>
              ) : (
                "—"
              ),
            ])}
          />
        )}
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
