import { Link } from "@remix-run/react";
import { formatDateTime } from "../../lib/dates";
import { formatDay, monthName, type Locale } from "../../lib/i18n";
import { formatFen } from "../../lib/money";
import { useI18n } from "../../lib/use-i18n";
import { Picture } from "../../media/components/picture";
import { presaleStoreTranslator } from "../presale-store-messages";
import type { StorePresale } from "../storefront.server";

const percent = (p: StorePresale) =>
  p.cap ? Math.min(100, Math.round((p.ordered / p.cap) * 100)) : 100;

function endsText(iso: string, locale: Locale) {
  return formatDateTime(iso, locale);
}

/** The product page's box for one pack's open presale: what is paid when, progress, policy, pre-order. */
export function PresaleBox({ presale: p, showPack }: { presale: StorePresale; showPack: boolean }) {
  const { locale } = useI18n();
  const t = presaleStoreTranslator(locale);
  const full = p.ordered >= p.cap;
  const date = formatDay(p.harvestFrom, locale);
  const titleId = `presale-${p.offerId}`;
  return (
    <section className="presale-box" aria-labelledby={titleId}>
      <h2 id={titleId} className="presale-box__title">
        <span className="presale-box__tag">{t("presale.store.title")}</span>
        {showPack ? <span className="presale-box__pack">{p.packLabel}</span> : null}
      </h2>
      <p className="presale-box__price">
        <span className="presale-box__price-label">{t("presale.store.price")}</span>{" "}
        <strong>{formatFen(p.priceFen, locale)}</strong>
      </p>
      <p className="presale-box__terms">
        {p.fullPrice
          ? t("presale.store.payFull", { price: formatFen(p.priceFen, locale), date })
          : t("presale.store.payNow", {
              deposit: formatFen(p.depositFen, locale),
              balance: formatFen(p.balanceFen, locale),
              date,
            })}
        <span className="presale-box__note">{t("presale.store.shippingNote")}</span>
      </p>
      <div className="presale-box__progress">
        <div
          className="presale-bar"
          role="progressbar"
          aria-label={t("presale.store.progressLabel")}
          aria-valuemin={0}
          aria-valuemax={p.cap}
          aria-valuenow={Math.min(p.ordered, p.cap)}
        >
          <span className="presale-bar__fill" style={{ width: `${percent(p)}%` }} />
        </div>
        <p className="presale-box__facts">
          <span>{t("presale.store.progress", { sold: p.ordered, cap: p.cap })}</span>
          <span>
            {p.daysToHarvest > 0
              ? t("presale.store.harvestIn", { days: p.daysToHarvest })
              : t("presale.store.harvestNow")}
          </span>
        </p>
        <p className="presale-box__ends">
          {t("presale.store.endsAt", { date: endsText(p.endsAt, locale) })}
        </p>
      </div>
      <p className="presale-box__short">{t(`presale.store.short.${p.shortDefault}`)}</p>
      {p.policy ? (
        <details className="presale-box__policy">
          <summary>{t("presale.store.policy")}</summary>
          <p>{p.policy}</p>
        </details>
      ) : null}
      {full ? (
        <p className="presale-box__full">{t("presale.store.full")}</p>
      ) : (
        <Link
          to={`/presale/${p.offerId}`}
          className="button button--primary button--block presale-box__cta"
        >
          {t("presale.store.cta")}
        </Link>
      )}
    </section>
  );
}

/** The home page's presales: product, price, progress and harvest month, each linking to its page. */
export function PresaleList({ presales }: { presales: StorePresale[] }) {
  const { locale } = useI18n();
  const t = presaleStoreTranslator(locale);
  return (
    <ul className="presale-list">
      {presales.map((p) => (
        <li key={p.offerId} className="presale-card">
          <Link to={`/p/${p.productSlug}`} className="presale-card__link">
            {p.image ? <Picture image={p.image} sizes="96px" /> : null}
            <span className="presale-card__body">
              <span className="presale-box__tag">
                {t("presale.store.homeHarvest", {
                  month: monthName(Number(p.harvestFrom.slice(5, 7)), locale),
                })}
              </span>
              <span className="presale-card__name">
                {p.productName} {p.packLabel}
              </span>
              <strong className="presale-card__price">{formatFen(p.priceFen, locale)}</strong>
              <span className="presale-bar presale-bar--small" aria-hidden="true">
                <span className="presale-bar__fill" style={{ width: `${percent(p)}%` }} />
              </span>
              <span className="presale-card__progress">
                {t("presale.store.progress", { sold: p.ordered, cap: p.cap })}
              </span>
            </span>
            <span className="presale-card__go">{t("presale.store.homeGo")} →</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
