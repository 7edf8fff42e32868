import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useActionData, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { formObject } from "~/catalog/admin-schemas";
import { AdminErrorContent } from "~/components/admin/admin-error";
import { useFocusFirstError } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { formatDay, pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { invariantFound, notFound } from "~/lib/not-found";
import { readForm } from "~/lib/read-form.server";
import { formatOrderTime } from "~/orders/components/admin-order-badge";
import { presaleOrderRows, presaleSummary } from "~/presale/admin.server";
import { ReleaseSection } from "~/presale/components/release-section";
import { releasableBatches, releaseHarvest, releaseProgress } from "~/presale/release.server";
import { DepositText, phaseTone } from "~/presale/components/presale-bits";
import { PresaleForm, type PresaleFormValues } from "~/presale/components/presale-form";
import { presaleMessages } from "~/presale/presale-messages";
import { parsePresaleEdit, presaleFormValues, presaleIdField } from "~/presale/schemas";
import { presaleForEdit, updatePresale } from "~/presale/terms.server";

/** Orders shown on the page; the CSV has them all. */
const SHOWN = 200;

async function loadPresale(request: Request, offerId: string | undefined) {
  const ctx = await requireCooperativeContext(request);
  const id = presaleIdField.safeParse({ offerId });
  const presale = id.success
    ? await presaleForEdit({ cooperativeId: ctx.cooperative.id, offerId: id.data.offerId })
    : null;
  invariantFound(presale);
  return { ctx, presale };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, presale } = await loadPresale(request, params.offerId);
  const cooperativeId = ctx.cooperative.id;
  const offerId = presale.offer.id;
  const [summary, orders, releases, batches] = await Promise.all([
    presaleSummary({ cooperativeId, offerId }),
    presaleOrderRows({ cooperativeId, offerId, limit: SHOWN }),
    releaseProgress(offerId),
    releasableBatches(offerId),
  ]);
  invariantFound(summary);
  return {
    created: new URL(request.url).searchParams.get("created") === "1",
    summary: {
      ...summary,
      startsAt: summary.startsAt?.toISOString() ?? null,
      endsAt: summary.endsAt?.toISOString() ?? null,
    },
    form: presaleFormValues({
      priceFen: presale.offer.priceFen,
      cap: presale.pool?.cap ?? presale.offer.cap ?? 0,
      startsAt: presale.offer.startsAt,
      endsAt: presale.offer.endsAt,
      terms: presale.terms,
    }),
    orders: orders.rows.map((o) => ({
      ...o,
      deadlineAt: o.deadlineAt?.toISOString() ?? null,
      createdAt: o.createdAt.toISOString(),
    })),
    total: orders.total,
    releases,
    batches,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, presale } = await loadPresale(request, params.offerId);
  const values = formObject(await readForm(request));
  if (values.intent !== "update" && values.intent !== "release")
    throw new Response("Unknown intent", { status: 400 });
  // The form names the presale it edits: a mangled or stray form moves nothing.
  const named = presaleIdField.safeParse(values);
  if (!named.success || named.data.offerId !== presale.offer.id) throw notFound();
  if (values.intent === "release") return releaseFromForm(ctx, presale.offer.id, values);
  const parsed = parsePresaleEdit(values);
  if (!parsed.ok)
    return data({ errors: parsed.errors, values, committed: 0, saved: false }, { status: 422 });
  const updated = await updatePresale({
    cooperativeId: ctx.cooperative.id,
    offerId: presale.offer.id,
    actor: ctx.user.id,
    input: parsed.data,
  });
  if (updated.ok) return data({ errors: {}, values: undefined, committed: 0, saved: true });
  if (updated.error === "not_found") throw notFound();
  return data(
    { errors: updated.errors, values, committed: updated.committed ?? 0, saved: false },
    { status: 422 },
  );
}

/** The release form: the batch, what it weighed and the packs to release (field errors as message keys). */
async function releaseFromForm(
  ctx: { cooperative: { id: string }; user: { id: string } },
  offerId: string,
  values: Record<string, unknown>,
) {
  const num = (v: unknown) => (typeof v === "string" && v.trim() ? Number(v) : NaN);
  const released = await releaseHarvest({
    cooperativeId: ctx.cooperative.id,
    offerId,
    harvestBatchId: typeof values.harvestBatchId === "string" ? values.harvestBatchId : "",
    packs: num(values.packs),
    harvestedKg: num(values.harvestedKg),
    actor: ctx.user.id,
  });
  if (released.ok) return data({ release: { packs: num(values.packs), errors: {}, values: {} } });
  if (released.status === 404) throw notFound();
  return data(
    { release: { packs: null, errors: { [released.field ?? "packs"]: released.message }, values } },
    { status: released.status },
  );
}

