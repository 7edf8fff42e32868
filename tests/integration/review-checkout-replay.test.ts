import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders } from "../../db/orders-schema";
import { cartLines } from "../../db/schema";
import { db } from "~/lib/db.server";
import { cartCookieHeader } from "~/orders/cart-cookie.server";
import { action, loader } from "~/routes/_store.checkout";
import { loader as orderLoader } from "~/routes/_store.orders.$orderId";
import { createProduct } from "../factories/catalog";
import { cartWith, checkoutFormFields, orderRowsSnapshot } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

/**
 * Issue 10, defect 6: the checkout form's one-time submitKey makes a resent form answer with the
 * order it already placed. That answer is for the browser (or signed-in shopper) that placed it;
 * the same key posted from anywhere else must neither hand over the order nor change anything.
 */

withTestDatabase();

type Page = Awaited<ReturnType<typeof loader>>;
type Refused = { message: string | null; errors: Record<string, string> };

const page = (cookie: string | null) =>
  callRoute<Page>(loader, { url: "http://localhost/checkout?province=11", cookie });
const post = (form: Record<string, string>, cookie: string | null) =>
  callRoute<Refused>(action, { url: "http://localhost/checkout", method: "POST", form, cookie });
const viewOrder = (orderId: string, cookie: string | null) =>
  callRoute(orderLoader, {
    url: `http://localhost/orders/${orderId}`,
    params: { orderId },
    cookie,
  });

/** A browser holding a cart with one box of `variantId`: its cart id and Cookie header. */
async function browserWithCart(variantId: string) {
  const cartId = await cartWith([{ variantId, quantity: 1 }]);
  return { cartId, cookie: (await cartCookieHeader(cartId)).split(";")[0]! };
}

const linesOf = async (cartId: string) =>
  db()
    .select({ variantId: cartLines.variantId, quantity: cartLines.quantity })
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId));

/** What a refused replay must look like: 409, a plain message, no redirect and no order-access cookie. */
function expectRefusedReplay(res: Awaited<ReturnType<typeof post>>) {
  expect(res.status).toBe(409);
  expect(res.headers.get("Location")).toBeNull();
  expect(res.headers.get("Set-Cookie")).toBeNull();
  expect(res.data.message).toMatch(/another browser|其他浏览器/);
}

describe("a checkout submitKey replayed from another browser", () => {
  it("does not hand a guest's order (or access to it) to a second browser, with or without a cart, and changes nothing", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const first = await browserWithCart(v!.id);
    const { data: shown } = await page(first.cookie);
    const placed = await post(checkoutFormFields(shown.submitKey), first.cookie);
    expect(placed.status).toBe(302);
    expect(placed.headers.get("Location")).toMatch(/^\/pay\//);
    const [order] = await db().select().from(orders);

    // Another browser, with a cart of its own, posts the first browser's form as it was.
    const second = await browserWithCart(v!.id);
    const before = await orderRowsSnapshot();
    const replay = await post(
      checkoutFormFields(shown.submitKey, "thief@example.com"),
      second.cookie,
    );
    expectRefusedReplay(replay);
    expect(JSON.stringify(replay.data)).not.toContain(order!.id);
    expect(JSON.stringify(replay.data)).not.toContain(order!.code);
    // A browser with no cookies at all is refused the same way.
    expectRefusedReplay(await post(checkoutFormFields(shown.submitKey), null));

    expect(await orderRowsSnapshot()).toBe(before);
    expect(await linesOf(second.cartId)).toEqual([{ variantId: v!.id, quantity: 1 }]);
    expect((await viewOrder(order!.id, second.cookie)).status).toBe(404);

    // The first browser's own resend still lands on its order, and the order page is still theirs.
    const again = await post(checkoutFormFields(shown.submitKey), first.cookie);
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(placed.headers.get("Location"));
    expect((await viewOrder(order!.id, cookieFrom(placed.headers))).status).toBe(200);
    expect(await db().select().from(orders)).toHaveLength(1);
  });

  it("does not hand a signed-in shopper's order to a guest or another account; the same shopper on another device gets it", async () => {
    const {
      variants: [v],
    } = await createProduct({ variants: [{ stock: 10 }] });
    const me = await signedInUser();
    const mine = await browserWithCart(v!.id);
    const myCookie = `${me.cookie}; ${mine.cookie}`;
    const { data: shown } = await page(myCookie);
    const placed = await post(checkoutFormFields(shown.submitKey), myCookie);
    expect(placed.status).toBe(302);
    const [order] = await db().select().from(orders);
    expect(order!.userId).toBe(me.user.id);
    const before = await orderRowsSnapshot();

    const guest = await browserWithCart(v!.id);
    expectRefusedReplay(await post(checkoutFormFields(shown.submitKey), guest.cookie));
    const other = await signedInUser();
    const theirs = await browserWithCart(v!.id);
    expectRefusedReplay(
      await post(checkoutFormFields(shown.submitKey), `${other.cookie}; ${theirs.cookie}`),
    );
    // The same browser once signed out (a shared computer) is not handed the account's order either.
    expectRefusedReplay(await post(checkoutFormFields(shown.submitKey), mine.cookie));
    expect(await orderRowsSnapshot()).toBe(before);
    expect(await linesOf(guest.cartId)).toHaveLength(1);
    expect(await linesOf(theirs.cartId)).toHaveLength(1);

    // The order is the shopper's own: their phone (another cart, same account) is answered with it.
    const phone = await browserWithCart(v!.id);
    const fromPhone = await post(
      checkoutFormFields(shown.submitKey),
      `${me.cookie}; ${phone.cookie}`,
    );
    expect(fromPhone.status).toBe(302);
    expect(fromPhone.headers.get("Location")).toBe(placed.headers.get("Location"));
    expect(await orderRowsSnapshot()).toBe(before);
    expect(await linesOf(phone.cartId)).toHaveLength(1);
  });
});
