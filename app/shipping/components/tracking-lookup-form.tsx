import { Form, useNavigation } from "@remix-run/react";
import { displayTrackingNumber } from "~/shipping/s10";
import { shipmentTranslator, type ShipmentMessageKey } from "~/shipping/shipment-messages";
import type { TrackingLookupError } from "~/shipping/tracking-lookup.server";

export const MAX_TRACKING_INPUT = 100;

export type LookupError = TrackingLookupError | "rate_limited";
const MESSAGES: Record<LookupError, ShipmentMessageKey> = {
  empty: "lookup.error.empty",
  malformed: "lookup.error.malformed",
  check_digit: "lookup.error.checkDigit",
  unknown: "lookup.error.unknown",
  rate_limited: "lookup.error.rateLimited",
};

/** The tracking-number form, with what was typed and what is wrong with it (on /track and on a refused /track/:n). */
export function TrackingLookupForm({
  locale,
  input,
  error,
  trackingNumber,
  retryAfterSeconds,
}: {
  locale: "zh" | "en";
  input: string;
  error: LookupError | null;
  trackingNumber: string | null;
  retryAfterSeconds: number;
}) {
  const t = shipmentTranslator(locale);
  const busy = useNavigation().state !== "idle";
  const described = error ? "track-number-hint track-number-error" : "track-number-hint";
  return (
    <section className="track-card">
      {/* GET, so a lookup is a link a shopper can share or bookmark; the key remounts the input on each answer. */}
      <Form
        method="get"
        action="/track"
        className="track-lookup"
        noValidate
        key={`${error}-${input}`}
      >
        <label htmlFor="track-number" className="field__label">
          {t("lookup.label")}
        </label>
        <p id="track-number-hint" className="field__hint">
          {t("lookup.intro")}
        </p>
        <div className="track-lookup__row">
          <input
            id="track-number"
            name="number"
            type="text"
            className="field__input track-lookup__input"
            defaultValue={input}
            maxLength={MAX_TRACKING_INPUT}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="search"
            aria-invalid={error ? true : undefined}
            aria-describedby={described}
            // After a refused lookup the number is what the shopper corrects next.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus={Boolean(error)}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("lookup.submit")}
          </button>
        </div>
        {error ? (
          <p id="track-number-error" className="field__error" role="alert">
            {t(MESSAGES[error], {
              number: displayTrackingNumber(trackingNumber ?? ""),
              minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)),
            })}
          </p>
        ) : null}
      </Form>
    </section>
  );
}
