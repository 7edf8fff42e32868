import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { adminOrderMessages } from "../admin-order-messages";
import { useAdminT } from "../../components/admin/admin-i18n";
import { formatFen } from "../../lib/money";
import { fenToYuanInput, REFUND_REASON_MAX } from "../admin-orders";

/*
 * Cancel and refund: each opens as its own card (`?do=cancel`, `?do=refund`), which is the
 * confirmation step. Plain forms, so they work on a phone before JavaScript has loaded.
 */

export interface ActionFormState {
  intent: "cancel" | "refund";
  errors?: { amount?: string; reason?: string };
  values?: { amount?: string; reason?: string };
}

function useSubmitting(intent: string) {
  const nav = useNavigation();
  return nav.state === "submitting" && nav.formData?.get("intent") === intent;
}

export function OrderActionsCard({
  orderUrl,
  canCancel,
  canRefund,
  mayAct,
  collected,
}: {
  orderUrl: string;
  canCancel: boolean;
  canRefund: boolean;
  mayAct: boolean;
  collected: boolean;
}) {
  const { t } = useAdminT(adminOrderMessages);
  if (!canCancel && !canRefund) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("orders.actions.title")}
        </Text>
        {mayAct ? (
          <>
            <InlineStack gap="200" wrap>
              {canRefund ? (
                <Button url={`${orderUrl}?do=refund`}>{t("orders.refund.button")}</Button>
              ) : null}
              {canCancel ? (
                <Button url={`${orderUrl}?do=cancel`} tone="critical">
                  {t("orders.cancel.button")}
                </Button>
              ) : null}
            </InlineStack>
            {collected && !canCancel ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {t("orders.actions.shippedNote")}
              </Text>
            ) : null}
          </>
        ) : (
          <Text as="p" tone="subdued">
            {t("orders.actions.ownerOnly")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export function CancelCard({
  orderUrl,
  amountFen,
  state,
}: {
  orderUrl: string;
  amountFen: number;
  state?: ActionFormState;
}) {
  const { t, err, locale } = useAdminT(adminOrderMessages);
  const [reason, setReason] = useState(state?.values?.reason ?? "");
  const submitting = useSubmitting("cancel");
  return (
    <Card>
      <Form method="post" action={orderUrl} noValidate>
        <input type="hidden" name="intent" value="cancel" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("orders.cancel.title")}
          </Text>
          <Banner tone="critical">
            <p>{t("orders.cancel.body", { amount: formatFen(amountFen, locale) })}</p>
          </Banner>
          <ReasonField
            label={t("orders.cancel.reason")}
            value={reason}
            onChange={setReason}
            error={err(state?.errors?.reason)}
          />
          <InlineStack gap="200" align="end">
            <Button url={orderUrl}>{t("orders.cancel.keep")}</Button>
            <Button submit variant="primary" tone="critical" loading={submitting}>
              {t("orders.cancel.confirm")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

export function RefundCard({
  orderUrl,
  refundableFen,
  requestKey,
  state,
}: {
  orderUrl: string;
  refundableFen: number;
  requestKey: string;
  state?: ActionFormState;
}) {
  const { t, err, locale } = useAdminT(adminOrderMessages);
  const [amount, setAmount] = useState(state?.values?.amount ?? "");
  const [reason, setReason] = useState(state?.values?.reason ?? "");
  const submitting = useSubmitting("refund");
  const left = formatFen(refundableFen, locale);
  const amountError =
    state?.errors?.amount === "orders.refund.tooMuch"
      ? t("orders.refund.tooMuch", { left })
      : err(state?.errors?.amount);
  return (
    <Card>
      <Form method="post" action={orderUrl} noValidate>
        <input type="hidden" name="intent" value="refund" />
        <input type="hidden" name="requestKey" value={requestKey} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("orders.refund.title")}
          </Text>
          <Text as="p">{t("orders.refund.body", { left })}</Text>
          <TextField
            label={t("orders.refund.amount")}
            name="amount"
            value={amount}
            onChange={setAmount}
            inputMode="decimal"
            prefix="¥"
            autoComplete="off"
            error={amountError}
            requiredIndicator
            connectedRight={
              <Button onClick={() => setAmount(fenToYuanInput(refundableFen))}>
                {t("orders.refund.all", { left })}
              </Button>
            }
          />
          <ReasonField
            label={t("orders.refund.reason")}
            value={reason}
            onChange={setReason}
            error={err(state?.errors?.reason)}
          />
          <InlineStack gap="200" align="end">
            <Button url={orderUrl}>{t("orders.refund.cancel")}</Button>
            <Button submit variant="primary" loading={submitting}>
              {t("orders.refund.submit")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** Why the part is cancelled or refunded: the same field, limit and check on both forms. */
function ReasonField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <TextField
      label={label}
      name="reason"
      value={value}
      onChange={onChange}
      maxLength={REFUND_REASON_MAX}
      autoComplete="off"
      error={error}
      requiredIndicator
    />
  );
}
