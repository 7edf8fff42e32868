import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { StoreFooter } from "~/components/store-footer";
import { StoreHeader } from "~/components/store-header";
import { hasSessionCookie } from "~/auth/session.server";
import { cartItemCount } from "~/orders/cart.server";
import { readCartId } from "~/orders/cart-cookie.server";
import { isLocale, translator } from "~/lib/i18n";
import storeStyles from "~/styles/store.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: storeStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  return {
    cartCount: await cartItemCount({ cartId: await readCartId(request) }),
    // From the cookie alone, so storefront pages stay one query; /account checks the session.
    signedIn: await hasSessionCookie(request),
  };
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

export default function StoreLayout() {
  const { cartCount, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <StoreHeader cartCount={cartCount} signedIn={signedIn} />
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
