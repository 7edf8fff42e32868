import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/lib/locale.server";
import { checkoutCartId } from "~/orders/cart-cookie.server";
import { planQuerySchema } from "~/orders/checkout-schemas";
import { planCheckout } from "~/orders/checkout.server";

/**
 * The cart's (with `&buy=now`, the buy-now cart's) checkout plan re-priced for a province and service (`?province=11&service=economy`),
 * for the checkout page's fetcher as the shopper changes the address or the service. A resource
 * route of its own, so the page's loader never has to tell a fetcher from a document.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = planQuerySchema.parse({
    province: url.searchParams.get("province") ?? undefined,
    service: url.searchParams.get("service") ?? undefined,
  });
  const [locale, cartId] = await Promise.all([getLocale(request), checkoutCartId(request)]);
  return {
    plan: await planCheckout({
      cartId,
      province: query.province,
      ambientService: query.service,
      locale,
    }),
  };
}
