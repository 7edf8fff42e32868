import type { LoaderFunctionArgs } from "@remix-run/node";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { requireCooperativeContext } from "~/auth/cooperative-context.server";
import { AdminErrorContent } from "~/catalog/components/admin-error";
import { useAdminT } from "~/catalog/components/admin-i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  // Nothing to list until checkout exists; the check still runs so the page is never open.
  await requireCooperativeContext(request);
  return null;
}

export default function Orders() {
  const { t } = useAdminT();
  return (
    <Page title={t("orders.title")}>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("orders.emptyTitle")}
          </Text>
          <Text as="p" tone="subdued">
            {t("orders.emptyBody")}
          </Text>
        </BlockStack>
      </Card>
    </Page>
  );
}

export const ErrorBoundary = AdminErrorContent;
