import { Text } from "@shopify/polaris";
import { useId } from "react";
import { formatDay, makeTranslator, type Locale } from "../../lib/i18n";
import { adminMessages } from "../admin-messages";

const W = 600;
const H = 140;

/**
 * Units sold per day as plain SVG bars. Screen readers get the title, a one-line summary and
 * each bar's own title; the empty state says what will appear here instead of drawing zeros.
 */
export function SalesChart({
  days,
  locale,
}: {
  days: { day: string; units: number }[];
  locale: Locale;
}) {
  const t = makeTranslator(adminMessages, locale);
  const titleId = useId();
  const descId = useId();
  const total = days.reduce((s, d) => s + d.units, 0);
  const max = Math.max(0, ...days.map((d) => d.units));
  if (total === 0) {
    return (
      <Text as="p" tone="subdued">
        {t("dash.salesEmpty")}
      </Text>
    );
  }
  const slot = W / days.length;
  const barW = Math.max(2, slot * 0.7);
  const scale = (H - 4) / max;
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const short = (day: string) =>
    formatDay(day, locale)
      .replace(/^\d{4}年/, "")
      .replace(/ \d{4}$/, "");
  // Bars stretch to the card's width; the words stay HTML so they keep their size on a phone.
  return (
    <figure style={{ margin: 0 }}>
      <Text as="p" variant="bodySm" tone="subdued">
        {t("dash.salesMax", { max })}
      </Text>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        width="100%"
        height={H}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        style={{ display: "block" }}
      >
        <title id={titleId}>{t("dash.sales")}</title>
        <desc id={descId}>{t("dash.salesSummary", { total, max })}</desc>
        {days.map((d, i) => {
          const h = d.units * scale;
          return (
            <rect
              key={d.day}
              x={i * slot + (slot - barW) / 2}
              y={H - h}
              width={barW}
              height={Math.max(h, d.units > 0 ? 1 : 0)}
              fill="#1f6f43"
            >
              <title>{t("dash.salesBar", { day: formatDay(d.day, locale), units: d.units })}</title>
            </rect>
          );
        })}
        <line
          x1={0}
          x2={W}
          y1={H - 0.5}
          y2={H - 0.5}
          stroke="#8a8a8a"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <div style={{ display: "flex", justifyContent: "space-between", marginTop: 4 }}>
        <Text as="span" variant="bodySm" tone="subdued">
          {short(first.day)}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          {short(last.day)}
        </Text>
      </div>
      <figcaption>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dash.salesSummary", { total, max })}
        </Text>
      </figcaption>
    </figure>
  );
}
