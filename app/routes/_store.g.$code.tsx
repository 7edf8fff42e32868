import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getUser, hasSessionCookie } from "~/auth/session.server";
import { JoinForm, type JoinFormResult } from "~/groupbuy/components/join-form";
import {
  Countdown,
  DealProgressBar,
  ShareBox,
  TierTable,
} from "~/groupbuy/components/store-deal-bits";
import groupbuyStyles from "~/groupbuy/groupbuy.css";
import { groupbuyStoreTranslator } from "~/groupbuy/groupbuy-store-messages";
import { joinDeal } from "~/groupbuy/join.server";
import { parseJoinForm, joinValuesSchema } from "~/groupbuy/join-form.server";
import { shareDeal } from "~/groupbuy/storefront.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { notFound } from "~/lib/not-found";
import { siteOrigin } from "~/lib/origin.server";
import { readFormObject } from "~/lib/read-form.server";
import { useI18n } from "~/lib/use-i18n";
import { Picture } from "~/media/components/picture";
import { regionLists } from "~/orders/checkout-form.server";
import { checkoutFormStart } from "~/orders/checkout.server";
import { grantOrderAccess } from "~/orders/order-access.server";
import { startPayment } from "~/orders/payment-flow.server";
import checkoutStyles from "~/styles/checkout.css";

/*
 * A group deal's share link: the pack, the tier table with the price reached, the bar to the next
 * tier, the countdown, and the join form (quantity, pickup point or home delivery, who collects).
 * Joining goes through joinDeal (placeOrder), then to the payment page, which holds the money.
 */

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: checkoutStyles },
  { rel: "stylesheet", href: groupbuyStyles },
];

async function dealFor(request: Request, code: string | undefined) {
  const locale = await getLocale(request);
  const deal = await shareDeal({ code: code ?? "", locale });
  if (!deal) throw notFound();
  return { locale, deal };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, deal } = await dealFor(request, params.code);
  const url = new URL(request.url);
  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const { form } = await checkoutFormStart(url, user);
  return {
    locale,
    deal,
    shareUrl: `${siteOrigin(request)}/g/${deal.shareCode}`,
    serverTime: new Date().toISOString(),
    ...form,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, deal } = await dealFor(request, params.code);
  const gt = groupbuyStoreTranslator(locale);
  const form = await readFormObject(request);
  if (form.intent !== "join") throw new Response("Unknown action", { status: 400 });
  const values = joinValuesSchema.parse(form);
  const refuse = (r: Partial<JoinFormResult>, status = 422) =>
    data<JoinFormResult>(
      {
        values,
        errors: {},
        message: gt("groupbuy.store.error.summary"),
        regions: regionLists(values),
        ...r,
      },
      { status },
    );
  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const read = parseJoinForm(form, { user });
  if (!read.ok) return refuse({ errors: read.errors });
  const outcome = await joinDeal({ offerId: deal.offerId, ...read.join });
  if (!outcome.ok) {
    switch (outcome.error) {
      case "not_found":
        throw notFound();
      case "closed":
        return refuse({ message: gt("groupbuy.join.closed") }, 409);
      case "invalid":
        return refuse({ errors: { [outcome.field ?? "form"]: outcome.message } });
      case "sold_out":
        return refuse({ errors: { quantity: "groupbuy.store.error.full" } }, 409);
      case "above_stock":
        return refuse(
          {
            errors: { quantity: "groupbuy.store.error.aboveLeft" },
            left: outcome.available ?? 0,
          },
          409,
        );
      case "not_shippable":
        return refuse({
          errors: { province: "address.province" },
          message: gt("groupbuy.store.error.notShippable", { reason: outcome.message }),
        });
      case "submit_key_used":
        return refuse({ message: gt("groupbuy.store.error.submitKey") }, 409);
      case "empty_cart":
      case "too_large":
        return refuse({ message: gt("groupbuy.join.closed") }, 409);
      default:
        throw new Error(`unhandled join refusal ${JSON.stringify(outcome satisfies never)}`);
    }
  }
  const headers = new Headers();
  if (!user) headers.append("Set-Cookie", await grantOrderAccess(request, outcome.orderId));
  const payment = await startPayment({ orderId: outcome.orderId, origin: siteOrigin(request) });
  return redirect(payment.ok ? payment.redirectUrl : `/orders/${outcome.orderId}`, { headers });
}

