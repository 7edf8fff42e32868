import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { orderTranslator } from "~/orders/order-messages";
import { listShopperOrders } from "~/orders/shopper-orders.server";
import { formatEventTime } from "~/shipping/shipment-messages";
import checkoutStyles from "~/styles/checkout.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { locale: await getLocale(request), orders: await listShopperOrders({ userId: user.id }) };
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    { title: `${orderTranslator(locale)("mine.title")} | ${translator(locale)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

const STOPPED = new Set(["cancelled", "refunded"]);

export default function MyOrdersPage() {
  const { orders } = useLoaderData<typeof loader>();
  const { locale } = useI18n();
  const t = orderTranslator(locale);
  return (
    <main id="main" className="container my-orders">
      <h1>{t("mine.title")}</h1>
      {orders.length === 0 ? (
        <div className="empty-state">
          <p>{t("mine.empty")}</p>
          <Link to="/" className="button button--primary">
            {t("mine.emptyCta")}
          </Link>
        </div>
      ) : (
        <ul className="my-orders__list">
          {orders.map((o) => (
            <li key={o.id}>
              <Link to={`/orders/${o.id}`} className="my-order" data-testid="my-order">
                <span className="my-order__code order-code">{o.code}</span>
                <span
                  className={`order-status-tag order-status-tag--${STOPPED.has(o.status) ? "stopped" : o.status === "pending_payment" ? "pending" : "ok"}`}
                >
                  {t(`status.${o.status}`)}
                </span>
                <time className="my-order__date" dateTime={o.createdAt}>
                  {formatEventTime(o.createdAt, locale)}
                </time>
                <span className="my-order__parcels">
                  {o.parcelCount === 0
                    ? t("mine.noParcels")
                    : o.parcelCount === 1
                      ? t("mine.parcelOne")
                      : t("mine.parcels", { count: o.parcelCount })}
                </span>
                <span className="my-order__total">{formatFen(o.totalFen, locale)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="order-muted my-orders__aside">
        <Link to="/orders/lookup">{t("mine.lookupHint")}</Link> ·{" "}
        <Link to="/account">{t("mine.back")}</Link>
      </p>
    </main>
  );
}
