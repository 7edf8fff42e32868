import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { translator } from "~/lib/i18n";
import { sharedPageLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { notFound } from "~/lib/not-found";
import { SalePanel } from "~/live/components/sale-panel";
import { liveTranslator } from "~/live/live-messages";
import { salePage } from "~/live/storefront.server";
import { Picture } from "~/media/components/picture";
import liveStyles from "~/styles/live.css";
import storeStyles from "~/styles/store.css";

/*
 * The flash-sale page a host shows on air. Outside the storefront layout (no cart count, no
 * sign-in state) and in the language of its URL, so its HTML is the same bytes for everyone and a
 * CDN can serve it to a whole audience at once; stock, clock and the visitor's claim come from
 * the JSON endpoints after it loads (SalePanel).
 */

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: storeStyles },
  { rel: "stylesheet", href: liveStyles },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = sharedPageLocale(url);
  const sale = await salePage({ code: params.code ?? "", locale });
  if (!sale) throw notFound();
  return { locale, sale };
}

// Everyone gets the same page: any cache may keep it briefly and serve it stale while it refreshes.
export const headers: HeadersFunction = ({ errorHeaders }) =>
  errorHeaders ?? { "Cache-Control": "public, max-age=10, stale-while-revalidate=60" };

export default function SalePage() {
  const { locale, sale } = useLoaderData<typeof loader>();
  const t = liveTranslator(locale);
  const other = locale === "zh" ? "?lang=en" : "";
  return (
    <div className="live-page">
      <header className="live-top">
        <a href="/" className="live-top__brand">
          {translator(locale)("site.name")}
        </a>
        <a
          href={`/l/${sale.code}${other}`}
          className="live-top__lang"
          hrefLang={locale === "zh" ? "en" : "zh"}
        >
          {t("live.switchLang")}
        </a>
      </header>
      <main id="main" className="live-main">
        <div className="live-media">
          {sale.image ? (
            <Picture image={sale.image} sizes="(min-width: 900px) 480px, 100vw" priority />
          ) : null}
          <span className="live-badge">{t("live.title")}</span>
        </div>
        <div className="live-body">
          <h1 className="live-name">
            {sale.productName} <span className="live-pack">{sale.variantLabel}</span>
          </h1>
          <p className="live-coop">{t("live.from", { name: sale.cooperativeName })}</p>
          <p className="live-price">
            <span className="live-price__label">{t("live.flashPrice")}</span>
            <span className="live-price__now">{formatFen(sale.priceFen, locale)}</span>
            <s className="live-price__was">
              <span className="visually-hidden">{t("live.was")} </span>
              {formatFen(sale.standardFen, locale)}
            </s>
            <span className="live-price__save">
              {t("live.save", { amount: formatFen(sale.standardFen - sale.priceFen, locale) })}
            </span>
          </p>
          <SalePanel
            code={sale.code}
            locale={locale}
            perShopperLimit={sale.perShopperLimit}
            holdSeconds={sale.holdSeconds}
          />
        </div>
      </main>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const locale = data?.locale ?? "zh";
  const site = translator(locale)("site.name");
  if (!data)
    return [
      { title: `${translator(locale)("error.notFoundTitle")} | ${site}` },
      { name: "robots", content: "noindex" },
    ];
  const { sale } = data;
  return [
    {
      title: `${liveTranslator(locale)("live.title")} · ${sale.productName} ${formatFen(sale.priceFen, locale)} | ${site}`,
    },
    { name: "robots", content: "noindex" },
  ];
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status >= 500) console.error(error);
  return <ErrorPage status={status} notFound={status === 404} standalone />;
}