// The form carries a one-time submit key and a signed-in shopper's details: never shared.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  const gt = groupbuyStoreTranslator(locale);
  const site = translator(locale)("site.name");
  if (!d) return [{ title: `${gt("groupbuy.store.title")} | ${site}` }];
  const price = formatFen(
    d.deal.progress.reached?.priceFen ?? d.deal.tiers[0]?.priceFen ?? 0,
    locale,
  );
  return [
    { title: `${gt("groupbuy.store.title")} · ${d.deal.productName} ${price} | ${site}` },
    { property: "og:title", content: `${d.deal.productName} · ${d.deal.packLabel} ${price}` },
    { property: "og:url", content: d.shareUrl },
  ];
};

/** Progress while the deal runs: the page's data again every 15 s while it is on screen and idle. */
const LIVE_EVERY_MS = 15_000;
function useLiveProgress(live: boolean) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const idle = navigation.state === "idle" && revalidator.state === "idle";
  useEffect(() => {
    if (!live || !idle) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") revalidator.revalidate();
    }, LIVE_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [live, idle, revalidator]);
}

export default function GroupDealPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { locale } = useI18n();
  const gt = groupbuyStoreTranslator(locale);
  const d = page.deal;
  const money = (fen: number) => formatFen(fen, locale);
  useLiveProgress(d.phase !== "succeeded" && d.phase !== "failed");
  const state = (() => {
    switch (d.phase) {
      case "open":
        return null;
      case "succeeded":
        return gt("groupbuy.store.phase.succeeded", { price: money(d.settledPriceFen ?? 0) });
      default:
        return gt(`groupbuy.store.phase.${d.phase}`);
    }
  })();
  return (
    <main id="main" className="container gb-page">
      <section className="gb-hero">
        {d.image ? (
          <Picture
            image={d.image}
            sizes="(min-width: 900px) 420px, 100vw"
            priority
            className="gb-hero__photo"
          />
        ) : (
          <div className="gb-hero__photo gb-hero__photo--none" aria-hidden="true" />
        )}
        <div className="gb-hero__text">
          <p className="gb-hero__kicker">{gt("groupbuy.store.title")}</p>
          <h1 className="gb-hero__name">{d.productName}</h1>
          <p className="gb-hero__pack">{d.packLabel}</p>
          <p className="gb-hero__price">
            {money(
              d.phase === "succeeded" && d.settledPriceFen
                ? d.settledPriceFen
                : (d.progress.reached?.priceFen ?? d.tiers[0]?.priceFen ?? 0),
            )}
            <small>/{locale === "en" ? "pack" : "件"}</small>
          </p>
          {state ? (
            <p
              className={
                d.phase === "succeeded"
                  ? "gb-state gb-state--ok"
                  : d.phase === "failed"
                    ? "gb-state gb-state--stopped"
                    : "gb-state"
              }
              role="status"
            >
              {state}
            </p>
          ) : d.endsAt ? (
            <Countdown endsAt={d.endsAt} serverTime={page.serverTime} locale={locale} />
          ) : null}
        </div>
      </section>
      <div className="gb-layout">
        <section className="gb-card gb-layout__progress">
          <DealProgressBar
            progress={d.progress}
            minQuantity={d.minQuantity}
            maxQuantity={d.maxQuantity}
            tiers={d.tiers}
            locale={locale}
          />
          <TierTable tiers={d.tiers} reached={d.progress.reached} locale={locale} />
        </section>
        <div className="gb-layout__join">
          {d.phase === "open" && d.joinLimit > 0 ? (
            <JoinForm page={page} result={result} />
          ) : (
            <ClosedNote />
          )}
        </div>
        {d.phase === "succeeded" || d.phase === "failed" ? null : (
          // Worth sharing while the group can still grow (or has yet to settle).
          <div className="gb-layout__share">
            <ShareBox url={page.shareUrl} code={d.shareCode} locale={locale} />
          </div>
        )}
      </div>
    </main>
  );
}

function ClosedNote() {
  const { deal: d } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const gt = groupbuyStoreTranslator(locale);
  if (d.phase === "open") return null;
  return (
    <p className="notice gb-card">
      {d.phase === "upcoming" ? gt("groupbuy.store.phase.upcoming") : gt("groupbuy.join.closed")}
    </p>
  );
}
