import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { OrderStatus } from "../../../db/orders-schema";
import { useAdminT } from "../../components/admin/admin-i18n";
import { adminOrderMessages, type AdminOrderMessageKey } from "../admin-order-messages";
import { formatFen } from "../../lib/money";
import { formatOrderTime } from "./admin-order-badge";

export interface TimelineEvent {
  id: number;
  event: string;
  toStatus: OrderStatus;
  createdAt: string;
  amountFen: number | null;
  note: string;
  actor: { kind: "member"; name: string } | { kind: "platform" | "shopper" | "payment" | "system" };
}

const KNOWN = new Set([
  "submitted",
  "paid",
  "payment_failed",
  "payment_held",
  "expired",
  "shipments_created",
  "fulfilling",
  "shipped",
  "delivered",
  "cancelled",
  "part_cancelled",
  "refund",
  "partial_refund",
  "refund_failed",
  "refunded",
]);

/** Oldest first, as it happened; events the helpers add later still show, by their status. */
export function OrderTimeline({ events }: { events: TimelineEvent[] }) {
  const { t, locale } = useAdminT(adminOrderMessages);
  const what = (e: TimelineEvent) =>
    KNOWN.has(e.event)
      ? t(`orders.event.${e.event}` as AdminOrderMessageKey)
      : t("orders.event.other", { status: t(`orders.status.${e.toStatus}`) });
  const who = (e: TimelineEvent) =>
    e.actor.kind === "member" ? e.actor.name : t(`orders.actor.${e.actor.kind}`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("orders.timeline.title")}
        </Text>
        {events.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("orders.timeline.empty")}
          </Text>
        ) : (
          <ol
            style={{
              listStyle: "none",
              margin: 0,
              padding: 0,
              display: "grid",
              gap: "var(--p-space-300)",
            }}
          >
            {events.map((e) => (
              <li
                key={e.id}
                style={{
                  borderInlineStart: "2px solid var(--p-color-border)",
                  paddingInlineStart: "var(--p-space-300)",
                }}
              >
                <BlockStack gap="050">
                  <InlineStack gap="200" blockAlign="baseline" wrap>
                    <Text as="span" fontWeight="semibold">
                      {what(e)}
                    </Text>
                    {e.amountFen !== null ? (
                      <Text as="span" numeric>
                        {formatFen(e.amountFen, locale)}
                      </Text>
                    ) : null}
                  </InlineStack>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatOrderTime(e.createdAt, locale)} · {who(e)}
                  </Text>
                  {e.note ? <Text as="p">{e.note}</Text> : null}
                </BlockStack>
              </li>
            ))}
          </ol>
        )}
      </BlockStack>
    </Card>
  );
}
