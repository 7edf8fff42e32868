import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";

/** The 404 and error page: says what happened and offers a way on. */
export function ErrorPage({
  status,
  notFound,
  standalone = false,
}: {
  status: number;
  notFound: boolean;
  standalone?: boolean;
}) {
  const { t } = useI18n();
  return (
    <main
      id="main"
      className="error-page"
      style={
        standalone
          ? {
              padding: "3rem 1.25rem",
              fontFamily: "system-ui, sans-serif",
              maxWidth: "36rem",
              margin: "0 auto",
            }
          : undefined
      }
    >
      <p className="error-page__code">{status}</p>
      <h1>{notFound ? t("error.notFoundTitle") : t("error.title")}</h1>
      <p>{notFound ? t("error.notFoundBody") : t("error.body")}</p>
      {notFound ? (
        <form method="get" action="/search" className="error-page__search" role="search">
          <label htmlFor="error-search" className="visually-hidden">
            {t("search.label")}
          </label>
          <input
            id="error-search"
            name="q"
            type="search"
            placeholder={t("nav.searchPlaceholder")}
          />
          <button type="submit">{t("search.submit")}</button>
        </form>
      ) : null}
      <p>
        <Link to="/" className="button">
          {t("error.backHome")}
        </Link>
      </p>
    </main>
  );
}
