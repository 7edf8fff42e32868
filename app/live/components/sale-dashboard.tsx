import { useRevalidator } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Card,
  InlineGrid,
  InlineStack,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useAdminT, type AdminTranslate } from "~/components/admin/admin-i18n";
import { pick, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import type { ClaimBar, SaleDashboard } from "../dashboard.server";
import { dashboardMessages, type DashboardKey } from "./dashboard-messages";

type T = AdminTranslate<DashboardKey>;

/*
 * One sale's live dashboard, the same for its host (/host/sales/:saleId) and for the cooperative
 * (/admin/live/sales/:saleId). The figures come from the route's loader; the sale's public event
 * stream (/api/live/:code/events, one shared read per sale per tick) says when they changed, and
 * the page revalidates then, at most once a second; if the stream is down it polls every 2 s.
 */

// Times as the cooperatives and hosts read them, the same on the server and in the browser.
const TIME_ZONE = "Asia/Shanghai";
const timeFormats: Record<Locale, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }),
};
const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }),
};
export const formatTime = (iso: string, locale: Locale) =>
  timeFormats[locale].format(new Date(iso));
export const formatDateTime = (iso: string, locale: Locale) =>
  dateTimeFormats[locale].format(new Date(iso));

const percent = (ratio: number, locale: Locale) =>
  new Intl.NumberFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(ratio);

const PHASE_TONE = {
  draft: undefined,
  countdown: "attention",
  live: "success",
  paused: "warning",
  ended: undefined,
} as const;

/** Whether the figures can still move: a sale not ended, or held units that may yet be paid. */
export function stillMoving(
  d: Pick<SaleDashboard, "phase" | "heldUnits" | "awaitingPaymentUnits">,
) {
  return d.phase !== "ended" || d.heldUnits + d.awaitingPaymentUnits > 0;
}

export function SaleDashboardView({
  data,
  backUrl,
  controls,
}: {
  data: SaleDashboard;
  backUrl: string;
  /** Start / pause / end (and what a refused one said), for those who may run the sale. */
  controls?: ReactNode;
}) {
  const { t, locale } = useAdminT(dashboardMessages);
  const live = useLiveRefresh(data.code, stillMoving(data));
  const name = `${pick(data.product, "name", locale)} · ${pick(data.product, "label", locale)}`;
  return (
    <Page
      title={name}
      subtitle={t("dash.subtitle", {
        session: data.session.title,
        platform: t(`platform.${data.session.platform}` as DashboardKey),
      })}
      titleMetadata={<Badge tone={PHASE_TONE[data.phase]}>{t(`dash.phase.${data.phase}`)}</Badge>}
      backAction={{ content: t("dash.back"), url: backUrl }}
    >
      <BlockStack gap="400">
        {controls ? <Box paddingInline={{ xs: "400", sm: "0" }}>{controls}</Box> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <BlockStack gap="100">
            <Text as="p">
              {t("dash.price", {
                price: formatFen(data.priceFen, locale),
                standard: formatFen(data.standardFen, locale),
              })}
              {data.perShopperLimit ? ` · ${t("dash.limit", { n: data.perShopperLimit })}` : ""}
            </Text>
            <Text as="p" tone="subdued">
              {data.startsAt && data.endsAt
                ? `${t("dash.window", {
                    from: formatDateTime(data.startsAt, locale),
                    to: formatTime(data.endsAt, locale),
                  })} · `
                : ""}
              {t("dash.hold", { minutes: Math.round(data.holdSeconds / 60) })} ·{" "}
              {t("dash.link", { code: data.code })}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              <>
                {live ? t("dash.live") : t("dash.stopped")} ·{" "}
                {t("dash.updated", { time: formatSeconds(data.serverTime, locale) })}
              </>
            </Text>
          </BlockStack>
        </Box>

        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Figure
            label={t("dash.remaining")}
            value={data.remaining}
            help={t("dash.remainingOf", { quantity: data.quantity })}
          />
          <Figure label={t("dash.held")} value={data.heldUnits} help={t("dash.units")} />
          <Figure
            label={t("dash.awaiting")}
            value={data.awaitingPaymentUnits}
            help={t("dash.units")}
          />
          <Figure label={t("dash.paid")} value={data.paidUnits} help={t("dash.units")} />
        </InlineGrid>

        <Card>
          <ClaimsChart bars={data.bars} t={t} locale={locale} />
        </Card>

        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("dash.conversion")}
              </Text>
              {data.conversion.claims === null ? (
                <Text as="p" tone="subdued">
                  {t("dash.conversionNone")}
                </Text>
              ) : (
                <>
                  <Ratio
                    label={t("dash.conversionClaims")}
                    value={data.conversion.claims}
                    detail={`${data.claims.paid} / ${data.claims.total}`}
                    locale={locale}
                  />
                  <Ratio
                    label={t("dash.conversionUnits")}
                    value={data.conversion.units ?? 0}
                    detail={`${data.paidUnits} / ${data.claims.units}`}
                    locale={locale}
                  />
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("dash.claimsSummary", {
                      ...data.claims,
                      awaiting: data.claims.ordered - data.claims.paid,
                    })}
                  </Text>
                </>
              )}
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("dash.waiting")}
              </Text>
              <Text as="p" variant="heading2xl">
                {data.waiting}
              </Text>
              <Text as="p" tone="subdued">
                {t("dash.waitingHelp")}
              </Text>
            </BlockStack>
          </Card>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

const formatSeconds = (iso: string, locale: Locale) =>
  new Date(iso).toLocaleTimeString(locale === "zh" ? "zh-CN" : "en-GB", { timeZone: TIME_ZONE });

