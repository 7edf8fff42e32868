import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { homeProducts, listFeaturedCooperatives } from "~/catalog/catalog.server";
import { CooperativeCard } from "~/catalog/components/cooperative-card";
import { ProductGrid } from "~/catalog/components/product-card";
import { monthName, translator, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { groupbuyStoreTranslator } from "~/groupbuy/groupbuy-store-messages";
import { openDeals, type StoreDeal } from "~/groupbuy/storefront.server";
import { liveAndUpcomingSales, type SalePage } from "~/live/storefront.server";
import { Picture } from "~/media/components/picture";
import { getLocale } from "~/lib/locale.server";
import { PresaleList } from "~/presale/components/presale-box";
import { presaleStoreTranslator } from "~/presale/presale-store-messages";
import { openPresales } from "~/presale/storefront.server";
import { siteOrigin } from "~/lib/origin.server";
import { canonicalUrl, pageMeta } from "~/lib/seo";
import { formatDateTime } from "~/lib/dates";
import { useI18n } from "~/lib/use-i18n";
import { sharedPageHeaders } from "~/lib/shared-page";

// Season follows the calendar in China, whatever the server's zone.
const chinaMonth = new Intl.DateTimeFormat("en", { month: "numeric", timeZone: "Asia/Shanghai" });

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const month = Number(chinaMonth.format(new Date()));
  // Every list is capped, so the page weighs the same at 3 products and at 20,000.
  const [{ seasonal, rest }, cooperatives, sales, presales, groupDeals] = await Promise.all([
    homeProducts({ locale, month }),
    listFeaturedCooperatives({ locale }),
    liveAndUpcomingSales({ locale }),
    openPresales({ locale }),
    openDeals({ locale, limit: 4 }),
  ]);
  return {
    locale,
    month,
    seasonal,
    rest,
    cooperatives,
    sales,
    presales,
    groupDeals,
    origin: siteOrigin(request),
  };
}

// The same bytes for every visitor of a language; a proxy may keep it (app/lib/shared-page.ts).
export const headers = sharedPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "zh");
  return pageMeta({
    title: `${t("site.name")} · ${t("site.tagline")}`,
    description: t("site.description"),
    url: canonicalUrl(data?.origin ?? "http://localhost", "/"),
    siteName: t("site.name"),
  });
};

const CHANNELS = [
  { key: "buyNow", live: true },
  { key: "presale", live: false },
  { key: "groupBuy", live: false },
  { key: "live", live: true },
] as const;

