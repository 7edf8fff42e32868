import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useActionData, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { dealPhaseTone, ProgressCell, useTimeLeft } from "~/groupbuy/components/deal-bits";
import { DealForm, type DealFormValues } from "~/groupbuy/components/deal-form";
import { dealDetail, dealJoins, dealPointChoices, editDeal } from "~/groupbuy/deals.server";
import { DealSettlement } from "~/groupbuy/components/deal-settlement";
import { dealSettlement } from "~/groupbuy/settlement-report.server";
import { dealPageMessages } from "~/groupbuy/settlement-messages";
import { dealFormValues, dealIdField, parseDealTerms } from "~/groupbuy/schemas";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { invariantFound, notFound } from "~/lib/not-found";
import { siteOrigin } from "~/lib/origin.server";
import { readForm } from "~/lib/read-form.server";
import { formatOrderTime } from "~/orders/components/admin-order-badge";

/** Joins shown on the page. */
const SHOWN = 200;

async function loadDeal(request: Request, offerId: string | undefined) {
  const ctx = await requireCooperativeContext(request);
  const id = dealIdField.safeParse({ offerId });
  const deal = id.success
    ? await dealDetail({ cooperativeId: ctx.cooperative.id, offerId: id.data.offerId })
    : null;
  invariantFound(deal);
  return { ctx, deal };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, deal } = await loadDeal(request, params.offerId);
  const cooperativeId = ctx.cooperative.id;
  const settles = deal.state !== "open";
  const [joins, points, settlement] = await Promise.all([
    dealJoins({ cooperativeId, offerId: deal.offerId, limit: SHOWN }),
    dealPointChoices({ cooperativeId, include: deal.pickupPointIds }),
    settles ? dealSettlement({ cooperativeId, offerId: deal.offerId }) : null,
  ]);
  return {
    created: new URL(request.url).searchParams.get("created") === "1",
    now: new Date().toISOString(),
    shareUrl: `${siteOrigin(request)}/g/${deal.shareCode}`,
    deal: {
      offerId: deal.offerId,
      productNameZh: deal.productNameZh,
      productNameEn: deal.productNameEn,
      labelZh: deal.labelZh,
      labelEn: deal.labelEn,
      minQuantity: deal.minQuantity,
      maxQuantity: deal.maxQuantity,
      holdMode: deal.holdMode,
      phase: deal.phase,
      tiers: deal.tiers,
      progress: deal.progress,
      endsAt: deal.endsAt?.toISOString() ?? null,
      settledPriceFen: deal.settledPriceFen,
      joined: deal.progress.joined,
      pointNames: points.filter((p) => deal.pickupPointIds.includes(p.id)).map((p) => p.name),
      allowHomeDelivery: deal.allowHomeDelivery,
    },
    settlement:
      settles && settlement
        ? {
            ...settlement,
            state: deal.state as "succeeded" | "failed" | "settling",
            reachedQuantity: deal.reachedQuantity,
            settledPriceFen: deal.settledPriceFen,
            settledAt: deal.settledAt?.toISOString() ?? null,
          }
        : null,
    form: dealFormValues(deal),
    points: points.map((p) => ({ id: p.id, name: p.name, addressLine: p.addressLine })),
    joins: joins.rows.map((j) => ({
      ...j,
      createdAt: j.createdAt.toISOString(),
      collectedAt: j.collectedAt?.toISOString() ?? null,
    })),
    total: joins.total,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, deal } = await loadDeal(request, params.offerId);
  const values = formObject(await readForm(request), ["pickupPointIds"]);
  if (values.intent !== "update") throw new Response("Unknown intent", { status: 400 });
  // The form names the deal it edits: a mangled or stray form changes nothing.
  const named = dealIdField.safeParse(values);
  if (!named.success || named.data.offerId !== deal.offerId) throw notFound();
  const now = new Date();
  const parsed = parseDealTerms(values, now);
  if (!parsed.ok)
    return data({ errors: parsed.errors, values, count: 0, saved: false }, { status: 422 });
  const edited = await editDeal({
    cooperativeId: ctx.cooperative.id,
    offerId: deal.offerId,
    actor: ctx.user.id,
    input: parsed.data,
    now,
  });
  if (edited.ok) return data({ errors: {}, values: undefined, count: 0, saved: true });
  if (edited.error === "not_found") throw notFound();
  return data(
    { errors: edited.errors, values, count: edited.count ?? 0, saved: false },
    { status: 422 },
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        {children}
      </Text>
    </BlockStack>
  );
}

