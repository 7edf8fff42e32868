import {
  BlockStack,
  Box,
  IndexTable,
  InlineStack,
  Link as PolarisLink,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import type { OrderStatus } from "../../../db/orders-schema";
import { useAdminT, type AdminTranslate } from "../../components/admin/admin-i18n";
import { adminOrderMessages, type AdminOrderMessageKey } from "../admin-order-messages";
import type { Locale } from "../../lib/i18n";
import { formatFen } from "../../lib/money";
import { formatOrderTime, lineName, OrderStatusBadge, type LineName } from "./admin-order-badge";

export interface OrderListRow {
  id: string;
  code: string;
  createdAt: string;
  status: OrderStatus;
  channel: string;
  payoutFen: number;
  refundedFen: number;
  parcels: number;
  plannedParcels: number;
  lines: LineName[];
}

/** "赣南脐橙 5斤装 ×2 等 3 种" : the first line and how many more, enough to recognise an order. */
function itemsSummary(
  lines: LineName[],
  locale: Locale,
  t: AdminTranslate<AdminOrderMessageKey>,
): string {
  const first = lines[0];
  if (!first) return "—";
  const head = `${lineName(first, locale)} ×${first.quantity}`;
  return lines.length > 1 ? t("orders.list.more", { first: head, count: lines.length - 1 }) : head;
}

const voided = (r: OrderListRow) => r.status === "cancelled" || r.status === "refunded";

export function OrderList({ rows }: { rows: OrderListRow[] }) {
  const { t, locale } = useAdminT(adminOrderMessages);
  // On a phone each order is one stacked row instead of six columns.
  const condensed = useBreakpoints().smDown;
  const parcels = (r: OrderListRow) =>
    r.parcels > 0
      ? t("orders.list.parcels", { count: r.parcels })
      : t("orders.list.planned", { count: r.plannedParcels });
  const code = (r: OrderListRow) => (
    <PolarisLink url={`/admin/orders/${r.id}`} removeUnderline>
      <Text as="span" fontWeight="semibold">
        {r.code}
      </Text>
    </PolarisLink>
  );
  // A cancelled or fully refunded part pays the cooperative nothing: its payout is struck through.
  const payout = (r: OrderListRow) => (
    <BlockStack gap="050" inlineAlign="end">
      <Text
        as="span"
        numeric
        fontWeight="semibold"
        tone={voided(r) ? "subdued" : undefined}
        textDecorationLine={voided(r) ? "line-through" : undefined}
      >
        {formatFen(r.payoutFen, locale)}
      </Text>
      {r.refundedFen > 0 ? (
        <Text as="span" numeric tone="critical" variant="bodySm">
          {t("orders.list.refunded", { amount: formatFen(r.refundedFen, locale) })}
        </Text>
      ) : null}
    </BlockStack>
  );
  return (
    <IndexTable
      itemCount={rows.length}
      selectable={false}
      condensed={condensed}
      resourceName={{ singular: t("orders.list.order"), plural: t("orders.list.orders") }}
      headings={[
        { title: t("orders.col.code") },
        { title: t("orders.col.date") },
        { title: t("orders.col.status") },
        { title: t("orders.col.items") },
        { title: t("orders.col.parcels") },
        { title: t("orders.col.payout"), alignment: "end" },
      ]}
    >
      {rows.map((r, i) =>
        condensed ? (
          <IndexTable.Row id={r.id} key={r.id} position={i}>
            <Box paddingBlock="300" paddingInline="400">
              <BlockStack gap="150">
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  {code(r)}
                  <OrderStatusBadge status={r.status} />
                </InlineStack>
                <Text as="p">{itemsSummary(r.lines, locale, t)}</Text>
                <InlineStack align="space-between" blockAlign="start" gap="200">
                  <Text as="span" tone="subdued" variant="bodySm">
                    {formatOrderTime(r.createdAt, locale)} · {parcels(r)}
                    {r.channel !== "standard"
                      ? ` · ${t(`orders.channel.${r.channel as "presale"}`)}`
                      : ""}
                  </Text>
                  {payout(r)}
                </InlineStack>
              </BlockStack>
            </Box>
          </IndexTable.Row>
        ) : (
          <IndexTable.Row id={r.id} key={r.id} position={i}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                {code(r)}
                {r.channel !== "standard" ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {t(`orders.channel.${r.channel as "presale"}`)}
                  </Text>
                ) : null}
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{formatOrderTime(r.createdAt, locale)}</IndexTable.Cell>
            <IndexTable.Cell>
              <OrderStatusBadge status={r.status} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <div style={{ maxWidth: "22rem", whiteSpace: "normal" }}>
                {itemsSummary(r.lines, locale, t)}
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>{parcels(r)}</IndexTable.Cell>
            <IndexTable.Cell>{payout(r)}</IndexTable.Cell>
          </IndexTable.Row>
        ),
      )}
    </IndexTable>
  );
}
