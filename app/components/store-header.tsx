import { Form, Link, NavLink, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import { CATEGORIES } from "~/catalog/categories";
import { useI18n } from "~/lib/use-i18n";

/**
 * `slim` (product and checkout pages): on a phone just back, logo and cart, so the page gets the
 * height; wider screens show the full header. `back` is where back goes without history.
 */
export type StoreHeaderVariant = { slim: true; back: string } | { slim?: false };

export function StoreHeader({
  cartCount,
  signedIn = false,
  variant = {},
}: {
  cartCount: number | null;
  signedIn?: boolean;
  variant?: StoreHeaderVariant;
}) {
  const { locale, t } = useI18n();
  const location = useLocation();
  const [params] = useSearchParams();
  const activeCategory = location.pathname === "/search" ? params.get("category") : null;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className={variant.slim ? "site-header site-header--slim" : "site-header"}>
        <div className="site-header__bar container">
          {variant.slim ? <BackLink fallback={variant.back} label={t("nav.back")} /> : null}
          <Link to="/" className="brand">
            <svg className="brand__mark" viewBox="0 0 64 64" aria-hidden="true">
              <circle cx="32" cy="36" r="22" fill="#f28c28" />
              <path d="M32 14c4-8 14-10 18-8-2 8-10 12-18 8z" fill="#1f6f43" />
            </svg>
            <span className="brand__text">
              <span className="brand__name">{t("site.name")}</span>
              <span className="brand__tagline">{t("site.tagline")}</span>
            </span>
          </Link>
          <form method="get" action="/search" role="search" className="header-search">
            <label htmlFor="site-search" className="visually-hidden">
              {t("search.label")}
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              defaultValue={location.pathname === "/search" ? (params.get("q") ?? "") : ""}
              placeholder={t("nav.searchPlaceholder")}
              enterKeyHint="search"
            />
            <button type="submit" className="header-search__button">
              <span className="visually-hidden">{t("search.submit")}</span>
              <svg viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
                <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
                <path d="m20 20-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
            </button>
          </form>
          <div className="site-header__actions">
            <Form method="post" action="/lang" className="lang-switch">
              <input type="hidden" name="lang" value={locale === "zh" ? "en" : "zh"} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button
                type="submit"
                lang={locale === "zh" ? "en" : "zh"}
                aria-label={`${t("nav.language")}: ${t("nav.switchTo")}`}
              >
                {t("nav.switchTo")}
              </button>
            </Form>
            <Link
              to={signedIn ? "/account" : "/account/sign-in"}
              className="account-link"
              aria-label={signedIn ? t("nav.account") : t("nav.signIn")}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" width="24" height="24">
                <circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
                <path
                  d="M4 21c0-4 3.6-7 8-7s8 3 8 7"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinecap="round"
                />
              </svg>
              <span className="account-link__label">
                {signedIn ? t("nav.account") : t("nav.signIn")}
              </span>
            </Link>
            {/* The name is the visible words ("Cart 3") plus hidden units, so it contains what is seen (WCAG 2.5.3). */}
            <Link to="/cart" className="cart-link">
              <svg viewBox="0 0 24 24" aria-hidden="true" width="24" height="24">
                <path
                  d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6.2"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinejoin="round"
                />
                <circle cx="10" cy="20" r="1.5" fill="currentColor" />
                <circle cx="17" cy="20" r="1.5" fill="currentColor" />
              </svg>
              <span className="cart-link__label">{t("nav.cart")}</span>
              {cartCount ? (
                <>
                  <span className="cart-link__count" data-testid="cart-count">
                    {cartCount}
                  </span>
                  <span className="visually-hidden">
                    {" "}
                    {t(cartCount === 1 ? "nav.cartItem" : "nav.cartItems")}
                  </span>
                </>
              ) : null}
            </Link>
          </div>
        </div>
        <nav className="category-nav container" aria-label={t("nav.categories")}>
          <ul>
            <li>
              <NavLink
                to="/"
                end
                className={({ isActive }) => (isActive ? "chip chip--active" : "chip")}
              >
                {t("nav.home")}
              </NavLink>
            </li>
            {CATEGORIES.map((c) => (
              <li key={c}>
                <Link
                  to={`/search?category=${c}`}
                  className={activeCategory === c ? "chip chip--active" : "chip"}
                  aria-current={activeCategory === c ? "page" : undefined}
                >
                  {t(`category.${c}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
    </>
  );
}

/** Back where the shopper came from on this site, else to `fallback` (also the link without JS). */
function BackLink({ fallback, label }: { fallback: string; label: string }) {
  const navigate = useNavigate();
  return (
    <Link
      to={fallback}
      className="back-link"
      aria-label={label}
      onClick={(event) => {
        const fromHere = document.referrer.startsWith(window.location.origin);
        if (fromHere && window.history.length > 1) {
          event.preventDefault();
          navigate(-1);
        }
      }}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" width="24" height="24">
        <path
          d="M15 5l-7 7 7 7"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </Link>
  );
}
