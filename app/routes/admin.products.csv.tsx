import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from "~/catalog/csv";
import { importProductCsv, readCsvUpload } from "~/catalog/csv.server";
import { useInventoryT } from "~/inventory/components/stock-ui";
import { csvRowMessageKey, type InventoryMessageKey } from "~/inventory/messages";

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
    return data({ ok: false as const, fileError: { code: upload.error.code } as FileError }, { status: upload.status });
  }
  switch (upload.intent) {
    case "import": {
      if (!upload.bytes) return data({ ok: false as const, fileError: { code: "none" } as FileError }, { status: 400 });
      const outcome = await importProductCsv({ cooperativeId: cooperative.id, bytes: upload.bytes, actor: user.email });
      if (outcome.ok) return data(outcome);
      if ("fileError" in outcome) return data({ ok: false as const, fileError: outcome.fileError as FileError }, { status: outcome.status });
      return data(
        { ok: false as const, rowErrors: outcome.rowErrors.slice(0, SHOWN_ERRORS), totalErrors: outcome.rowErrors.length, badRows: outcome.badRows },
        { status: outcome.status },
      );
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function CsvImportPage() {
  const result = useActionData<typeof action>();
  const { t } = useInventoryT();
  const busy = useNavigation().state === "submitting";
  return (
    <Page
      title={t("csv.title")}
      backAction={{ content: t("stock.title"), url: "/admin/stock" }}
      secondaryActions={[{ content: t("csv.download"), url: "/admin/products/export.csv", external: true }]}
    >
      <BlockStack gap="400">
        {result && result.ok ? <Banner tone="success">{t("csv.done", result.counts)}</Banner> : null}
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
            <DataTable
              columnContentTypes={["numeric", "text", "text", "text"]}
              headings={[t("csv.line"), t("csv.column"), t("csv.problem"), t("csv.value")]}
              rows={result.rowErrors.map((e) => [e.line, e.column ?? "", t(csvRowMessageKey(e.code), { value: e.value ?? "" }), e.code === "duplicate_sku" || e.code === "product_mismatch" || e.code === "sku_other_product" ? "" : (e.value ?? "")])}
            />
            {result.totalErrors > result.rowErrors.length ? (
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="p">{t("csv.more", { count: result.totalErrors - result.rowErrors.length })}</Text>
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
              <input id="csv-file" type="file" name="file" accept=".csv,text/csv" required style={{ maxWidth: "100%" }} />
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
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={[t("csv.column"), "", t("csv.meaning")]}
            rows={CSV_COLUMNS.map((c) => [
              <code key={c}>{c}</code>,
              (CSV_REQUIRED_COLUMNS as readonly string[]).includes(c) ? t("csv.required") : t("csv.optional"),
              t(`csvCol.${c}` as InventoryMessageKey),
            ])}
          />
        </Card>
      </BlockStack>
    </Page>
  );
}

export { AdminErrorContent as ErrorBoundary } from "~/catalog/components/admin-error";
