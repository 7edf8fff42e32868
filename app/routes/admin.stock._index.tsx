import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  IndexTable,
  InlineStack,
  Link as PolarisLink,
  Page,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { useState } from "react";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { adjustFromForm } from "~/inventory/adjust.server";
import { AdjustForm, StockBadge, useInventoryT } from "~/inventory/components/stock-ui";
import { listStock } from "~/inventory/levels.server";
import { LOW_STOCK_AT, stockListQuerySchema } from "~/inventory/schemas";
import { pick } from "~/lib/i18n";
import { readForm } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const query = stockListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listStock({
    cooperativeId: cooperative.id,
    query: query.q,
    lowStockAt: query.low ? LOW_STOCK_AT : undefined,
  });
  return {
    cooperative: { nameZh: cooperative.nameZh, nameEn: cooperative.nameEn },
    rows,
    query,
    lowAt: LOW_STOCK_AT,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireCooperativeContext(request);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "adjust":
      return adjustFromForm({ user, form });
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function StockPage() {
  const { cooperative, rows, query, lowAt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useInventoryT();
  const [params] = useSearchParams();
  const [q, setQ] = useState(query.q ?? "");
  // On a phone each pack is one stacked row instead of five columns.
  const condensed = useBreakpoints().smDown;
  const options = rows.map((r) => ({
    value: r.variantId,
    label: `${r.sku} · ${pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale)} ${pick(r, "label", locale)}`,
  }));
  // Picks the row's pack in the adjust form at the top of the page.
  const adjustHref = (id: string) => {
    const next = new URLSearchParams(params);
    next.set("adjust", id);
    return `?${next}#adjust`;
  };
  const lowHref = (low: boolean) => {
    const next = new URLSearchParams(params);
    if (low) next.set("low", "1");
    else next.delete("low");
    return `?${next}`;
  };
  return (
    <Page
      title={t("stock.title")}
      subtitle={t("stock.subtitle", { name: pick(cooperative, "name", locale) })}
      primaryAction={{ content: t("stock.bulk"), url: "/admin/products/bulk" }}
      secondaryActions={[
        { content: t("stock.import"), url: "/admin/products/csv" },
        { content: t("stock.export"), url: "/admin/products/export.csv", external: true },
      ]}
    >
      <BlockStack gap="400">
        {result?.ok ? (
          <Banner tone="success">
            {t("stock.saved", { sku: result.sku, available: result.available })}
          </Banner>
        ) : null}
        {options.length ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd" id="adjust">
                {t("stock.adjust")}
              </Text>
              <AdjustForm
                key={params.get("adjust") ?? ""}
                variants={options}
                state={result && !result.ok ? result : result?.ok ? { values: {} } : undefined}
                variantId={params.get("adjust") ?? undefined}
              />
            </BlockStack>
          </Card>
        ) : null}
        <Card padding="0">
          <div style={{ padding: "var(--p-space-300)" }}>
            <Form method="get">
              {query.low ? <input type="hidden" name="low" value="1" /> : null}
              <InlineStack gap="200" blockAlign="end" wrap>
                <div style={{ flex: "1 1 12rem" }}>
                  <TextField
                    label={t("stock.search")}
                    labelHidden
                    placeholder={t("stock.search")}
                    name="q"
                    value={q}
                    onChange={setQ}
                    autoComplete="off"
                  />
                </div>
                <Button submit>{t("stock.filter")}</Button>
                <ButtonGroup variant="segmented">
                  <Button url={lowHref(false)} pressed={!query.low}>
                    {t("stock.all")}
                  </Button>
                  <Button url={lowHref(true)} pressed={query.low}>
                    {t("stock.lowOnly", { n: lowAt })}
                  </Button>
                </ButtonGroup>
              </InlineStack>
            </Form>
          </div>
          <IndexTable
            condensed={condensed}
            resourceName={{ singular: "SKU", plural: "SKUs" }}
            itemCount={rows.length}
            selectable={false}
            emptyState={
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="p">{t("stock.empty")}</Text>
              </div>
            }
            headings={[
              { title: t("stock.product") },
              { title: t("stock.available"), alignment: "end" },
              { title: t("stock.reserved"), alignment: "end" },
              { title: t("stock.sold"), alignment: "end" },
              { title: "" },
            ]}
          >
            {rows.map((r, i) => {
              const name = (
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale)} ·{" "}
                    {pick(r, "label", locale)}
                  </Text>
                  <InlineStack gap="100">
                    <Text as="span" tone="subdued" variant="bodySm">
                      {r.sku}
                    </Text>
                    {r.status === "archived" ? (
                      <Text as="span" tone="subdued" variant="bodySm">
                        ({t("stock.archived")})
                      </Text>
                    ) : null}
                  </InlineStack>
                </BlockStack>
              );
              const history = (
                <InlineStack gap="200" wrap={false}>
                  <PolarisLink url={adjustHref(r.variantId)}>{t("stock.adjust")}</PolarisLink>
                  <PolarisLink url={`/admin/stock/${r.variantId}`}>
                    {t("stock.history")}
                  </PolarisLink>
                </InlineStack>
              );
              if (condensed) {
                return (
                  <IndexTable.Row id={r.variantId} key={r.variantId} position={i}>
                    <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
                      <BlockStack gap="150">
                        {name}
                        <InlineStack gap="300" blockAlign="center" wrap>
                          <Text as="span">
                            {t("stock.available")}{" "}
                            <Text as="span" fontWeight="bold" numeric>
                              {r.available}
                            </Text>
                          </Text>
                          <StockBadge available={r.available} lowAt={lowAt} />
                          <Text as="span" tone="subdued">
                            {t("stock.reserved")} {r.reserved} · {t("stock.sold")} {r.sold}
                          </Text>
                          {history}
                        </InlineStack>
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={r.variantId} key={r.variantId} position={i}>
                  <IndexTable.Cell>{name}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100" align="end" blockAlign="center" wrap={false}>
                      <StockBadge available={r.available} lowAt={lowAt} />
                      <Text as="span" numeric>
                        {r.available}
                      </Text>
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {r.reserved}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {r.sold}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{history}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

export { AdminErrorContent as ErrorBoundary } from "~/components/admin/admin-error";
