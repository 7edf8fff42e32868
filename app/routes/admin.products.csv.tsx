import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineStack,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from "~/catalog/csv-format";
import { useInventoryT } from "~/inventory/components/stock-ui";
import { csvRowMessageKey, type InventoryMessageKey } from "~/inventory/messages";
import { importProductCsv, readCsvUpload } from "~/listings/csv.server";

type FileError = { code: string; line?: number; columns?: string[]; reason?: string };

// Enough to fix a file by; the rest is counted.
const SHOWN_ERRORS = 300;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperativeContext(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperativeContext(request);
  const upload = await readCsvUpload(request);
  if ("error" in upload) {
    return data(
      { ok: false as const, fileError: { code: upload.error.code } as FileError },
      { status: upload.status },
    );
  }
  switch (upload.intent) {
    case "import": {
      if (!upload.bytes)
        return data(
          { ok: false as const, fileError: { code: "none" } as FileError },
          { status: 400 },
        );
      const outcome = await importProductCsv({
        cooperativeId: cooperative.id,
        bytes: upload.bytes,
        actor: user.email,
      });
      if (outcome.ok) return data(outcome);
      if ("fileError" in outcome)
        return data(
          { ok: false as const, fileError: outcome.fileError as FileError },
          { status: outcome.status },
        );
      return data(
        {
          ok: false as const,
          rowErrors: outcome.rowErrors.slice(0, SHOWN_ERRORS),
          totalErrors: outcome.rowErrors.length,
          badRows: outcome.badRows,
        },
        { status: outcome.status },
      );
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function CsvImportPage() {
  const result = useActionData<typeof action>();
  const { t, locale } = useInventoryT();
  const busy = useNavigation().state === "submitting";
  const phone = useBreakpoints().smDown;
  // Codes whose value names another line or product say so in the message; others quote the cell.
  const problem = (e: {
    code: string;
    value?: string;
    params?: Record<string, string | number>;
  }) => {
    const message = t(csvRowMessageKey(e.code), { value: e.value ?? "", ...e.params });
    return e.value && !["duplicate_sku", "product_mismatch", "sku_other_product"].includes(e.code)
      ? `${message}${locale === "zh" ? "：" : ": "}“${e.value}”`
      : message;
  };
  return (
    <Page
      title={t("csv.title")}
      backAction={{ content: t("stock.title"), url: "/admin/stock" }}
      secondaryActions={[
        { content: t("csv.download"), url: "/admin/products/export.csv", external: true },
      ]}
    >
      <BlockStack gap="400">
        {result && result.ok ? (
          <Banner tone="success">{t("csv.done", result.counts)}</Banner>
        ) : null}
        {result && result.ok && result.stockChanges.length ? (
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
              <Text as="h2" variant="headingMd">
                {t("csv.stockChanges")}
              </Text>
            </div>
            <DataTable
              columnContentTypes={["numeric", "text", "numeric", "numeric"]}
              headings={[t("csv.line"), t("csv.sku"), t("csv.before"), t("csv.after")]}
              rows={result.stockChanges.map((c) => [c.line, c.sku, c.before, c.after])}
            />
          </Card>
        ) : null}
        {result && !result.ok && "fileError" in result ? (
          <Banner tone="critical">
            {t(`csvFile.${result.fileError.code}` as InventoryMessageKey, {
              line: result.fileError.line ?? "?",
              reason: result.fileError.reason ?? "",
              columns: (result.fileError.columns ?? []).join(", "),
            })}
          </Banner>
        ) : null}
        {result && !result.ok && "rowErrors" in result ? (
          <Card padding="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <Banner tone="critical" title={t("csv.summary", { rows: result.badRows })}>
                {t("csv.failed", { count: result.badRows })}
              </Banner>
            </div>
            {phone ? (
              // A table would scroll sideways on a phone; each problem reads as one short block.
              <Box paddingInline="400" paddingBlockEnd="400">
                <BlockStack as="ul" gap="300">
                  {result.rowErrors.map((e, i) => (
                    <li key={i} style={{ listStyle: "none" }}>
                      <Text as="p" fontWeight="semibold">
                        {t("csv.lineN", { n: e.line })} · <code>{e.column}</code>
                      </Text>
                      <Text as="p">{problem(e)}</Text>
                    </li>
                  ))}
                </BlockStack>
              </Box>
            ) : (
              <DataTable
                columnContentTypes={["numeric", "text", "text"]}
                headings={[t("csv.line"), t("csv.column"), t("csv.problem")]}
                rows={result.rowErrors.map((e) => [e.line, e.column ?? "", problem(e)])}
              />
            )}
            {result.totalErrors > result.rowErrors.length ? (
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="p">
                  {t("csv.more", { count: result.totalErrors - result.rowErrors.length })}
                </Text>
              </div>
            ) : null}
          </Card>
        ) : null}
        <Card>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="import" />
            <BlockStack gap="300">
              <Text as="p">{t("csv.help")}</Text>
              <label htmlFor="csv-file">
                <Text as="span" fontWeight="medium">
                  {t("csv.file")}
                </Text>
              </label>
              <input
                id="csv-file"
                type="file"
                name="file"
                accept=".csv,text/csv"
                required
                style={{ maxWidth: "100%" }}
              />
              <div>
                <Button submit variant="primary" loading={busy}>
                  {t("csv.upload")}
                </Button>
              </div>
            </BlockStack>
          </Form>
        </Card>
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <Text as="h2" variant="headingMd">
              {t("csv.columns")}
            </Text>
          </div>
          <div style={{ padding: "var(--p-space-400)" }}>
            <BlockStack as="ul" gap="200">
              {CSV_COLUMNS.map((c) => (
                <li key={c} style={{ listStyle: "none" }}>
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <code>{c}</code>
                    <Badge
                      tone={
                        (CSV_REQUIRED_COLUMNS as readonly string[]).includes(c)
                          ? "attention"
                          : undefined
                      }
                    >
                      {(CSV_REQUIRED_COLUMNS as readonly string[]).includes(c)
                        ? t("csv.required")
                        : t("csv.optional")}
                    </Badge>
                    <Text as="span" tone="subdued">
                      {t(`csvCol.${c}` as InventoryMessageKey)}
                    </Text>
                  </InlineStack>
                </li>
              ))}
            </BlockStack>
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}

export { AdminErrorContent as ErrorBoundary } from "~/components/admin/admin-error";
