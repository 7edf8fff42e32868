import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";
import { orderTranslator } from "~/orders/order-messages";

export function StoreFooter() {
  const { locale, t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <div>
          <p className="site-footer__brand">{t("site.name")}</p>
          <p>{t("footer.about")}</p>
          <p>
            <Link to="/track">{t("footer.track")}</Link> ·{" "}
            <Link to="/orders/lookup">{orderTranslator(locale)("lookup.title")}</Link>
          </p>
        </div>
        <nav aria-label={t("nav.categories")}>
          <ul>
            <li>
              <Link to="/search?category=fruit">{t("category.fruit")}</Link>
            </li>
            <li>
              <Link to="/search?category=vegetable">{t("category.vegetable")}</Link>
            </li>
            <li>
              <Link to="/search?category=grain">{t("category.grain")}</Link>
            </li>
            <li>
              <Link to="/search?category=pantry">{t("category.pantry")}</Link>
            </li>
          </ul>
        </nav>
        <p className="site-footer__small">{t("footer.rights")}</p>
      </div>
    </footer>
  );
}
