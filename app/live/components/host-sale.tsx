import { Form, useNavigation } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  FormLayout,
  InlineStack,
  Link,
  RadioButton,
  Text,
  type BadgeProps,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { confirmOrStop, Field, HiddenIntent, SelectField } from "~/components/admin/admin-fields";
import { useAdminT } from "~/components/admin/admin-i18n";
import { formatFen } from "~/lib/money";
import { formatOrderTime } from "~/orders/components/admin-order-badge";
import { liveConsoleMessages } from "./live-console-messages";

/* The host console's sale card (terms, short link, QR, actions) and its new-sale form. */

export type Phase = "draft" | "countdown" | "live" | "paused" | "ended";

export const PHASE_TONE: Record<Phase, BadgeProps["tone"]> = {
  draft: undefined,
  countdown: "attention",
  live: "success",
  paused: "warning",
  ended: undefined,
};

export function PhaseBadge({ phase }: { phase: Phase }) {
  const { t } = useAdminT(liveConsoleMessages);
  return <Badge tone={PHASE_TONE[phase]}>{t(`phase.${phase}`)}</Badge>;
}

export interface HostSale {
  id: string;
  code: string;
  link: string;
  phase: Phase;
  name: string;
  pack: string;
  priceFen: number;
  standardFen: number;
  quantity: number;
  perShopperLimit: number | null;
  holdSeconds: number;
  startsAt: string | null;
  endsAt: string | null;
  countdownSeconds: number | null;
  durationSeconds: number | null;
}

/** What the host may do in each phase (the engine refuses the rest). */
const ACTIONS: Record<Phase, ("start" | "pause" | "resume" | "end")[]> = {
  draft: ["start", "end"],
  countdown: ["pause", "end"],
  live: ["pause", "end"],
  paused: ["resume", "end"],
  ended: [],
};

/**
 * Start, pause, resume and end as the phase allows (ending asks first), as forms posting `intent`
 * and `saleId` to the page's action: the session page, and the host's and the owner's dashboards.
 */
export function SaleControls({
  saleId,
  phase,
  children,
}: {
  saleId: string;
  phase: Phase;
  children?: ReactNode;
}) {
  const { t } = useAdminT(liveConsoleMessages);
  if (phase === "ended") return null;
  return (
    <ButtonGroup>
      {ACTIONS[phase].map((a) => (
        <ActionButton
          key={a}
          saleId={saleId}
          intent={a}
          label={t(`action.${a}`)}
          primary={a === "start" || a === "resume"}
          critical={a === "end"}
          confirm={a === "end" ? t("action.endConfirm") : undefined}
        />
      ))}
      {children}
    </ButtonGroup>
  );
}

function ActionButton({
  saleId,
  intent,
  label,
  primary,
  critical,
  confirm,
}: {
  saleId: string;
  intent: string;
  label: string;
  primary?: boolean;
  critical?: boolean;
  /** Asked first (a final action, one slip on a phone mid-stream): cancel sends nothing. */
  confirm?: string;
}) {
  const nav = useNavigation();
  const busy =
    nav.state === "submitting" &&
    nav.formData?.get("intent") === intent &&
    nav.formData?.get("saleId") === saleId;
  return (
    <Form method="post" onSubmit={(e) => confirmOrStop(e, confirm)}>
      <HiddenIntent intent={intent} />
      <input type="hidden" name="saleId" value={saleId} />
      <Button
        submit
        loading={busy}
        variant={primary ? "primary" : undefined}
        tone={critical ? "critical" : undefined}
      >
        {label}
      </Button>
    </Form>
  );
}

function copyByHand(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

function CopyLink({ link }: { link: string }) {
  const { t } = useAdminT(liveConsoleMessages);
  const [copied, setCopied] = useState(false);
  return (
    <Button
      onClick={() => {
        const done = () => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        };
        // The Clipboard API needs a secure context (https or localhost); a LAN address has not.
        if (navigator.clipboard) void navigator.clipboard.writeText(link).then(done);
        else if (copyByHand(link)) done();
      }}
    >
      {copied ? t("sale.copied") : t("sale.copy")}
    </Button>
  );
}

