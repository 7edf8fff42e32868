import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { StoreFooter } from "~/components/store-footer";
import { StoreHeader } from "~/components/store-header";
import { cartItemCount } from "~/orders/cart.server";
import { readCartId } from "~/orders/cart-cookie.server";
import storeStyles from "~/styles/store.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: storeStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { cartCount: await cartItemCount({ cartId: await readCartId(request) }) };
}

export default function StoreLayout() {
  const { cartCount } = useLoaderData<typeof loader>();
  return (
    <>
      <StoreHeader cartCount={cartCount} />
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
