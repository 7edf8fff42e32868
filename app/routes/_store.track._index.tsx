import {
  data,
  redirect,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clientIp } from "~/auth/client-ip";
import { retryAfterHeaders } from "~/auth/route-meta";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import { displayTrackingNumber } from "~/shipping/s10";
import { shipmentTranslator, type ShipmentMessageKey } from "~/shipping/shipment-messages";
import trackStyles from "~/shipping/track.css";
import { lookupTrackingNumber, type TrackingLookupError } from "~/shipping/tracking-lookup.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: trackStyles }];

const MAX_INPUT = 100;
const querySchema = z.object({ number: z.string().optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const { number } = querySchema.parse({
    number: new URL(request.url).searchParams.get("number") ?? undefined,
  });
  if (number === undefined)
    return { locale, input: "", error: null, trackingNumber: null, retryAfterSeconds: 0 };
  const input = number.slice(0, MAX_INPUT);
  const found =
    number.length > MAX_INPUT
      ? ({ ok: false, error: "malformed", trackingNumber: "" } as const)
      : await lookupTrackingNumber({ input, ip: clientIp(context) });
  if (found.ok) throw redirect(`/track/${found.trackingNumber}`);
  if (found.error === "rate_limited") {
    const { retryAfterSeconds } = found;
    return data(
      {
        locale,
        input,
        error: found.error as LookupError,
        trackingNumber: found.trackingNumber,
        retryAfterSeconds,
      },
      { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
    );
  }
  const status = found.error === "unknown" ? 404 : 422;
  return data(
    {
      locale,
      input,
      error: found.error as LookupError,
      trackingNumber: found.trackingNumber,
      retryAfterSeconds: 0,
    },
    { status },
  );
}

export const headers = retryAfterHeaders;

type LookupError = TrackingLookupError | "rate_limited";
const MESSAGES: Record<LookupError, ShipmentMessageKey> = {
  empty: "lookup.error.empty",
  malformed: "lookup.error.malformed",
  check_digit: "lookup.error.checkDigit",
  unknown: "lookup.error.unknown",
  rate_limited: "lookup.error.rateLimited",
};

export default function TrackLookupPage() {
  const { input, error, trackingNumber, retryAfterSeconds } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = shipmentTranslator(locale);
  const busy = useNavigation().state !== "idle";
  const described = error ? "track-number-hint track-number-error" : "track-number-hint";
  return (
    <main id="main" className="container track">
      <h1>{t("lookup.title")}</h1>
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
              maxLength={MAX_INPUT}
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
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data: d, location }) => {
  const locale = d?.locale ?? "zh";
  const title = `${shipmentTranslator(locale)("lookup.title")} | ${translator(locale)("site.name")}`;
  // A lookup result (or a refused one) is one shopper's query, not a page to index.
  const queried = new URLSearchParams(location.search).has("number");
  return [{ title }, ...(queried ? [{ name: "robots", content: "noindex" }] : [])];
};