function Figure({ label, id, children }: { label: string; id?: string; children: ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued" id={id}>
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        {children}
      </Text>
    </BlockStack>
  );
}

export default function PresaleDetail() {
  const {
    summary: s,
    form,
    orders,
    total,
    created,
    releases,
    batches,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const released = result && "release" in result ? result.release : undefined;
  const actionData = result && "saved" in result ? result : undefined;
  const { t, locale } = useAdminT(presaleMessages);
  useFocusFirstError(actionData?.errors);
  const fen = (n: number) => formatFen(n, locale);
  const failed = actionData && !actionData.saved ? actionData : undefined;
  const name = `${pick({ nameZh: s.productNameZh, nameEn: s.productNameEn }, "name", locale)} · ${pick(s, "label", locale)}`;
  const releaseSection = (
    <ReleaseSection
      offerId={s.offerId}
      locale={locale}
      releases={releases}
      batches={batches}
      errors={released?.errors ?? {}}
      values={released?.values ?? {}}
      created={released?.packs ?? null}
    />
  );
  return (
    <Page
      title={name}
      titleMetadata={
        <Badge tone={phaseTone(s.phase)}>{t(`presale.admin.status.${s.phase}`)}</Badge>
      }
      subtitle={t("presale.admin.harvest", {
        from: formatDay(s.harvestFrom, locale),
        to: formatDay(s.harvestTo, locale),
      })}
      backAction={{ content: t("presale.admin.title"), url: "/admin/presales" }}
      secondaryActions={[
        {
          content: t("presale.admin.csv"),
          url: `/admin/presales/${s.offerId}/orders.csv`,
          external: true,
        },
      ]}
    >
      <BlockStack gap="400">
        {created ? <Banner tone="success">{t("presale.admin.created")}</Banner> : null}
        {actionData?.saved ? <Banner tone="success">{t("presale.admin.saved")}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Figure label={t("presale.admin.col.price")}>{fen(s.priceFen)}</Figure>
              <Figure label={t("presale.admin.col.deposit")}>
                <DepositText kind={s.depositKind} value={s.depositValue} />
              </Figure>
              <Figure label={t("presale.admin.col.sold")} id="presale-ordered">
                {t("presale.admin.soldOf", { sold: s.ordered, cap: s.cap })}
              </Figure>
              <Figure label={t("presale.admin.col.deposits")}>{fen(s.depositsFen)}</Figure>
              <Figure label={t("presale.admin.col.balancesDue")}>{fen(s.balancesDueFen)}</Figure>
              <Figure label={t("presale.admin.col.charged")}>{fen(s.chargedFen)}</Figure>
              <Figure label={t("presale.admin.col.failed")}>{s.failed}</Figure>
            </InlineGrid>
            <ProgressBar
              progress={s.cap ? Math.min(100, Math.round((s.ordered / s.cap) * 100)) : 0}
              size="small"
              ariaLabelledBy="presale-ordered"
            />
          </BlockStack>
        </Card>
        {releaseSection}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("presale.admin.terms")}
            </Text>
            <PresaleForm
              key={actionData?.saved ? "saved" : "editing"}
              intent="update"
              offerId={s.offerId}
              values={failed ? { ...form, ...(failed.values as Partial<PresaleFormValues>) } : form}
              errors={failed?.errors ?? {}}
              committed={failed?.committed || s.ordered}
            />
          </BlockStack>
        </Card>
        <Card padding="0">
          <BlockStack gap="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="h2" variant="headingMd">
                {t("presale.admin.orders")}
              </Text>
            </div>
            {orders.length === 0 ? (
              <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                <Text as="p" tone="subdued">
                  {t("presale.admin.ordersEmpty")}
                </Text>
              </div>
            ) : (
              <DataTable
                columnContentTypes={[
                  "text",
                  "numeric",
                  "numeric",
                  "text",
                  "numeric",
                  "numeric",
                  "text",
                ]}
                headings={[
                  t("presale.admin.col.order"),
                  t("presale.admin.col.quantity"),
                  t("presale.admin.col.place"),
                  t("presale.admin.col.state"),
                  t("presale.admin.col.deposit"),
                  t("presale.admin.col.balance"),
                  t("presale.admin.col.deadline"),
                ]}
                rows={orders.map((o) => [
                  <RemixLink key="code" to={`/admin/orders/${o.orderId}`}>
                    {o.code}
                  </RemixLink>,
                  o.quantity,
                  o.place ?? "—",
                  t(`presale.admin.state.${o.state}`),
                  fen(o.depositFen),
                  fen(o.balanceFen),
                  o.deadlineAt ? formatOrderTime(o.deadlineAt, locale) : "—",
                ])}
                footerContent={
                  total > orders.length
                    ? t("presale.admin.ordersMore", { shown: orders.length, total })
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
