import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { Fragment } from "react";
import type { DeliveryAddress } from "../../../db/orders-schema";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatFen } from "../../lib/money";
import { formatAddress } from "../address";
import { lineName, type LineName } from "./admin-order-badge";

export interface OrderLineView extends LineName {
  lineNo: number;
  sku: string;
  storage: "ambient" | "chilled";
  priceFen: number;
  lineFen: number;
}

/** What this cooperative has to pack: its lines only, with the SKU the warehouse knows. */
export function OrderLines({ lines }: { lines: OrderLineView[] }) {
  const { t, locale } = useAdminT(adminOrderMessages);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("orders.lines.title")}
        </Text>
        {lines.map((l, i) => (
          <Fragment key={l.lineNo}>
            {i > 0 ? <Divider /> : null}
            <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
              <BlockStack gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {lineName(l, locale)}
                  </Text>
                  {l.storage === "chilled" ? (
                    <Badge tone="info">{t("orders.lines.chilled")}</Badge>
                  ) : null}
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {l.sku} ·{" "}
                  {t("orders.lines.each", {
                    price: formatFen(l.priceFen, locale),
                    quantity: l.quantity,
                  })}
                </Text>
              </BlockStack>
              <BlockStack gap="050" inlineAlign="end">
                <Text as="span" variant="headingMd" numeric>
                  ×{l.quantity}
                </Text>
                <Text as="span" numeric>
                  {formatFen(l.lineFen, locale)}
                </Text>
              </BlockStack>
            </InlineStack>
          </Fragment>
        ))}
      </BlockStack>
    </Card>
  );
}

/** The full address: the cooperative writes it on the parcel (the label prints it too). */
export function OrderRecipient({
  recipient,
  email,
  mobile,
}: {
  recipient: DeliveryAddress;
  email: string | null;
  mobile: string | null;
}) {
  const { t } = useAdminT(adminOrderMessages);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("orders.recipient.title")}
        </Text>
        <Text as="p" fontWeight="semibold">
          {recipient.name} · <a href={`tel:${recipient.mobile}`}>{recipient.mobile}</a>
        </Text>
        {/* Addresses are written in Chinese for the courier, whatever the page's language. */}
        <Text as="p">{formatAddress(recipient)}</Text>
        {recipient.postcode ? (
          <Text as="p" tone="subdued">
            {t("orders.recipient.postcode", { code: recipient.postcode })}
          </Text>
        ) : null}
        {email || mobile ? (
          <Box paddingBlockStart="200">
            <BlockStack gap="050">
              <Text as="h3" variant="headingSm">
                {t("orders.recipient.contact")}
              </Text>
              {email ? (
                <Text as="p" breakWord>
                  <a href={`mailto:${email}`}>{email}</a>
                </Text>
              ) : null}
              {mobile ? (
                <Text as="p">
                  <a href={`tel:${mobile}`}>{mobile}</a>
                </Text>
              ) : null}
            </BlockStack>
          </Box>
        ) : null}
      </BlockStack>
    </Card>
  );
}
