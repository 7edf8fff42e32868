import {
  data,
  redirect,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { clientIp } from "~/auth/client-ip";
import { retryAfterHeaders } from "~/auth/route-meta";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { useI18n } from "~/lib/use-i18n";
import {
  MAX_TRACKING_INPUT as MAX_INPUT,
  TrackingLookupForm,
  type LookupError,
} from "~/shipping/components/tracking-lookup-form";
import { shipmentTranslator } from "~/shipping/shipment-messages";
import trackStyles from "~/shipping/track.css";
import { lookupTrackingNumber } from "~/shipping/tracking-lookup.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: trackStyles }];

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

export default function TrackLookupPage() {
  const { input, error, trackingNumber, retryAfterSeconds } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = shipmentTranslator(locale);
  return (
    <main id="main" className="container track">
      <h1>{t("lookup.title")}</h1>
      <TrackingLookupForm
        locale={locale}
        input={input}
        error={error}
        trackingNumber={trackingNumber}
        retryAfterSeconds={retryAfterSeconds}
      />
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
