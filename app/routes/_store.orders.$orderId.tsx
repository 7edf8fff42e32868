import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useRevalidator,
} from "@remix-run/react";
import { z } from "zod";
import { useEffect, useRef } from "react";
import { translator, type Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { siteOrigin } from "~/lib/origin.server";
import { formatFen } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { formatAddress } from "~/orders/address";
import { OrderPart } from "~/orders/components/order-parts";
import { requireOrderAccess } from "~/orders/order-access.server";
import { cancelReason, eventLabel, orderTranslator } from "~/orders/order-messages";
import { startPayment } from "~/orders/payment-flow.server";
import { getShopperOrder, type ShopperOrder } from "~/orders/shopper-orders.server";
import { formatEventTime } from "~/shipping/shipment-messages";
import trackStyles from "~/shipping/track.css";
import checkoutStyles from "~/styles/checkout.css";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";
import { JoinCard } from "~/groupbuy/components/join-card";
import groupbuyStyles from "~/groupbuy/groupbuy.css";
import { joinCard } from "~/groupbuy/storefront.server";
import { chooseForOrder } from "~/presale/choice.server";
import { PresaleCard } from "~/presale/components/presale-card";
import { presaleStatus } from "~/presale/status.server";
import type { PresaleState } from "../../db/presale-schema";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: trackStyles },
  { rel: "stylesheet", href: checkoutStyles },
  { rel: "stylesheet", href: groupbuyStyles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orderId = params.orderId ?? "";
  await requireOrderAccess(request, orderId);
  const locale = await getLocale(request);
  const order = await getShopperOrder({ orderId, locale });
  invariantFound(order);
  const justPaid = new URL(request.url).searchParams.get("paid") === "1";
  // Null: stock is held with no payment deadline.
  const minutesLeft = order.reservedUntil
    ? Math.max(0, Math.ceil((Date.parse(order.reservedUntil) - Date.now()) / 60_000))
    : null;
  const presale = order.channel === "presale" ? await presaleStatus(orderId) : null;
  const groupbuy = order.channel === "groupbuy" ? await joinCard({ orderId, locale }) : null;
  return {
    locale,
    order,
    justPaid,
    minutesLeft,
    stage: stageOf(order, justPaid),
    presale,
    groupbuy,
  };
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pay") }),
  z.object({
    intent: z.literal("presale_choice"),
    choice: z.enum(["partial", "wait", "cancel"]),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const orderId = params.orderId ?? "";
  await requireOrderAccess(request, orderId);
  const parsed = intentSchema.safeParse(await readFormObject(request));
  if (!parsed.success) throw new Response("Unknown action", { status: 400 });
  switch (parsed.data.intent) {
    case "pay": {
      const started = await startPayment({ orderId, origin: siteOrigin(request) });
      if (started.ok) return redirect(started.redirectUrl);
      // Expired or already paid: the page, reloaded, shows why; the message says it at once.
      return data({ error: started.error }, { status: 409 });
    }
    case "presale_choice": {
      const chosen = await chooseForOrder(orderId, parsed.data.choice);
      return chosen.ok
        ? redirect(`/orders/${orderId}`)
        : data({ error: "not_payable" as const }, { status: 409 });
    }
    default:
      throw new Error(`unhandled intent ${JSON.stringify(parsed.data satisfies never)}`);
  }
}

/** What the banner says, and whether the page should keep checking for news. */
function stageOf(order: ShopperOrder, justPaid: boolean) {
  const parcels = order.parts.reduce((n, p) => n + p.parcels.length, 0);
  switch (order.status) {
    case "pending_payment":
      // Back from the provider before its confirmation reached us: wait for it rather than ask to pay again.
      return justPaid ? ("confirming" as const) : ("pending" as const);
    case "paid":
    case "fulfilling":
      // A pickup order travels in its point's consolidated shipment: no parcels of its own to wait for.
      if (order.delivery === "pickup")
        return order.status === "paid" ? ("paid" as const) : ("fulfilling" as const);
      return parcels === 0 ? ("preparing" as const) : ("fulfilling" as const);
    case "cancelled":
      return order.events.some((e) => e.event === "expired")
        ? ("expired" as const)
        : ("cancelled" as const);
    default:
      return order.status;
  }
}

// Contact details and an address: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  const title = d
    ? orderTranslator(locale)("order.title", { code: d.order.code })
    : orderTranslator(locale)("order.myOrders");
  return [
    { title: `${title} | ${translator(locale)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

const POLL_STAGES = new Set(["preparing", "confirming"]);
const ASKING = new Set<PresaleState>(["short", "offered", "action_needed"]);

export default function OrderPage() {
  const { order, stage, presale, groupbuy } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = orderTranslator(locale);
  const polling = POLL_STAGES.has(stage);
  usePoll(polling);
  return (
    <main id="main" className="container order-page">
      {polling ? (
        // Without JavaScript the page still refreshes itself until the parcels exist.
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
      <h1>{t("order.title", { code: order.code })}</h1>
      {/* A pre-order that asks the shopper something is the page's headline: no "deposit paid" above it. */}
      {presale && ASKING.has(presale.state) ? null : <Banner />}
      {presale ? (
        <PresaleCard presale={presale} locale={locale} refundedFen={order.refundedFen} />
      ) : null}
      {groupbuy ? (
        <JoinCard join={groupbuy} locale={locale} refundedFen={order.refundedFen} />
      ) : null}
      <div className="order-page__layout">
        <div>
          {order.parts.map((part) => (
            <OrderPart
              key={part.cooperative.id}
              part={part}
              locale={locale}
              showPlanned={order.status === "pending_payment"}
            />
          ))}
        </div>
        <aside className="order-side">
          <Totals order={order} locale={locale} />
          <section className="order-card" aria-labelledby="delivery-title">
            <h2 id="delivery-title">{t("order.delivery")}</h2>
            <p className="order-address">
              {order.recipient.name} {order.recipient.mobile}
              <br />
              {formatAddress(order.recipient)}
            </p>
            {order.email || order.mobile ? (
              <p className="order-muted">
                {t("order.contact")}: {[order.email, order.mobile].filter(Boolean).join(" · ")}
              </p>
            ) : null}
          </section>
          <section className="order-card" aria-labelledby="history-title">
            <h2 id="history-title">{t("order.history")}</h2>
            <ol className="order-history">
              {[...order.events].reverse().map((e) => (
                <li key={e.id}>
                  <span className="order-history__what">
                    {eventLabel(t, e.event, e.toStatus)}
                    {e.amountFen ? ` ${formatFen(e.amountFen, locale)}` : null}
                  </span>
                  <time dateTime={e.createdAt} className="order-muted">
                    {formatEventTime(e.createdAt, locale)}
                  </time>
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </main>
  );
}

function Banner() {
  const { order, stage, justPaid, minutesLeft, presale } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = orderTranslator(locale);
  const busy = useNavigation().state !== "idle";
  const payError = useActionData<typeof action>()?.error;
  // A pre-order's deposit is not the order paid: its banner says the balance comes at the harvest.
  const thanks =
    justPaid &&
    order.status !== "pending_payment" &&
    order.status !== "cancelled" &&
    order.status !== "deposit_paid";
  switch (stage) {
    case "pending":
      return (
        <section className="order-banner order-banner--pending" role="status">
          {minutesLeft !== null && order.reservedUntil ? (
            <>
              <p className="order-banner__title">
                {t("order.pendingBanner", { minutes: minutesLeft })}
              </p>
              <p>
                {t("order.pendingBody", { time: formatEventTime(order.reservedUntil, locale) })}
              </p>
            </>
          ) : null}
          {order.paymentFailed ? (
            <p className="order-banner__warn">{t("order.paymentFailed")}</p>
          ) : null}
          {payError ? (
            <p className="order-banner__warn" role="alert">
              {t(`order.payError.${payError}`)}
            </p>
          ) : null}
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="pay"
              className="button button--primary"
              disabled={busy}
            >
              {busy
                ? t("order.paying")
                : `${t("order.payNow")} ${formatFen(presale?.state === "pending" ? presale.depositFen : order.totalFen, locale)}`}
            </button>
          </Form>
        </section>
      );
    case "confirming":
    case "preparing":
      return (
        <section className="order-banner order-banner--ok" role="status">
          <p className="order-banner__title">
            {thanks || stage === "confirming" ? t("order.paidBanner") : t("order.preparing")}
          </p>
          <p className="order-banner__progress">
            <span className="spinner" aria-hidden="true" />
            {thanks || stage === "confirming" ? t("order.preparing") : t("order.preparingBody")}
          </p>
        </section>
      );
    case "expired":
      return (
        <section className="order-banner order-banner--stopped" role="status">
          <p className="order-banner__title">{t("order.expiredBanner")}</p>
          <p>{t("order.expiredBody")}</p>
        </section>
      );
    case "cancelled": {
      const reason = cancelReason(order.events);
      return (
        <section className="order-banner order-banner--stopped" role="status">
          <p className="order-banner__title">{t("order.cancelledBanner")}</p>
          {reason ? <p>{t("order.cancelledBody", { reason })}</p> : null}
        </section>
      );
    }
    default: {
      const title = thanks ? t("order.paidBanner") : t(`order.${stage}Banner`);
      return (
        <section
          className={
            stage === "refunded"
              ? "order-banner order-banner--stopped"
              : "order-banner order-banner--ok"
          }
          role="status"
        >
          <p className="order-banner__title">{title}</p>
          {thanks ? <p>{t("order.paidBody")}</p> : null}
        </section>
      );
    }
  }
}

function Totals({ order, locale }: { order: ShopperOrder; locale: Locale }) {
  const t = orderTranslator(locale);
  return (
    <section className="order-card" aria-labelledby="totals-title">
      <h2 id="totals-title">{t("order.totals")}</h2>
      <dl className="order-totals">
        <div>
          <dt>{t("order.code")}</dt>
          <dd className="order-code">{order.code}</dd>
        </div>
        <div>
          <dt>{t("order.placed")}</dt>
          <dd>{formatEventTime(order.createdAt, locale)}</dd>
        </div>
        <div>
          <dt>{t("order.itemsTotal")}</dt>
          <dd>{formatFen(order.itemsFen, locale)}</dd>
        </div>
        <div>
          <dt>{t("order.shipping")}</dt>
          <dd>{formatFen(order.shippingFen, locale)}</dd>
        </div>
        <div className="order-totals__total">
          <dt>{t("order.total")}</dt>
          <dd data-testid="order-total">{formatFen(order.totalFen, locale)}</dd>
        </div>
        {order.paidFen > 0 && order.paidFen !== order.totalFen ? (
          // A deposit (or a pre-order that now costs less than was paid): what went in, then what is left or returned.
          <div>
            <dt>{t("order.paidSoFar")}</dt>
            <dd data-testid="order-paid">{formatFen(order.paidFen, locale)}</dd>
          </div>
        ) : null}
        {order.status === "deposit_paid" && order.totalFen > order.paidFen ? (
          <div>
            <dt>{t("order.balanceDue")}</dt>
            <dd>{formatFen(order.totalFen - order.paidFen, locale)}</dd>
          </div>
        ) : null}
        {order.refundedFen > 0 ? (
          <div>
            <dt>{t("order.refunded")}</dt>
            <dd>−{formatFen(order.refundedFen, locale)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** Re-reads the page every few seconds while a background job is expected to change it, slowing down after a minute. */
function usePoll(active: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const r = latest.current;
      // A hidden tab asks nothing; a reload still running is not stacked on.
      if (document.visibilityState === "visible" && r.state === "idle") r.revalidate();
      timer = setTimeout(tick, Date.now() - started > 60_000 ? 15_000 : 3_000);
    };
    timer = setTimeout(tick, 3_000);
    return () => clearTimeout(timer);
  }, [active]);
}
