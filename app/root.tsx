import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { DEFAULT_LOCALE, type Locale } from "./lib/i18n";
import { getLocale, isSharedPage, sharedPageLocale } from "./lib/locale.server";
import { siteOrigin } from "./lib/origin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const locale = isSharedPage(url.pathname) ? sharedPageLocale(url) : await getLocale(request);
  return { locale, origin: siteOrigin(request) };
}

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f43" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <ErrorPage
      status={isRouteErrorResponse(error) ? error.status : 500}
      notFound={notFound}
      standalone
    />
  );
}
