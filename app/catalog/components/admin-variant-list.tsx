import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { pick } from "../../lib/i18n";
import { formatFen, formatWeight } from "../../lib/money";
import type { FieldErrors } from "../../lib/field-errors";
import type { VariantFormValues } from "../admin-schemas";
import { HiddenIntent } from "../../components/admin/admin-fields";
import { adminMessages } from "../admin-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { EMPTY_VARIANT, VariantFields } from "./admin-product-fields";

export interface AdminVariantView {
  id: string;
  status: "active" | "archived";
  labelZh: string;
  labelEn: string;
  sku: string;
  priceFen: number;
  compareAtFen: number | null;
  netWeightG: number;
  available: number;
  form: VariantFormValues;
}

/** The action's last answer, so the form it came from reopens with its errors. */
export interface VariantFeedback {
  intent?: string;
  variantId?: string;
  errors?: FieldErrors;
  values?: Record<string, unknown>;
}

function VariantRow({
  v,
  feedback,
}: {
  v: AdminVariantView;
  feedback: VariantFeedback | undefined;
}) {
  const { t, locale } = useAdminT(adminMessages);
  const mine = feedback?.variantId === v.id && feedback.intent === "update-variant";
  const failed = mine && feedback?.errors;
  const [editing, setEditing] = useState(Boolean(failed));
  const open = editing || Boolean(failed);
  const label = pick(v, "label", locale);
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <BlockStack gap="050">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {label}
            </Text>
            {v.status === "archived" ? <Badge>{t("common.archived")}</Badge> : null}
          </InlineStack>
          <Text as="p" tone="subdued">
            {formatFen(v.priceFen, locale)} · {formatWeight(v.netWeightG, locale)} · {v.sku} ·{" "}
            {t("products.stock", { count: v.available })}
          </Text>
        </BlockStack>
        <InlineStack gap="200">
          <Button url={`/admin/stock/${v.id}`} variant="plain">
            {t("variants.setStock")}
          </Button>
          <Button
            onClick={() => setEditing(!open)}
            disclosure={open ? "up" : "down"}
            accessibilityLabel={`${t("common.edit")} ${label}`}
          >
            {t("common.edit")}
          </Button>
        </InlineStack>
      </InlineStack>
      {open ? (
        <Box paddingBlockStart="200">
          <BlockStack gap="300">
            <Form method="post" noValidate>
              <HiddenIntent intent="update-variant" />
              <input type="hidden" name="variantId" value={v.id} />
              <BlockStack gap="300">
                <VariantFields
                  values={
                    failed
                      ? { ...EMPTY_VARIANT, ...(feedback?.values as Partial<VariantFormValues>) }
                      : v.form
                  }
                  errors={failed ? feedback!.errors! : {}}
                />
                <InlineStack align="end" gap="200">
                  <Button submit variant="primary">
                    {t("common.save")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
            <Form method="post">
              <HiddenIntent
                intent={v.status === "active" ? "archive-variant" : "restore-variant"}
              />
              <input type="hidden" name="variantId" value={v.id} />
              <Button submit tone={v.status === "active" ? "critical" : undefined} variant="plain">
                {v.status === "active" ? t("common.archive") : t("common.restore")}
              </Button>
            </Form>
          </BlockStack>
        </Box>
      ) : null}
    </BlockStack>
  );
}

export function VariantList({
  variants,
  feedback,
}: {
  variants: AdminVariantView[];
  feedback: VariantFeedback | undefined;
}) {
  const { t } = useAdminT(adminMessages);
  const busy = useNavigation().state === "submitting";
  const addFailed = feedback?.intent === "add-variant" && feedback.errors;
  // A new key after each successful add empties the add form.
  const addKey = variants.length;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("variants.title")}
        </Text>
        {variants.length === 0 ? <Text as="p">{t("variants.none")}</Text> : null}
        {variants.map((v, i) => (
          <BlockStack key={v.id} gap="400">
            {i > 0 ? <Divider /> : null}
            <VariantRow v={v} feedback={feedback} />
          </BlockStack>
        ))}
        <Divider />
        <Form method="post" noValidate key={addKey}>
          <HiddenIntent intent="add-variant" />
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {t("variants.add")}
            </Text>
            <VariantFields
              values={
                addFailed
                  ? { ...EMPTY_VARIANT, ...(feedback?.values as Partial<VariantFormValues>) }
                  : EMPTY_VARIANT
              }
              errors={addFailed ? feedback!.errors! : {}}
            />
            <InlineStack align="end">
              <Button submit loading={busy}>
                {t("variants.add")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Form>
      </BlockStack>
    </Card>
  );
}
