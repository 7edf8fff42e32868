import { Form } from "@remix-run/react";
import { Button, InlineStack, Select, TextField, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { CHANNELS, ORDER_STATUSES } from "../../../db/order-values";
import type { AdminOrderQuery } from "../admin-orders";

/** A plain GET form: the filters live in the URL, so a filtered list can be bookmarked or shared. */
export function OrderFilters({ query }: { query: AdminOrderQuery }) {
  const { t } = useAdminT(adminOrderMessages);
  const [status, setStatus] = useState<string>(query.status ?? "");
  const [channel, setChannel] = useState<string>(query.channel ?? "");
  const [from, setFrom] = useState(query.from ?? "");
  const [to, setTo] = useState(query.to ?? "");
  const [q, setQ] = useState(query.q ?? "");
  const size = useBreakpoints().smDown ? "large" : undefined;
  const filtered = Boolean(query.status || query.channel || query.from || query.to || query.q);
  // Each field takes a share of the row on a desktop and wraps to its own line on a phone.
  const cell = (child: React.ReactNode, basis = "10rem") => (
    <div style={{ flex: `1 1 ${basis}`, minWidth: 0 }}>{child}</div>
  );
  return (
    <Form method="get" action="/admin/orders">
      <InlineStack gap="300" blockAlign="end" wrap>
        {cell(
          <TextField
            label={t("orders.filter.code")}
            name="q"
            value={q}
            onChange={setQ}
            autoComplete="off"
            placeholder="HL…"
            clearButton
            onClearButtonClick={() => setQ("")}
          />,
          "12rem",
        )}
        {cell(
          <Select
            label={t("orders.filter.status")}
            name="status"
            value={status}
            onChange={setStatus}
            options={[
              { label: t("orders.filter.all"), value: "" },
              ...ORDER_STATUSES.map((s) => ({ label: t(`orders.status.${s}`), value: s })),
            ]}
          />,
        )}
        {cell(
          <Select
            label={t("orders.filter.channel")}
            name="channel"
            value={channel}
            onChange={setChannel}
            options={[
              { label: t("orders.filter.all"), value: "" },
              ...CHANNELS.map((c) => ({ label: t(`orders.channel.${c}`), value: c })),
            ]}
          />,
        )}
        {cell(
          <TextField
            label={t("orders.filter.from")}
            type="date"
            name="from"
            value={from}
            onChange={setFrom}
            autoComplete="off"
          />,
          "9rem",
        )}
        {cell(
          <TextField
            label={t("orders.filter.to")}
            type="date"
            name="to"
            value={to}
            onChange={setTo}
            autoComplete="off"
          />,
          "9rem",
        )}
        <InlineStack gap="200">
          <Button submit variant="primary" size={size}>
            {t("orders.filter.apply")}
          </Button>
          {filtered ? (
            <Button url="/admin/orders" size={size}>
              {t("orders.filter.clear")}
            </Button>
          ) : null}
        </InlineStack>
      </InlineStack>
    </Form>
  );
}