function Figure({ label, value, help }: { label: string; value: number; help: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="bodyMd" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Ratio(p: { label: string; value: number; detail: string; locale: Locale }) {
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between" blockAlign="baseline" wrap={false} gap="200">
        <Text as="span">{p.label}</Text>
        <Text as="span" variant="headingMd">
          {percent(p.value, p.locale)}
        </Text>
      </InlineStack>
      <ProgressBar progress={Math.round(p.value * 100)} size="small" tone="success" />
      <Text as="span" variant="bodySm" tone="subdued">
        {p.detail}
      </Text>
    </BlockStack>
  );
}

const CHART_HEIGHT = 160;
const MIN_SLOTS = 12;
const AXIS = 20;

/**
 * Claims per minute as bars, in plain SVG. Positions across are percentages, so the bars fill any
 * width while the labels keep their size (no viewBox scaling: readable on a 390 px phone).
 */
export function ClaimsChart({ bars, t, locale }: { bars: ClaimBar[]; t: T; locale: Locale }) {
  const id = useId();
  const peak = bars.reduce<ClaimBar | null>(
    (p, b) => (!p || b.perMinute > p.perMinute ? b : p),
    null,
  );
  const top = Math.max(1, peak?.perMinute ?? 0);
  const total = bars.reduce((s, b) => s + b.claims, 0);
  const desc =
    bars.length && peak
      ? t("dash.chartDesc", {
          minutes: bars[0]!.minutes,
          total,
          peak: peak.perMinute,
          at: formatTime(peak.startsAt, locale),
        })
      : t("dash.chartDescEmpty");
  // Room for at least MIN_SLOTS bars: the first minutes of a sale are not a few slabs.
  const slot = 100 / Math.max(bars.length, MIN_SLOTS);
  // Time labels at least a fifth of the width apart, so they never run into each other on a phone.
  const labelEvery = Math.max(1, Math.ceil(20 / slot));
  const plot = CHART_HEIGHT - AXIS;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="baseline">
        <Text as="h2" variant="headingMd" id={`${id}-title`}>
          {t("dash.chart")}
        </Text>
        <Text as="span" tone="subdued" variant="bodySm">
          {t("dash.perMinute")}
        </Text>
      </InlineStack>
      <svg
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
        width="100%"
        height={CHART_HEIGHT}
        className="live-claims-chart"
        style={{ display: "block", overflow: "visible" }}
      >
        <title id={`${id}-svg-title`}>{t("dash.chart")}</title>
        <desc id={`${id}-svg-desc`}>{desc}</desc>
        <line x1="0" x2="100%" y1={plot} y2={plot} stroke="#8a8a8a" strokeWidth="1" />
        {total > 0 ? (
          <>
            <text x="0" y="12" fontSize="12" fill="#616161">
              {top}
            </text>
            <line
              x1="0"
              x2="100%"
              y1={AXIS - 4}
              y2={AXIS - 4}
              stroke="#e3e3e3"
              strokeDasharray="3 3"
            />
          </>
        ) : (
          <text x="50%" y={plot / 2 + 8} fontSize="14" fill="#616161" textAnchor="middle">
            {t("dash.chartEmpty")}
          </text>
        )}
        {bars.map((b, i) => {
          const h = Math.round(((plot - AXIS) * b.perMinute) / top);
          return (
            <rect
              key={b.startsAt}
              x={`${i * slot + slot * 0.15}%`}
              width={`${slot * 0.7}%`}
              y={plot - h}
              height={h}
              rx="2"
              fill="#2c6ecb"
            >
              <title>{`${formatTime(b.startsAt, locale)} · ${b.perMinute} ${t("dash.perMinute")}`}</title>
            </rect>
          );
        })}
        {bars.map((b, i) =>
          i % labelEvery === 0 ? (
            <text
              key={`l-${b.startsAt}`}
              x={`${i * slot}%`}
              y={CHART_HEIGHT - 4}
              fontSize="12"
              fill="#616161"
            >
              {formatTime(b.startsAt, locale)}
            </text>
          ) : null,
        )}
      </svg>
    </BlockStack>
  );
}

const MIN_GAP_MS = 1_000;
const POLL_MS = 2_000;
// The bars move with the clock too (a new minute), not only when a count changes.
const IDLE_REFRESH_MS = 15_000;

/**
 * Revalidates the page when the sale's event stream says its stock changed (at most once a
 * second), or every 2 s while the stream is down; stops once `active` is false. Returns whether
 * it is still updating.
 */
function useLiveRefresh(code: string, active: boolean): boolean {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  useEffect(() => {
    if (!active) return;
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const refresh = () => {
      if (pending) return;
      const wait = Math.max(0, last + MIN_GAP_MS - Date.now());
      pending = setTimeout(() => {
        pending = undefined;
        if (document.hidden) return;
        last = Date.now();
        revalidateRef.current();
      }, wait);
    };
    const startPolling = () => {
      poll ??= setInterval(refresh, POLL_MS);
    };
    let source: EventSource | undefined;
    if (typeof EventSource === "function") {
      source = new EventSource(`/api/live/${encodeURIComponent(code)}/events`);
      let first = true;
      source.onmessage = () => {
        // The first event is the stock as it is now: the page already shows it.
        if (first) first = false;
        else refresh();
      };
      // Reconnecting or closed: poll meanwhile; a reopened stream takes over again.
      source.onerror = startPolling;
      source.onopen = () => {
        if (poll) clearInterval(poll);
        poll = undefined;
      };
    } else startPolling();
    const idle = setInterval(refresh, IDLE_REFRESH_MS);
    return () => {
      source?.close();
      clearInterval(idle);
      if (poll) clearInterval(poll);
      if (pending) clearTimeout(pending);
    };
  }, [code, active]);
  return active;
}
