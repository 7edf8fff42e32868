import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  Outlet,
  isRouteErrorResponse,
  useFetcher,
  useMatches,
  useRouteError,
} from "@remix-run/react";
import { useEffect } from "react";
import { ErrorPage } from "~/components/error-page";
import { StoreFooter } from "~/components/store-footer";
import { StoreHeader, type StoreHeaderVariant } from "~/components/store-header";
import { isLocale, translator } from "~/lib/i18n";
import storeStyles from "~/styles/store.css";
import type { Visitor } from "./api.visitor";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: storeStyles }];

/**
 * The cart badge and the signed-in link, read after hydration from /api/visitor (and again after
 * every form post, as Remix revalidates loaded fetchers), so no storefront page carries them and
 * every visitor of a language gets the same bytes. Before that the header shows no count, in the
 * space the count will take.
 */
function useVisitor(): Visitor {
  const fetcher = useFetcher<Visitor>({ key: "visitor" });
  const { load } = fetcher;
  const loaded = fetcher.data !== undefined;
  useEffect(() => {
    if (!loaded) load("/api/visitor");
  }, [loaded, load]);
  return fetcher.data ?? { cartCount: null, signedIn: false };
}

// Child routes set their own; this titles the pages this layout's error boundary renders.
export const meta: MetaFunction = ({ error, matches }) => {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const t = translator(isLocale(rootData?.locale) ? rootData.locale : "zh");
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const heading = error
    ? notFound
      ? t("error.notFoundTitle")
      : t("error.title")
    : t("site.tagline");
  return [
    { title: `${heading} | ${t("site.name")}` },
    ...(error ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

/** A page asks for the slim header with `handle = { storeHeader: { slim: true, back } }`. */
function useHeaderVariant(): StoreHeaderVariant {
  const matches = useMatches();
  for (const m of matches) {
    const h = m.handle as { storeHeader?: StoreHeaderVariant } | undefined;
    if (h?.storeHeader) return h.storeHeader;
  }
  return {};
}

export default function StoreLayout() {
  const { cartCount, signedIn } = useVisitor();
  const variant = useHeaderVariant();
  return (
    <>
      <StoreHeader cartCount={cartCount} signedIn={signedIn} variant={variant} />
      <Outlet />
      <StoreFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status >= 500) console.error(error);
  return (
    <>
      <StoreHeader cartCount={null} />
      <ErrorPage status={status} notFound={status === 404} />
      <StoreFooter />
    </>
  );
}
