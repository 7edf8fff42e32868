import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { clientIp } from "~/auth/client-ip";
import { retryAfterHeaders } from "~/auth/route-meta";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatWeight } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { ParcelTimeline } from "~/shipping/components/parcel-timeline";
import { provinceName } from "~/lib/regions";
import { publicShipmentView } from "~/shipping/public-view";
import { displayTrackingNumber } from "~/shipping/s10";
import { formatEventTime, shipmentTranslator } from "~/shipping/shipment-messages";
import trackStyles from "~/shipping/track.css";
import { checkTrackingNumber, trackShipment } from "~/shipping/tracking-lookup.server";
import {
  MAX_TRACKING_INPUT,
  TrackingLookupForm,
  type LookupError,
} from "~/shipping/components/tracking-lookup-form";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: trackStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const typed = params.trackingNumber ?? "";
  const found = await trackShipment({ trackingNumber: typed, ip: clientIp(context) });
  const locale = await getLocale(request);
  if (found.ok) return { locale, shipment: publicShipmentView(found.shipment), refused: null };
  // A refused number gets the lookup form with what is wrong, not the store's 404 page.
  const input = typed.slice(0, MAX_TRACKING_INPUT);
  const { trackingNumber, problem } = checkTrackingNumber(input);
  if (found.error === "rate_limited") {
    const { retryAfterSeconds } = found;
    return data(
      {
        locale,
        shipment: null,
        refused: { input, error: "rate_limited" as LookupError, trackingNumber, retryAfterSeconds },
      },
      { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
    );
  }
  const error: LookupError =
    typed.length > MAX_TRACKING_INPUT ? "malformed" : (problem ?? "unknown");
  return data(
    { locale, shipment: null, refused: { input, error, trackingNumber, retryAfterSeconds: 0 } },
    { status: error === "unknown" ? 404 : 400 },
  );
}

export const headers = retryAfterHeaders;

export default function TrackPage() {
  const { shipment: s, refused } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = shipmentTranslator(locale);
  if (!s) {
    return (
      <main id="main" className="container track">
        <h1>{t("lookup.title")}</h1>
        <TrackingLookupForm locale={locale} {...refused!} />
      </main>
    );
  }
  const problem = s.status === "exception" || s.status === "returned";
  return (
    <main id="main" className="container track">
      <h1>{t("track.title")}</h1>
      <section className="track-card" aria-labelledby="track-status">
        <p className="track-event__meta">{t("track.number")}</p>
        <p className="track-number">{displayTrackingNumber(s.trackingNumber)}</p>
        <p
          id="track-status"
          className={problem ? "track-status track-status--problem" : "track-status"}
        >
          {t(`status.${s.status as "created"}`)}
          {s.storage === "chilled" ? (
            <span className="track-pill track-pill--cold">{t("track.cold")}</span>
          ) : null}
        </p>
        {s.stalled ? (
          <p className="notice notice--error" role="status">
            {t("track.stalled")}
          </p>
        ) : null}
      </section>
      <section className="track-card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("track.timeline")}</h2>
        {s.events.length === 0 ? (
          <p>{t("track.noEvents")}</p>
        ) : (
          <ParcelTimeline events={s.events} locale={locale} />
        )}
      </section>
      <section className="track-card" aria-label={t("track.service")}>
        <dl className="track-facts">
          <div>
            <dt>{t("track.service")}</dt>
            <dd>{t(`service.${s.service}`)}</dd>
          </div>
          <div>
            <dt>{t("track.recipient")}</dt>
            <dd>
              {s.recipient.name} {s.recipient.phone}
            </dd>
          </div>
          <div>
            <dt>{t("track.routeLabel")}</dt>
            <dd>
              {t("track.route", {
                from: provinceName(s.sender.province, locale),
                to: destination(s.recipient.province, s.recipient.city, locale),
              })}
            </dd>
          </div>
          <div>
            <dt>{t("track.parcel", { index: s.parcel.index, count: s.parcel.count })}</dt>
            <dd>{t("track.transit", { days: s.transitDays })}</dd>
          </div>
          <div>
            <dt>{t("track.weight")}</dt>
            <dd>{formatWeight(s.chargeableG, locale)}</dd>
          </div>
          <div>
            <dt>{t("track.updated")}</dt>
            <dd>{formatEventTime(s.lastEventAt ?? s.createdAt, locale)}</dd>
          </div>
        </dl>
      </section>
      <p className="track-another">
        <Link to="/track">{t("lookup.another")}</Link>
      </p>
    </main>
  );
}

/** 四川 成都市, but 北京市 once: municipalities are province and city at once. */
function destination(province: string, city: string, locale: "zh" | "en"): string {
  const name = provinceName(province, locale);
  if (locale === "en") return name;
  return city.startsWith(name) ? city : `${name} ${city}`;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const locale = data?.locale ?? "zh";
  const title = `${shipmentTranslator(locale)("track.title")}${data?.shipment ? ` ${data.shipment.trackingNumber}` : ""}`;
  return [
    { title: `${title} | ${translator(locale)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};
