import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import {
  requireCooperativeContext,
  type CooperativeContext,
} from "~/auth/cooperative-context.server";
import { formObject, parseWith } from "~/catalog/admin-schemas";
import { listAdminProducts } from "~/catalog/admin-products.server";
import { AdminErrorContent } from "~/components/admin/admin-error";
import {
  Field,
  confirmOrStop,
  HiddenIntent,
  SelectField,
  useFocusFirstError,
} from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { pick } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { notFound } from "~/lib/not-found";
import { readForm } from "~/lib/read-form.server";
import { approveHost, cooperativeApprovals } from "~/live/approvals.server";
import { PhaseBadge } from "~/live/components/host-sale";
import { liveConsoleMessages } from "~/live/components/live-console-messages";
import { cooperativeSales } from "~/live/console.server";
import { approvalFields, approvalIdField } from "~/live/console-schemas";
import { LiveError } from "~/live/live-error";
import { revokeAndEndSales } from "~/live/sale-actions.server";
import { formatOrderTime } from "~/orders/components/admin-order-badge";

// A commission is the cooperative's money: owners (and platform admins) decide it; staff may look.
const canApprove = (ctx: CooperativeContext) => ctx.role === "owner" || ctx.role === "admin";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireCooperativeContext(request);
  const cooperativeId = ctx.cooperative.id;
  const [approvals, products, sales] = await Promise.all([
    cooperativeApprovals(cooperativeId),
    listAdminProducts({ cooperativeId, q: "", status: "active" }),
    cooperativeSales(cooperativeId),
  ]);
  return {
    canApprove: canApprove(ctx),
    approvals: approvals.map((a) => ({
      ...a,
      revokedAt: a.revokedAt?.toISOString() ?? null,
      updatedAt: a.updatedAt.toISOString(),
    })),
    products: products.map((p) => ({ id: p.id, nameZh: p.nameZh, nameEn: p.nameEn })),
    sales: sales.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireCooperativeContext(request);
  if (!canApprove(ctx)) throw new Response("Forbidden: owners only", { status: 403 });
  const values = formObject(await readForm(request));
  const cooperativeId = ctx.cooperative.id;
  switch (values.intent) {
    case "approve": {
      const parsed = parseWith(approvalFields, values);
      if (!parsed.ok) return data({ errors: parsed.errors, values, done: null }, { status: 422 });
      try {
        await approveHost({ cooperativeId, ...parsed.data, actor: ctx.user.id });
      } catch (error) {
        if (!(error instanceof LiveError) || error.code !== "not_found") throw error;
        // No such host, or a product of another cooperative: said beside the field it concerns.
        const field = error.field === "hostEmail" ? "hostEmail" : "productId";
        const key = field === "hostEmail" ? "error.hostEmail" : "error.product";
        return data({ errors: { [field]: key }, values, done: null }, { status: 422 });
      }
      return data({ errors: {}, values: {}, done: "approved" as const });
    }
    case "revoke": {
      const id = approvalIdField.safeParse(values);
      if (
        !id.success ||
        !(await revokeAndEndSales({ cooperativeId, approvalId: id.data.approvalId }))
      )
        throw notFound();
      return data({ errors: {}, values: {}, done: "revoked" as const });
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function AdminLive() {
  const { approvals, products, sales, canApprove } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, err, locale } = useAdminT(liveConsoleMessages);
  const busy = useNavigation().formData?.get("intent") === "approve";
  const errors: Record<string, string> = actionData?.errors ?? {};
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  useFocusFirstError(actionData?.errors);
  return (
    <Page
      title={t("live.title")}
      secondaryActions={[{ content: t("live.earnings"), url: "/admin/live/earnings" }]}
    >
      <BlockStack gap="400">
        {actionData?.done ? <Banner tone="success">{t(`live.${actionData.done}`)}</Banner> : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("live.approvals")}
            </Text>
            <Text as="p" tone="subdued">
              {t("live.approvals.help")}
            </Text>
            {!canApprove ? <Banner tone="info">{t("live.ownersOnly")}</Banner> : null}
            {approvals.length === 0 ? <Text as="p">{t("live.approvals.empty")}</Text> : null}
            {approvals.map((a) => (
              <BlockStack key={a.id} gap="300">
                <Divider />
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <Text as="h3" variant="headingSm" breakWord>
                      {a.hostName} · {a.hostEmail}
                    </Text>
                    <Text as="p">
                      {pick({ nameZh: a.productNameZh, nameEn: a.productNameEn }, "name", locale)}
                      {" · "}
                      {t("live.approval.commission", { percent: a.commissionBps / 100 })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {a.revokedAt
                        ? t("live.approval.revokedAt", {
                            date: formatOrderTime(a.revokedAt, locale),
                          })
                        : t("live.approval.since", { date: formatOrderTime(a.updatedAt, locale) })}
                    </Text>
                  </BlockStack>
                  {canApprove && !a.revokedAt ? (
                    <Form method="post" onSubmit={(e) => confirmOrStop(e, t("live.revokeConfirm"))}>
                      <HiddenIntent intent="revoke" />
                      <input type="hidden" name="approvalId" value={a.id} />
                      <Button submit tone="critical" variant="secondary">
                        {t("live.revoke")}
                      </Button>
                    </Form>
                  ) : null}
                </InlineStack>
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
        {canApprove ? (
          <Card>
            <Form method="post" noValidate>
              <HiddenIntent intent="approve" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("live.approve")}
                </Text>
                <FormLayout>
                  <Field
                    name="hostEmail"
                    type="email"
                    label={t("live.hostEmail")}
                    defaultValue={typed.hostEmail}
                    error={err(errors.hostEmail)}
                    autoComplete="off"
                  />
                  <FormLayout.Group condensed>
                    <SelectField
                      name="productId"
                      label={t("live.product")}
                      placeholder={t("choose")}
                      defaultValue={typed.productId}
                      error={err(errors.productId)}
                      options={products.map((p) => ({
                        value: p.id,
                        label: pick(p, "name", locale),
                      }))}
                    />
                    <Field
                      name="commissionBps"
                      inputMode="decimal"
                      label={t("live.commission")}
                      suffix="%"
                      defaultValue={typed.commissionBps}
                      error={err(errors.commissionBps)}
                    />
                  </FormLayout.Group>
                </FormLayout>
                <InlineStack align="end">
                  <Button submit variant="primary" loading={busy}>
                    {t("live.approve")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("live.sales")}
            </Text>
            {sales.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("live.sales.empty")}
              </Text>
            ) : null}
            {sales.map((s) => (
              <BlockStack key={s.id} gap="300">
                <Divider />
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <InlineStack gap="200" align="start" blockAlign="center">
                      <Link url={`/admin/live/sales/${s.id}`}>
                        {pick({ nameZh: s.productNameZh, nameEn: s.productNameEn }, "name", locale)}
                        {" · "}
                        {pick(
                          { labelZh: s.variantLabelZh, labelEn: s.variantLabelEn },
                          "label",
                          locale,
                        )}
                      </Link>
                      <PhaseBadge phase={s.phase} />
                    </InlineStack>
                    <Text as="p" tone="subdued" breakWord>
                      {t("live.sale.by", { host: s.hostName, session: s.sessionTitle })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {formatFen(s.priceFen, locale)} ·{" "}
                      {t("sale.quantity", { quantity: s.quantity })} ·{" "}
                      {formatOrderTime(s.createdAt, locale)}
                    </Text>
                  </BlockStack>
                </InlineStack>
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
