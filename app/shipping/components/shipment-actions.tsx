import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { Locale } from "../../lib/i18n";
import { PROBLEM_NOTE_MAX } from "../cooperative-events";
import { shipmentTranslator, type ShipmentMessageKey } from "../shipment-messages";

/*
 * The cooperative's own entries in a parcel's timeline, on /admin/shipments. Plain forms that
 * post to the list (so they work before JavaScript loads, and a post never keeps `?problem=`).
 */

interface Parcel {
  id: string;
  trackingNumber: string;
  status: string;
}

/** True while this parcel's form for this intent is being posted. */
function usePosting(intent: string, shipmentId: string): boolean {
  const nav = useNavigation();
  return (
    nav.state === "submitting" &&
    nav.formData?.get("intent") === intent &&
    nav.formData?.get("shipmentId") === shipmentId
  );
}

/** Slim in the desktop table; large in the phone list, where a thumb has to hit them. */
type Size = "slim" | "large";

export function HandoverButton({
  parcel,
  actionUrl,
  locale,
  size,
}: {
  parcel: Parcel;
  actionUrl: string;
  locale: Locale;
  size: Size;
}) {
  const t = shipmentTranslator(locale);
  const posting = usePosting("handover", parcel.id);
  // The shopper is told at once and it cannot be taken back, so the first click only asks. Before
  // the page's script runs the button posts straight away, as a plain form.
  const [scripted, setScripted] = useState(false);
  const [asking, setAsking] = useState(false);
  useEffect(() => setScripted(true), []);
  return (
    <Form method="post" action={actionUrl}>
      <input type="hidden" name="intent" value="handover" />
      <input type="hidden" name="shipmentId" value={parcel.id} />
      {scripted && !asking ? (
        <Button
          size={size}
          onClick={() => setAsking(true)}
          accessibilityLabel={t("admin.handoverFor", { number: parcel.trackingNumber })}
        >
          {t("admin.handover")}
        </Button>
      ) : scripted ? (
        <BlockStack gap="100" inlineAlign="start">
          <Text as="p" variant="bodySm">
            {t("admin.handoverConfirm", { number: parcel.trackingNumber })}
          </Text>
          <InlineStack gap="200" wrap={false}>
            {/* The server records it once however often this is posted; disabling only saves a trip. */}
            <Button submit size={size} variant="primary" loading={posting}>
              {t("admin.handoverYes")}
            </Button>
            <Button size={size} onClick={() => setAsking(false)} disabled={posting}>
              {t("admin.handoverNo")}
            </Button>
          </InlineStack>
        </BlockStack>
      ) : (
        <Button
          submit
          size={size}
          loading={posting}
          accessibilityLabel={t("admin.handoverFor", { number: parcel.trackingNumber })}
        >
          {t("admin.handover")}
        </Button>
      )}
    </Form>
  );
}

export function ProblemLink({
  parcel,
  url,
  locale,
  size,
}: {
  parcel: Parcel;
  url: string;
  locale: Locale;
  size: Size;
}) {
  const t = shipmentTranslator(locale);
  return (
    <Button
      url={url}
      size={size}
      tone="critical"
      accessibilityLabel={t("admin.problemFor", { number: parcel.trackingNumber })}
    >
      {t("admin.problem")}
    </Button>
  );
}

/** The note form for one parcel; the request key makes a double submit store one problem. */
export function ProblemCard({
  parcel,
  actionUrl,
  cancelUrl,
  requestKey,
  locale,
  note,
  error,
}: {
  parcel: Parcel;
  actionUrl: string;
  cancelUrl: string;
  requestKey: string;
  locale: Locale;
  note: string;
  error?: ShipmentMessageKey;
}) {
  const t = shipmentTranslator(locale);
  const [value, setValue] = useState(note);
  const posting = usePosting("problem", parcel.id);
  return (
    <Card>
      <Form method="post" action={actionUrl} noValidate>
        <input type="hidden" name="intent" value="problem" />
        <input type="hidden" name="shipmentId" value={parcel.id} />
        <input type="hidden" name="key" value={requestKey} />
        <BlockStack gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("problem.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("problem.parcel", {
                number: parcel.trackingNumber,
                status: t(`status.${parcel.status}` as ShipmentMessageKey),
              })}
            </Text>
          </BlockStack>
          <TextField
            label={t("problem.note")}
            name="note"
            value={value}
            onChange={setValue}
            multiline={2}
            maxLength={PROBLEM_NOTE_MAX}
            showCharacterCount
            autoComplete="off"
            helpText={t("problem.help")}
            error={error ? t(error) : undefined}
            requiredIndicator
            // The form opens because the person just chose "report a problem": the note is next.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
          <InlineStack gap="200" align="end">
            <Button url={cancelUrl}>{t("problem.cancel")}</Button>
            <Button submit variant="primary" tone="critical" loading={posting}>
              {t("problem.submit")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
