import type { TrackingEventType } from "../../../db/shipping-schema";
import type { Locale } from "../../lib/i18n";
import { formatEventTime, shipmentTranslator } from "../shipment-messages";

export interface TimelineEvent {
  type: TrackingEventType;
  occurredAt: string;
  place: string | null;
  note: string | null;
}

/**
 * A parcel's tracking events, newest first (the shopper wants to know where it is now). Shared by
 * the public tracking page and the parcels on an order page. `events` are in the order they
 * happened; callers show their own line when there are none.
 */
export function ParcelTimeline({
  events,
  locale,
  className,
}: {
  events: TimelineEvent[];
  locale: Locale;
  className?: string;
}) {
  const t = shipmentTranslator(locale);
  const newestFirst = [...events].reverse();
  return (
    <ol className={className ? `track-timeline ${className}` : "track-timeline"} reversed>
      {newestFirst.map((e, i) => (
        <li
          key={`${e.occurredAt}-${i}`}
          className={[
            "track-event",
            i === 0 ? "track-event--latest" : "",
            e.type === "exception" || e.type === "returned" ? "track-event--problem" : "",
          ]
            .filter(Boolean)
            .join(" ")}
        >
          <p className="track-event__type">{t(`status.${e.type}`)}</p>
          <p className="track-event__meta">
            <time dateTime={e.occurredAt}>{formatEventTime(e.occurredAt, locale)}</time>
            {e.place ? ` · ${e.place}` : null}
          </p>
          {e.note ? <p className="track-event__note">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