export default function GroupbuyDetail() {
  const {
    deal: d,
    form,
    points,
    joins,
    total,
    created,
    shareUrl,
    now,
    settlement,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useAdminT(dealPageMessages);
  const timeLeft = useTimeLeft();
  useFocusFirstError(actionData?.errors);
  const fen = (n: number) => formatFen(n, locale);
  const failed = actionData && !actionData.saved ? actionData : undefined;
  const name = `${pick({ nameZh: d.productNameZh, nameEn: d.productNameEn }, "name", locale)} · ${pick(d, "label", locale)}`;
  const priceNow = d.settledPriceFen ?? d.progress.reached?.priceFen ?? d.tiers[0]?.priceFen ?? 0;
  const editable = d.phase === "open" || d.phase === "full";
  return (
    <Page
      title={name}
      titleMetadata={
        <Badge tone={dealPhaseTone(d.phase)}>{t(`groupbuy.admin.phase.${d.phase}`)}</Badge>
      }
      backAction={{ content: t("groupbuy.admin.title"), url: "/admin/groupbuys" }}
    >
      <BlockStack gap="400">
        {created ? <Banner tone="success">{t("groupbuy.admin.created")}</Banner> : null}
        {actionData?.saved ? <Banner tone="success">{t("groupbuy.admin.saved")}</Banner> : null}
        <Card>
          <BlockStack gap="400">
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Figure label={t("groupbuy.admin.figure.price")}>{fen(priceNow)}</Figure>
              <Figure label={t("groupbuy.admin.figure.min")}>{d.minQuantity}</Figure>
              <Figure label={t("groupbuy.admin.figure.deadline")}>
                {d.endsAt ? formatOrderTime(d.endsAt, locale) : "—"}
              </Figure>
              <Figure label={t("groupbuy.admin.figure.payment")}>
                {t(`groupbuy.admin.payment.${d.holdMode}`)}
              </Figure>
            </InlineGrid>
            <ProgressCell id={d.offerId} progress={d.progress} maxQuantity={d.maxQuantity} />
            {/* Only an open deal counts down: a full, closed or settled one takes no more joins. */}
            {d.phase === "open" && d.progress.msLeft > 0 ? (
              <Text as="p" tone="subdued">
                {t("groupbuy.admin.timeLeft", { time: timeLeft(d.progress.msLeft) })}
              </Text>
            ) : null}
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                {t("groupbuy.admin.tiers")}
              </Text>
              {d.tiers.map((tier) => (
                <InlineStack key={tier.minQuantity} gap="200" blockAlign="center">
                  <Text as="span">
                    {t("groupbuy.admin.tierRow", {
                      min: tier.minQuantity,
                      price: fen(tier.priceFen),
                    })}
                  </Text>
                  {d.progress.reached?.minQuantity === tier.minQuantity ? (
                    <Badge tone="success">{t("groupbuy.admin.tierReached")}</Badge>
                  ) : null}
                </InlineStack>
              ))}
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                {t("groupbuy.admin.delivery")}
              </Text>
              <Text as="p">
                {[...d.pointNames, ...(d.allowHomeDelivery ? [t("groupbuy.admin.home")] : [])].join(
                  "、",
                )}
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                {t("groupbuy.admin.share")}
              </Text>
              <div className="admin-share-link">
                <Text as="p" breakWord>
                  <a href={shareUrl}>{shareUrl}</a>
                </Text>
              </div>
            </BlockStack>
          </BlockStack>
        </Card>
        {settlement ? <DealSettlement s={settlement} t={t} locale={locale} /> : null}
        {editable ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("groupbuy.admin.terms")}
              </Text>
              <DealForm
                key={actionData?.saved ? "saved" : "editing"}
                intent="update"
                offerId={d.offerId}
                points={points}
                values={failed ? { ...form, ...(failed.values as DealFormValues) } : form}
                errors={failed?.errors ?? {}}
                errorCount={failed?.count}
                joined={d.joined}
                holdMode={d.holdMode}
                nowIso={now}
              />
            </BlockStack>
          </Card>
        ) : null}
        <Card padding="0">
          <BlockStack gap="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="h2" variant="headingMd">
                {t("groupbuy.admin.joins")}
              </Text>
            </div>
            {joins.length === 0 ? (
              <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                <Text as="p" tone="subdued">
                  {t("groupbuy.admin.joinsEmpty")}
                </Text>
              </div>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "text", "text", "text"]}
                headings={[
                  t("groupbuy.admin.col.order"),
                  t("groupbuy.admin.col.quantity"),
                  t("groupbuy.admin.col.pickup"),
                  t("groupbuy.admin.col.joinState"),
                  t("groupbuy.admin.col.joinedAt"),
                ]}
                rows={joins.map((j) => [
                  <RemixLink key="code" to={`/admin/orders/${j.orderId}`}>
                    {j.code}
                  </RemixLink>,
                  j.quantity,
                  `${j.pickupPointName ?? t("groupbuy.admin.home")}${j.collectedAt ? ` · ${t("groupbuy.admin.collected")}` : ""}`,
                  t(`groupbuy.admin.join.${j.state}`),
                  formatOrderTime(j.createdAt, locale),
                ])}
                footerContent={
                  total > joins.length
                    ? t("groupbuy.admin.joinsMore", { shown: joins.length, total })
                    : undefined
                }
              />
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