export default function Home() {
  const { month, seasonal, rest, cooperatives, sales, presales, groupDeals } =
    useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  return (
    <main id="main">
      <section className="hero">
        <div className="container hero__inner">
          <h1 className="hero__title">{t("home.heroTitle")}</h1>
          <p className="hero__body">{t("home.heroBody")}</p>
          <a href="#seasonal" className="button button--primary">
            {t("home.heroCta")}
          </a>
        </div>
      </section>

      <section className="container section" aria-labelledby="channels-title">
        <h2 id="channels-title" className="visually-hidden">
          {t("home.channels")}
        </h2>
        <ul className="channels">
          {CHANNELS.map((c) => {
            const on =
              c.live ||
              (c.key === "presale" && presales.length > 0) ||
              (c.key === "groupBuy" && groupDeals.length > 0);
            const anchor =
              c.key === "live" && (sales.live.length || sales.upcoming.length)
                ? "#live"
                : c.key === "presale" && presales.length
                  ? "#presales"
                  : c.key === "groupBuy" && groupDeals.length
                    ? "#groupbuys"
                    : null;
            return (
              <li key={c.key} className={on ? "channel" : "channel channel--soon"}>
                <span className="channel__name">
                  {anchor ? <a href={anchor}>{t(`channel.${c.key}`)}</a> : t(`channel.${c.key}`)}
                </span>
                <span className="channel__body">
                  {on ? t(`channel.${c.key}Body`) : t("channel.soon")}
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      {presales.length ? (
        <section id="presales" className="container section" aria-labelledby="presales-title">
          <h2 id="presales-title" className="section__title">
            {presaleStoreTranslator(locale)("presale.store.homeTitle")}
          </h2>
          <PresaleList presales={presales} />
        </section>
      ) : null}

      {groupDeals.length ? (
        <section id="groupbuys" className="container section" aria-labelledby="groupbuys-title">
          <h2 id="groupbuys-title" className="section__title">
            {groupbuyStoreTranslator(locale)("groupbuy.store.homeTitle")}
          </h2>
          <ul className="live-sales">
            {groupDeals.map((d) => (
              <GroupDealCard key={d.shareCode} deal={d} locale={locale} />
            ))}
          </ul>
        </section>
      ) : null}

      {sales.live.length || sales.upcoming.length ? (
        <section id="live" className="container section" aria-labelledby="live-title">
          <h2 id="live-title" className="section__title">
            {t("home.live")}
          </h2>
          <ul className="live-sales">
            {sales.live.map((s) => (
              <LiveSaleCard key={s.code} sale={s} locale={locale} upcoming={false} />
            ))}
            {sales.upcoming.map((s) => (
              <LiveSaleCard key={s.code} sale={s} locale={locale} upcoming />
            ))}
          </ul>
        </section>
      ) : null}

      <section id="seasonal" className="container section" aria-labelledby="seasonal-title">
        <h2 id="seasonal-title" className="section__title">
          {t("home.seasonal", { month: monthName(month, locale) })}
        </h2>
        {seasonal.length ? (
          <ProductGrid products={seasonal} priorityCount={2} />
        ) : (
          <p>{t("home.seasonalEmpty")}</p>
        )}
      </section>

      <section className="section section--tinted" aria-labelledby="coops-title">
        <div className="container">
          <h2 id="coops-title" className="section__title">
            {t("home.cooperatives")}
          </h2>
          <ul className="coop-row">
            {cooperatives.map((c) => (
              <li key={c.slug}>
                <CooperativeCard coop={c} />
              </li>
            ))}
          </ul>
        </div>
      </section>

      {rest.length ? (
        <section className="container section" aria-labelledby="all-title">
          <h2 id="all-title" className="section__title">
            {t("home.all")}
          </h2>
          <ProductGrid products={rest} />
          <p className="section__more">
            <Link to="/search">{t("search.title")} →</Link>
          </p>
        </section>
      ) : null}
    </main>
  );
}

function LiveSaleCard({
  sale,
  locale,
  upcoming,
}: {
  sale: SalePage;
  locale: Locale;
  upcoming: boolean;
}) {
  const { t } = useI18n();
  const at = upcoming ? sale.startsAt : sale.endsAt;
  const href = `/l/${sale.code}${locale === "en" ? "?lang=en" : ""}`;
  return (
    <li className="live-sale">
      <a href={href} className="live-sale__link">
        {sale.image ? <Picture image={sale.image} sizes="96px" /> : null}
        <span className="live-sale__body">
          <span className={upcoming ? "live-sale__tag live-sale__tag--soon" : "live-sale__tag"}>
            {upcoming ? t("home.liveSoon") : t("home.liveNow")}
          </span>
          <span className="live-sale__name">
            {sale.productName} {sale.variantLabel}
          </span>
          <span className="live-sale__price">
            <strong>{formatFen(sale.priceFen, locale)}</strong>{" "}
            <s>{formatFen(sale.standardFen, locale)}</s>
          </span>
          {at ? (
            <span className="live-sale__when">
              {t(upcoming ? "home.liveStarts" : "home.liveEnds", {
                time: formatDateTime(at, locale),
              })}
            </span>
          ) : null}
        </span>
        <span className="live-sale__go">{t("home.liveGo")} →</span>
      </a>
    </li>
  );
}

function GroupDealCard({ deal: d, locale }: { deal: StoreDeal; locale: Locale }) {
  const gt = groupbuyStoreTranslator(locale);
  const money = (fen: number) => formatFen(fen, locale);
  const price = d.progress.reached?.priceFen ?? d.tiers[0]?.priceFen ?? 0;
  const lowest = d.tiers[d.tiers.length - 1]?.priceFen ?? price;
  return (
    <li className="live-sale">
      <a href={`/g/${d.shareCode}`} className="live-sale__link">
        {d.image ? <Picture image={d.image} sizes="96px" /> : null}
        <span className="live-sale__body">
          <span className="live-sale__tag">{gt("groupbuy.store.title")}</span>
          <span className="live-sale__name">
            {d.productName} {d.packLabel}
          </span>
          <span className="live-sale__price">
            <strong>{money(price)}</strong>
            {lowest < price ? ` → ${money(lowest)}` : null}
          </span>
          <span className="live-sale__when">
            {d.progress.next
              ? gt("groupbuy.store.toNext", {
                  count: d.progress.next.needed,
                  price: money(d.progress.next.tier.priceFen),
                })
              : gt("groupbuy.store.joined", { joined: d.progress.joined, max: d.maxQuantity })}
            {d.endsAt
              ? ` · ${gt("groupbuy.store.endsAt", { time: formatDateTime(d.endsAt, locale) })}`
              : null}
          </span>
        </span>
        <span className="live-sale__go">{gt("groupbuy.store.homeCta")} →</span>
      </a>
    </li>
  );
}
