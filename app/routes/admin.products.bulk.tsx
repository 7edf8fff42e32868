import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { PlainField, useInventoryT } from "~/inventory/components/stock-ui";
import { inventoryTranslator } from "~/inventory/messages";
import { listStock } from "~/inventory/levels.server";
import { parseBulkForm, type BulkErrors } from "~/inventory/schemas";
import { pick } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { fenToDecimal } from "~/lib/money";
import { readForm } from "~/lib/read-form.server";
import { notFound } from "~/lib/not-found";
import { applyBulkEdit } from "~/listings/bulk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperativeContext(request);
  const rows = await listStock({ cooperativeId: cooperative.id });
  return { rows };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperativeContext(request);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "save": {
      const { rows, errors, values } = parseBulkForm(form);
      if (Object.keys(errors).length)
        return data({ ok: false as const, errors, values }, { status: 422 });
      const reason = inventoryTranslator(await getLocale(request))("bulk.reason");
      const result = await applyBulkEdit({
        cooperativeId: cooperative.id,
        rows,
        actor: user.email,
        reason,
      });
      if ("notFound" in result) throw notFound();
      if (!result.ok)
        return data({ ok: false as const, errors: result.errors, values }, { status: 409 });
      return data({ ok: true as const, prices: result.prices, stock: result.stock });
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function BulkEditPage() {
  const { rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, locale } = useInventoryT();
  const busy = useNavigation().state === "submitting";
  // On a phone each pack stacks its three fields under its name instead of four columns.
  const condensed = useBreakpoints().smDown;
  const failed = result && !result.ok ? result : undefined;
  const errors: BulkErrors = failed?.errors ?? {};
  const count = Object.values(errors).reduce((n, r) => n + Object.keys(r).length, 0);
  const err = (id: string, f: "price" | "compareAt" | "available") => {
    const e = errors[id]?.[f];
    return e ? t(e.key as never, { current: e.current ?? "" }) : undefined;
  };
  const value = (id: string, f: string, fallback: string | number) =>
    failed?.values[id]?.[f] ?? String(fallback);
  // After a save the loader's fresh figures are the defaults; remount the fields to show them.
  const formKey = result?.ok ? `saved-${rows.map((r) => r.available).join(",")}` : "edit";
  return (
    <Page title={t("bulk.title")} backAction={{ content: t("stock.title"), url: "/admin/stock" }}>
      <BlockStack gap="400">
        {result?.ok ? (
          <Banner tone="success">
            {result.prices || result.stock
              ? t("bulk.saved", { prices: result.prices, stock: result.stock })
              : t("bulk.nothing")}
          </Banner>
        ) : null}
        {count ? <Banner tone="critical">{t("bulk.invalid", { count })}</Banner> : null}
        <Form method="post" key={formKey}>
          <input type="hidden" name="intent" value="save" />
          <Card padding="0">
            <Box padding="400">
              <Text as="p" tone="subdued">
                {t("bulk.help")}
              </Text>
            </Box>
            <IndexTable
              condensed={condensed}
              resourceName={{ singular: "SKU", plural: "SKUs" }}
              itemCount={rows.length}
              selectable={false}
              headings={[
                { title: t("stock.product") },
                { title: t("bulk.price") },
                { title: t("bulk.compareAt") },
                { title: t("stock.available") },
              ]}
            >
              {rows.map((r, i) => {
                const name = (
                  <BlockStack gap="050">
                    <input type="hidden" name="variantId" value={r.variantId} />
                    <input
                      type="hidden"
                      name={`expected.${r.variantId}`}
                      value={value(r.variantId, "expected", r.available)}
                    />
                    <Text as="span" fontWeight="semibold">
                      {pick({ nameZh: r.productNameZh, nameEn: r.productNameEn }, "name", locale)} ·{" "}
                      {pick(r, "label", locale)}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {r.sku}
                    </Text>
                  </BlockStack>
                );
                const fields = [
                  ["price", t("bulk.price"), "decimal", fenToDecimal(r.priceFen)],
                  [
                    "compareAt",
                    t("bulk.compareAt"),
                    "decimal",
                    r.compareAtFen === null ? "" : fenToDecimal(r.compareAtFen),
                  ],
                  ["available", t("stock.available"), "numeric", String(r.available)],
                ] as const;
                const field = ([f, label, mode, fallback]: (typeof fields)[number]) => (
                  <PlainField
                    key={f}
                    name={`${f}.${r.variantId}`}
                    label={condensed ? label : `${label} ${r.sku}`}
                    labelHidden={!condensed}
                    inputMode={mode}
                    defaultValue={value(r.variantId, f, fallback)}
                    error={err(r.variantId, f)}
                  />
                );
                return (
                  <IndexTable.Row id={r.variantId} key={r.variantId} position={i}>
                    {condensed ? (
                      <Box padding="400">
                        <BlockStack gap="200">
                          {name}
                          <InlineGrid columns={3} gap="200">
                            {fields.map(field)}
                          </InlineGrid>
                        </BlockStack>
                      </Box>
                    ) : (
                      <>
                        <IndexTable.Cell>{name}</IndexTable.Cell>
                        {fields.map((f) => (
                          <IndexTable.Cell key={f[0]}>{field(f)}</IndexTable.Cell>
                        ))}
                      </>
                    )}
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
            <Box padding="400">
              <Button submit variant="primary" loading={busy} disabled={rows.length === 0}>
                {t("bulk.save")}
              </Button>
            </Box>
          </Card>
        </Form>
      </BlockStack>
    </Page>
  );
}

export { AdminErrorContent as ErrorBoundary } from "~/components/admin/admin-error";
