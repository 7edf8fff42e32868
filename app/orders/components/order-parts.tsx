import { Link } from "@remix-run/react";
import type { Locale } from "~/lib/i18n";
import { dispatchPromise } from "~/lib/dispatch";
import { formatFen } from "~/lib/money";
import { orderTranslator } from "~/orders/order-messages";
import type { ShopperOrder } from "~/orders/shopper-orders.server";
import { provinceName } from "~/lib/regions";
import { displayTrackingNumber } from "~/shipping/s10";
import { ParcelTimeline } from "~/shipping/components/parcel-timeline";
import { shipmentTranslator } from "~/shipping/shipment-messages";

type Part = ShopperOrder["parts"][number];
type Parcel = Part["parcels"][number];

/** "江西赣州市" / "Ganzhou, Jiangxi": where a cooperative's parcels leave from, as each language writes it. */
export function originPlace(c: { city: string; provinceCode: string }, locale: Locale): string {
  const province = provinceName(c.provinceCode, locale);
  if (locale === "en") return `${c.city}, ${province}`;
  return c.city.startsWith(province) ? c.city : `${province}${c.city}`;
}

/** One cooperative's share of an order: what it sends and the parcels it sends it in. */
export function OrderPart({
  part,
  locale,
  showPlanned,
}: {
  part: Part;
  locale: Locale;
  showPlanned: boolean;
}) {
  const t = orderTranslator(locale);
  const cancelled = part.status === "cancelled";
  return (
    <section
      className={cancelled ? "order-part order-part--cancelled" : "order-part"}
      aria-label={part.cooperative.name}
    >
      <h2 className="order-part__title">
        {t("order.shipsFrom", {
          name: part.cooperative.name,
          place: originPlace(part.cooperative, locale),
        })}
      </h2>
      {cancelled ? (
        <p className="notice notice--error notice--inline">{t("order.partCancelled")}</p>
      ) : null}
      <ul className="order-lines">
        {part.lines.map((l) => (
          <li key={l.lineNo} className="order-line">
            <span className="order-line__name">
              {l.productName} <span className="order-line__variant">{l.variantLabel}</span>
              {l.storage === "chilled" ? (
                <span className="badge badge--cold badge--inline">
                  {shipmentTranslator(locale)("service.cold_chain")}
                </span>
              ) : null}
            </span>
            <span className="order-line__qty">{t("order.quantity", { count: l.quantity })}</span>
            <span className="order-line__total">{formatFen(l.lineFen, locale)}</span>
          </li>
        ))}
      </ul>
      {part.parcels.length > 0 ? (
        <ParcelList parcels={part.parcels} locale={locale} />
      ) : !cancelled ? (
        <p className="order-part__planned">
          {showPlanned
            ? `${
                part.plannedParcels === 1
                  ? t("order.parcelPlanned")
                  : t("order.parcelsPlanned", { count: part.plannedParcels })
              } · `
            : null}
          {dispatchPromise(part.cooperative.handlingDays, locale)}
        </p>
      ) : null}
    </section>
  );
}

export function ParcelList({ parcels, locale }: { parcels: Parcel[]; locale: Locale }) {
  const t = orderTranslator(locale);
  const st = shipmentTranslator(locale);
  return (
    <ul className="parcel-list" aria-label={t("order.parcels")}>
      {parcels.map((p) => {
        const problem = p.status === "exception" || p.status === "returned";
        return (
          <li key={p.trackingNumber} className="parcel" data-testid="parcel">
            <div className="parcel__head">
              <p className="parcel__title">
                {t("order.parcel", { index: p.parcelIndex, count: p.parcelCount })} ·{" "}
                {st(`service.${p.service}`)}
                {p.storage === "chilled" ? (
                  <span className="track-pill track-pill--cold">{st("track.cold")}</span>
                ) : null}
              </p>
              <p className="parcel__number">
                <span className="visually-hidden">{t("order.tracking")}: </span>
                {/* The accessible name contains the visible number (WCAG 2.5.3), with what the link does first. */}
                <Link to={`/track/${p.trackingNumber}`}>
                  <span className="visually-hidden">{t("order.trackLink")} </span>
                  {displayTrackingNumber(p.trackingNumber)}
                </Link>
              </p>
              <p className={problem ? "parcel__status parcel__status--problem" : "parcel__status"}>
                {st(`status.${p.status as "created"}`)} ·{" "}
                {st("track.transit", { days: p.transitDays })}
              </p>
            </div>
            {p.events.length === 0 ? (
              <p className="parcel__empty">{t("order.noEvents")}</p>
            ) : (
              <ParcelTimeline events={p.events} locale={locale} className="parcel__timeline" />
            )}
          </li>
        );
      })}
    </ul>
  );
}
