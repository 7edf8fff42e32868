import { BlockStack, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatFen } from "../../lib/money";

export interface PartMoneyView {
  itemsFen: number;
  shippingFen: number;
  platformFeeBps: number;
  platformFeeFen: number;
  payoutFen: number;
  refundedFen: number;
  refundableFen: number;
  courierFen: number;
  parcelCount: number;
  paid: boolean;
}

/** This cooperative's money for the order; never the order's total, which includes other cooperatives. */
export function OrderMoney({ money }: { money: PartMoneyView }) {
  const { t, locale } = useAdminT(adminOrderMessages);
  const rate = `${(money.platformFeeBps / 100).toLocaleString(locale === "zh" ? "zh-CN" : "en-US", { maximumFractionDigits: 2 })}%`;
  const row = (
    label: string,
    fen: number,
    opts: { strong?: boolean; minus?: boolean; tone?: "critical" | "subdued" } = {},
  ) => (
    <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
      <Text as="span" fontWeight={opts.strong ? "semibold" : undefined} tone={opts.tone}>
        {label}
      </Text>
      <Text as="span" numeric fontWeight={opts.strong ? "semibold" : undefined} tone={opts.tone}>
        {opts.minus && fen > 0 ? "−" : ""}
        {formatFen(fen, locale)}
      </Text>
    </InlineStack>
  );
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("orders.money.title")}
        </Text>
        {row(t("orders.money.items"), money.itemsFen)}
        {row(t("orders.money.fee", { rate }), money.platformFeeFen, { minus: true })}
        <Divider />
        {row(t("orders.money.payout"), money.payoutFen, { strong: true })}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("orders.money.note")}
        </Text>
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("orders.money.shippingTitle")}
        </Text>
        {row(t("orders.money.shipping"), money.shippingFen)}
        {money.parcelCount > 0 ? (
          row(t("orders.money.courier", { count: money.parcelCount }), money.courierFen)
        ) : (
          <Text as="p" tone="subdued">
            {t("orders.money.courierPending")}
          </Text>
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("orders.money.whoPays")}
        </Text>
        <Divider />
        <Text as="h3" variant="headingSm">
          {t("orders.money.refundTitle")}
        </Text>
        {money.refundedFen > 0
          ? row(t("orders.money.refunded"), money.refundedFen, { minus: true, tone: "critical" })
          : null}
        {money.paid ? (
          <>
            {row(t("orders.money.refundable"), money.refundableFen, { strong: true })}
            <Text as="p" variant="bodySm" tone="subdued">
              {t("orders.money.refundLimit")}
            </Text>
          </>
        ) : (
          <Text as="p" tone="subdued">
            {t("orders.money.notPaid")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