export function SaleCard({ sale: s, pinned }: { sale: HostSale; pinned: boolean }) {
  const { t, locale } = useAdminT(liveConsoleMessages);
  const terms = [
    t("sale.quantity", { quantity: s.quantity }),
    s.perShopperLimit ? t("sale.limit", { limit: s.perShopperLimit }) : t("sale.noLimit"),
    t("sale.hold", { minutes: Math.round(s.holdSeconds / 60) }),
  ].join(" · ");
  const when =
    s.startsAt && s.endsAt
      ? t("sale.window", {
          start: formatOrderTime(s.startsAt, locale),
          end: formatOrderTime(s.endsAt, locale),
        })
      : s.countdownSeconds != null
        ? t("sale.countdownPlan", {
            seconds: s.countdownSeconds,
            minutes: Math.round((s.durationSeconds ?? 600) / 60),
          })
        : null;
  const qr = `/host/sales/${s.id}/qr`;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              {s.name} · {s.pack}
            </Text>
            <InlineStack gap="200" align="start" blockAlign="center">
              <PhaseBadge phase={s.phase} />
              {pinned ? <Badge tone="info">{t("sale.pinned")}</Badge> : null}
            </InlineStack>
          </BlockStack>
          <Link url={`/host/sales/${s.id}`}>{t("sale.dashboard")}</Link>
        </InlineStack>
        <BlockStack gap="100">
          <InlineStack gap="200" align="start" blockAlign="baseline">
            <Text as="span" variant="headingLg">
              {t("sale.price", { price: formatFen(s.priceFen, locale) })}
            </Text>
            <Text as="span" tone="subdued" textDecorationLine="line-through">
              {t("sale.was", { price: formatFen(s.standardFen, locale) })}
            </Text>
          </InlineStack>
          <Text as="p" tone="subdued">
            {terms}
          </Text>
          {when ? (
            <Text as="p" tone="subdued">
              {when}
            </Text>
          ) : null}
        </BlockStack>
        <div className="host-sale-share">
          <BlockStack gap="200">
            <Text as="p" variant="bodySm" tone="subdued">
              {t("sale.link")}
            </Text>
            <Box
              background="bg-surface-secondary"
              padding="200"
              borderRadius="200"
              borderWidth="025"
              borderColor="border"
            >
              <Text as="p" variant="headingMd" breakWord>
                <span translate="no">{s.link}</span>
              </Text>
            </Box>
            <InlineStack gap="200">
              <CopyLink link={s.link} />
            </InlineStack>
          </BlockStack>
          <BlockStack gap="100" inlineAlign="start">
            <img
              className="host-sale-qr"
              src={`${qr}.svg`}
              width={160}
              height={160}
              alt={t("sale.qrAlt", { code: s.code })}
            />
            <Link url={`${qr}.png?download=1`} target="_blank">
              {t("sale.qrPng")}
            </Link>
            <Link url={`${qr}.svg?download=1`} target="_blank">
              {t("sale.qrSvg")}
            </Link>
          </BlockStack>
        </div>
        <SaleControls saleId={s.id} phase={s.phase}>
          <ActionButton
            saleId={s.id}
            intent={pinned ? "unpin" : "pin"}
            label={pinned ? t("action.unpin") : t("action.pin")}
          />
        </SaleControls>
      </BlockStack>
    </Card>
  );
}

export function NewSaleForm({
  packs,
  values,
  errors,
}: {
  packs: { variantId: string; name: string; pack: string; priceFen: number }[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { t, err, locale } = useAdminT(liveConsoleMessages);
  const busy = useNavigation().formData?.get("intent") === "create-sale";
  const [timing, setTiming] = useState(values.timing === "fixed" ? "fixed" : "countdown");
  return (
    <Form method="post" noValidate>
      <HiddenIntent intent="create-sale" />
      <BlockStack gap="300">
        <FormLayout>
          <SelectField
            name="variantId"
            label={t("newSale.pack")}
            placeholder={t("choose")}
            defaultValue={values.variantId}
            error={err(errors.variantId)}
            options={packs.map((p) => ({
              value: p.variantId,
              label: t("newSale.packOption", {
                product: p.name,
                pack: p.pack,
                price: formatFen(p.priceFen, locale),
              }),
            }))}
          />
          <FormLayout.Group condensed>
            <Field
              name="priceFen"
              inputMode="decimal"
              label={t("newSale.price")}
              helpText={t("newSale.priceHelp")}
              prefix="¥"
              defaultValue={values.priceFen}
              error={err(errors.priceFen)}
            />
            <Field
              name="quantity"
              inputMode="numeric"
              label={t("newSale.quantity")}
              helpText={t("newSale.quantityHelp")}
              defaultValue={values.quantity}
              error={err(errors.quantity)}
            />
          </FormLayout.Group>
          <FormLayout.Group condensed>
            <Field
              name="perShopperLimit"
              inputMode="numeric"
              label={t("newSale.limit")}
              defaultValue={values.perShopperLimit}
              error={err(errors.perShopperLimit)}
            />
            <Field
              name="holdMinutes"
              inputMode="numeric"
              label={t("newSale.hold")}
              defaultValue={values.holdMinutes}
              error={err(errors.holdMinutes)}
            />
          </FormLayout.Group>
          <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <legend style={{ padding: 0, marginBottom: 4 }}>
              <Text as="span">{t("newSale.timing")}</Text>
            </legend>
            <BlockStack gap="100">
              <RadioButton
                name="timing"
                id="timing-countdown"
                value="countdown"
                label={t("newSale.timing.countdown")}
                checked={timing === "countdown"}
                onChange={() => setTiming("countdown")}
              />
              <RadioButton
                name="timing"
                id="timing-fixed"
                value="fixed"
                label={t("newSale.timing.fixed")}
                checked={timing === "fixed"}
                onChange={() => setTiming("fixed")}
              />
            </BlockStack>
          </fieldset>
          {timing === "countdown" ? (
            <FormLayout.Group condensed>
              <Field
                name="countdownSeconds"
                inputMode="numeric"
                label={t("newSale.countdown")}
                defaultValue={values.countdownSeconds ?? "30"}
                error={err(errors.countdownSeconds)}
              />
              <Field
                name="durationMinutes"
                inputMode="numeric"
                label={t("newSale.duration")}
                defaultValue={values.durationMinutes ?? "10"}
                error={err(errors.durationMinutes)}
              />
            </FormLayout.Group>
          ) : (
            <FormLayout.Group>
              <Field
                name="startsAt"
                type="datetime-local"
                label={t("newSale.startsAt")}
                defaultValue={values.startsAt}
                error={err(errors.startsAt)}
              />
              <Field
                name="endsAt"
                type="datetime-local"
                label={t("newSale.endsAt")}
                defaultValue={values.endsAt}
                error={err(errors.endsAt)}
              />
            </FormLayout.Group>
          )}
        </FormLayout>
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {t("newSale.create")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
