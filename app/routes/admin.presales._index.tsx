import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import { Badge, Card, DataTable, EmptyState, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useAdminT } from "~/components/admin/admin-i18n";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { listPresales } from "~/presale/admin.server";
import { DepositText, phaseTone } from "~/presale/components/presale-bits";
import { presaleMessages } from "~/presale/presale-messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const presales = await listPresales({ cooperativeId: cooperative.id });
  return {
    presales: presales.map((p) => ({
      ...p,
      startsAt: p.startsAt?.toISOString() ?? null,
      endsAt: p.endsAt?.toISOString() ?? null,
    })),
  };
}

export default function Presales() {
  const { presales } = useLoaderData<typeof loader>();
  const { t, locale } = useAdminT(presaleMessages);
  const fen = (n: number) => formatFen(n, locale);
  return (
    <Page
      title={t("presale.admin.title")}
      primaryAction={{ content: t("presale.admin.new"), url: "/admin/presales/new" }}
    >
      <Card padding={presales.length ? "0" : undefined}>
        {presales.length === 0 ? (
          <EmptyState
            heading={t("presale.admin.title")}
            action={{ content: t("presale.admin.new"), url: "/admin/presales/new" }}
            image=""
          >
            <p>{t("presale.admin.empty")}</p>
          </EmptyState>
        ) : (
          <DataTable
            columnContentTypes={[
              "text",
              "numeric",
              "text",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "numeric",
              "text",
            ]}
            headings={[
              t("presale.admin.col.pack"),
              t("presale.admin.col.price"),
              t("presale.admin.col.deposit"),
              t("presale.admin.col.sold"),
              t("presale.admin.col.deposits"),
              t("presale.admin.col.balancesDue"),
              t("presale.admin.col.charged"),
              t("presale.admin.col.failed"),
              t("presale.admin.col.status"),
            ]}
            rows={presales.map((p) => [
              <RemixLink key="pack" to={`/admin/presales/${p.offerId}`}>
                {pick({ nameZh: p.productNameZh, nameEn: p.productNameEn }, "name", locale)} ·{" "}
                {pick(p, "label", locale)}
              </RemixLink>,
              fen(p.priceFen),
              <DepositText key="deposit" kind={p.depositKind} value={p.depositValue} />,
              t("presale.admin.soldOf", { sold: p.ordered, cap: p.cap }),
              fen(p.depositsFen),
              fen(p.balancesDueFen),
              fen(p.chargedFen),
              p.failed ? (
                <Text key="failed" as="span" tone="critical">
                  {p.failed}
                </Text>
              ) : (
                "0"
              ),
              <Badge key="status" tone={phaseTone(p.phase)}>
                {t(`presale.admin.status.${p.phase}`)}
              </Badge>,
            ])}
          />
        )}
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
