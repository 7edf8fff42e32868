import { Text } from "@shopify/polaris";
import { useId } from "react";
import { formatDay, makeTranslator, type Locale } from "../../lib/i18n";
import { adminMessages } from "../admin-messages";

const W = 600;
const H = 160;
const PAD_BOTTOM = 20;

/**
 * Units sold per day as plain SVG bars. Screen readers get the title, a one-line summary and
 * each bar's own title; the empty state says what will appear here instead of drawing zeros.
 */
export function SalesChart({ days, locale }: { days: { day: string; units: number }[]; locale: Locale }) {
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
  const scale = (H - PAD_BOTTOM - 14) / max;
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const short = (day: string) => formatDay(day, locale).replace(/^\d{4}年/, "").replace(/ \d{4}$/, "");
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        style={{ display: "block", maxHeight: 200 }}
      >
        <title id={titleId}>{t("dash.sales")}</title>
        <desc id={descId}>{t("dash.salesSummary", { total, max })}</desc>
        <line x1={0} x2={W} y1={H - PAD_BOTTOM} y2={H - PAD_BOTTOM} stroke="#8a8a8a" strokeWidth={1} />
        {days.map((d, i) => {
          const h = d.units * scale;
          return (
            <rect
              key={d.day}
              x={i * slot + (slot - barW) / 2}
              y={H - PAD_BOTTOM - h}
              width={barW}
              height={Math.max(h, d.units > 0 ? 1 : 0)}
              rx={2}
              fill="#1f6f43"
            >
              <title>{t("dash.salesBar", { day: formatDay(d.day, locale), units: d.units })}</title>
            </rect>
          );
        })}
        <text x={0} y={H - 4} fontSize={12} fill="#616161">
          {short(first.day)}
        </text>
        <text x={W} y={H - 4} fontSize={12} fill="#616161" textAnchor="end">
          {short(last.day)}
        </text>
        <text x={0} y={12} fontSize={12} fill="#616161">
          {max}
        </text>
      </svg>
      <figcaption>
        <Text as="p" variant="bodySm" tone="subdued">
          {t("dash.salesSummary", { total, max })}
        </Text>
      </figcaption>
    </figure>
  );
}
