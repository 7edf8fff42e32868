import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { requireAdminUser } from "~/auth/session.server";
import { adjustFromForm } from "~/inventory/adjust.server";
import { AdjustForm, StockBadge, useInventoryT } from "~/inventory/components/stock-ui";
import { requireVariantAccess } from "~/inventory/levels.server";
import { historyQuerySchema, LOW_STOCK_AT } from "~/inventory/schemas";
import { ledgerWho, ledgerWhy } from "~/inventory/ledger-words";
import { stockHistory } from "~/inventory/stock.server";
import { accountNames } from "~/auth/accounts.server";
import { offerKinds } from "~/offers/offers.server";
import { cooperativeOrderCodes } from "~/orders/admin-orders.server";
import { pick } from "~/lib/i18n";
import { readForm } from "~/lib/read-form.server";

const PAGE_SIZE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAdminUser(request);
  const variant = await requireVariantAccess({ user, variantId: params.variantId ?? "" });
  const { before } = historyQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const history = await stockHistory({ variantId: variant.variantId, limit: PAGE_SIZE, before });
  const refs = history.map((h) => h.ref ?? "");
  // Plain words: the order's code (the cooperative's own orders only), the offer's kind, who by name.
  const [codes, kinds, names] = await Promise.all([
    cooperativeOrderCodes({ cooperativeId: variant.cooperativeId, ids: refs }),
    offerKinds(refs),
    accountNames(history.map((h) => h.actor)),
  ]);
  const { cooperativeId: _c, ...shown } = variant;
  return {
    variant: shown,
    history: history.map((h) => ({
      ...h,
      orderCode: h.ref ? (codes.get(h.ref) ?? null) : null,
      offerKind: h.ref ? (kinds.get(h.ref) ?? null) : null,
      actorName: names.get(h.actor) ?? null,
      createdAt: h.createdAt.toISOString(),
    })),
    older: history.length === PAGE_SIZE ? history[history.length - 1]!.id : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAdminUser(request);
  // The URL names the variant; a form naming another one is refused, not followed.
  const variant = await requireVariantAccess({ user, variantId: params.variantId ?? "" });
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "adjust":
      if (form.get("variantId") !== variant.variantId)
        throw new Response("Variant mismatch", { status: 400 });
      return adjustFromForm({ user, form });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "" : String(n));

export default function VariantStockPage() {
  const { variant: v, history, older } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useInventoryT();
  const when = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  const phone = useBreakpoints().smDown;
  const product = pick({ nameZh: v.productNameZh, nameEn: v.productNameEn }, "name", locale);
  return (
    <Page
      title={t("history.title", { product, label: pick(v, "label", locale) })}
      subtitle={v.sku}
      backAction={{ content: t("history.back"), url: "/admin/stock" }}
    >
      <BlockStack gap="400">
        {result?.ok ? (
          <Banner tone="success">
            {t("stock.saved", { sku: result.sku, available: result.available })}
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 3 }} gap="300">
          {(
            [
              ["stock.available", v.available],
              ["stock.reserved", v.reserved],
              ["stock.sold", v.sold],
            ] as const
          ).map(([k, n]) => (
            <Card key={k}>
              <BlockStack gap="100">
                <Text as="h2" variant="bodySm" tone="subdued">
                  {t(k)}
                </Text>
                <Text as="p" variant="headingLg" numeric>
                  {n}
                </Text>
                {k === "stock.available" ? <StockBadge available={n} lowAt={LOW_STOCK_AT} /> : null}
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("stock.adjust")}
            </Text>
            <AdjustForm
              variantId={v.variantId}
              state={result && !result.ok ? result : result?.ok ? { values: {} } : undefined}
            />
          </BlockStack>
        </Card>
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <Text as="h2" variant="headingMd">
              {t("stock.history")}
            </Text>
          </div>
          {history.length && phone ? (
            // Six columns do not fit a phone: each change reads as two short lines.
            <Box padding="400">
              <BlockStack as="ul" gap="300">
                {history.map((h) => (
                  <li key={h.id} style={{ listStyle: "none" }}>
                    <InlineStack gap="200" blockAlign="baseline" wrap>
                      {(
                        [
                          ["history.availableDelta", h.availableDelta],
                          ["history.reservedDelta", h.reservedDelta],
                          ["history.soldDelta", h.soldDelta],
                        ] as const
                      )
                        .filter(([, n]) => n !== 0)
                        .map(([k, n]) => (
                          <Text as="span" key={k} fontWeight="semibold" numeric>
                            {t(k)} {signed(n)}
                          </Text>
                        ))}
                      <Text as="span">{ledgerWhy(h, t)}</Text>
                    </InlineStack>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {when.format(new Date(h.createdAt))} · {ledgerWho(h, t)}
                    </Text>
                  </li>
                ))}
              </BlockStack>
            </Box>
          ) : history.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric"]}
              headings={[
                t("history.when"),
                t("history.who"),
                t("history.why"),
                t("history.availableDelta"),
                t("history.reservedDelta"),
                t("history.soldDelta"),
              ]}
              rows={history.map((h) => [
                when.format(new Date(h.createdAt)),
                ledgerWho(h, t),
                ledgerWhy(h, t),
                signed(h.availableDelta),
                signed(h.reservedDelta),
                signed(h.soldDelta),
              ])}
            />
          ) : (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                {t("history.empty")}
              </Text>
            </div>
          )}
          {older ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Button url={`?before=${older}`}>{t("history.older")}</Button>
            </div>
          ) : null}
        </Card>
      </BlockStack>
    </Page>
  );
}

export { AdminErrorContent as ErrorBoundary } from "~/components/admin/admin-error";
