import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { searchPage } from "~/catalog/catalog.server";
import { ProductGrid } from "~/catalog/components/product-card";
import { CATEGORIES } from "~/catalog/categories";
import { searchQuerySchema } from "~/catalog/schemas.server";
import { SORTS } from "~/catalog/sort";
import { env } from "~/lib/env.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { siteOrigin } from "~/lib/origin.server";
import { canonicalUrl, pageMeta } from "~/lib/seo";
import { useI18n } from "~/lib/use-i18n";
import { sharedPageHeaders } from "~/lib/shared-page";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const url = new URL(request.url);
  // Over-long or odd queries are trimmed or dropped rather than turned into errors.
  const query = searchQuerySchema.parse({
    q: url.searchParams.get("q")?.slice(0, 100) ?? undefined,
    category: url.searchParams.get("category") ?? undefined,
    sort: url.searchParams.get("sort") ?? undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  const { products, total, pageSize } = await searchPage({
    q: query.q,
    category: query.category,
    sort: query.sort,
    page: query.page,
    pageSize: env.SEARCH_PAGE_SIZE,
    locale,
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const canonical = new URL(canonicalUrl(siteOrigin(request), "/search"));
  if (query.category && !query.q) canonical.searchParams.set("category", query.category);
  if (query.category && !query.q && query.page > 1) {
    canonical.searchParams.set("page", String(query.page));
  }
  return { locale, products, total, pages, query, canonical: canonical.toString() };
}

// The same bytes for every visitor of a language; a proxy may keep it (app/lib/shared-page.ts).
export const headers = sharedPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "zh");
  const heading = data?.query.q
    ? t("search.resultsFor", { q: data.query.q })
    : data?.query.category
      ? t(`category.${data.query.category}`)
      : t("search.title");
  return [
    ...pageMeta({
      title: `${heading} | ${t("site.name")}`,
      description: t("site.description"),
      url: data?.canonical ?? "/search",
      siteName: t("site.name"),
    }),
    // Free-text result pages are thin duplicates; category pages are worth indexing.
    ...(data?.query.q ? [{ name: "robots", content: "noindex, follow" }] : []),
  ];
};

export default function SearchPage() {
  const { products, total, pages, query } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const heading = query.q
    ? t("search.resultsFor", { q: query.q })
    : query.category
      ? t(`category.${query.category}`)
      : t("search.title");
  // A new filter or sort starts again at page 1; only the page links carry a page.
  const link = ({
    category = query.category,
    sort = query.sort,
    page = 1,
  }: {
    category?: string;
    sort?: string;
    page?: number;
  }) => {
    const p = new URLSearchParams();
    if (query.q) p.set("q", query.q);
    if (category) p.set("category", category);
    if (sort !== "featured") p.set("sort", sort);
    if (page > 1) p.set("page", String(page));
    const s = p.toString();
    return s ? `/search?${s}` : "/search";
  };
  return (
    <main id="main" className="container section search-page">
      <h1 className="section__title">{heading}</h1>
      <nav aria-label={t("nav.categories")} className="filter-chips">
        <ul>
          <li>
            <Link
              to={link({ category: "" })}
              className={!query.category ? "chip chip--active" : "chip"}
              aria-current={!query.category ? "page" : undefined}
            >
              {t("category.all")}
            </Link>
          </li>
          {CATEGORIES.map((c) => (
            <li key={c}>
              <Link
                to={link({ category: c })}
                className={query.category === c ? "chip chip--active" : "chip"}
                aria-current={query.category === c ? "page" : undefined}
              >
                {t(`category.${c}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <nav aria-label={t("sort.label")} className="sort-links">
        <span aria-hidden="true">{t("sort.label")}:</span>
        <ul>
          {SORTS.map((sort) => (
            <li key={sort}>
              <Link
                to={link({ sort })}
                aria-current={query.sort === sort ? "true" : undefined}
                className={query.sort === sort ? "sort-link sort-link--active" : "sort-link"}
              >
                {t(`sort.${sort}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="search-page__count" role="status">
        {total === 1 ? t("search.resultsOne") : t("search.results", { count: total })}
      </p>
      {products.length ? (
        <ProductGrid products={products} priorityCount={2} />
      ) : total > 0 ? (
        <p className="empty-state">
          {t("search.pastEnd")} <a href={link({})}>{t("search.firstPage")}</a>
        </p>
      ) : (
        <p className="empty-state">{t("search.none")}</p>
      )}
      {pages > 1 && query.page <= pages ? (
        // Plain links: paging works before (or without) JavaScript.
        <nav aria-label={t("search.pages")} className="pager">
          {query.page > 1 ? (
            <a href={link({ page: query.page - 1 })} rel="prev" className="pager__link">
              {t("search.previous")}
            </a>
          ) : (
            <span />
          )}
          <span className="pager__where">{t("search.page", { page: query.page, pages })}</span>
          {query.page < pages ? (
            <a href={link({ page: query.page + 1 })} rel="next" className="pager__link">
              {t("search.next")}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </main>
  );
}
