import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasSessionCookie } from "~/auth/session.server";
import { cartItemCount } from "~/orders/cart.server";
import { readCartId } from "~/orders/cart-cookie.server";

/**
 * GET /api/visitor → { cartCount, signedIn }: the per-visitor bits of the store header, read by
 * the browser after hydration so the pages themselves are the same bytes for everyone (and a
 * proxy may keep them). Signed in is judged from the cookie alone, as the header always did.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const [cartCount, signedIn] = await Promise.all([
    cartItemCount({ cartId: await readCartId(request) }),
    hasSessionCookie(request),
  ]);
  return Response.json(
    { cartCount, signedIn },
    { headers: { "Cache-Control": "private, no-store", Vary: "Cookie" } },
  );
}

export type Visitor = { cartCount: number | null; signedIn: boolean };
