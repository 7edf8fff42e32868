import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, orders, payments } from "../../db/orders-schema";
import { inventoryLevels, inventoryReservations } from "../../db/schema";
import { db } from "~/lib/db.server";
import { cartCookieHeader } from "~/orders/cart-cookie.server";
import { checkField } from "~/orders/checkout-rules";
import { paySimulated } from "~/payments/simulated-pay.server";
import { action, loader } from "~/routes/_store.checkout";
import { loader as orderLoader } from "~/routes/_store.orders.$orderId";
import { action as lookupAction } from "~/routes/_store.orders.lookup";
import { drainJobs } from "../factories/held-orders";
import { cartWith, checkoutFormFields, createOrangesAndGrapes } from "../factories/orders";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type Page = Awaited<ReturnType<typeof loader>>;
type Refused = { errors: Record<string, string>; values: Record<string, string> };

async function orangeCart() {
  const w = await createOrangesAndGrapes();
  const cartId = await cartWith([{ variantId: w.oranges.variant.id, quantity: 2 }]);
  return { ...w, cookie: (await cartCookieHeader(cartId)).split(";")[0]! };
}

const post = (form: Record<string, string>, cookie: string) =>
  callRoute<Refused>(action, { url: "http://localhost/checkout", method: "POST", form, cookie });

describe("checkout with a mobile and no email", () => {
  it("places the order, texts the confirmation, and the code with that mobile finds the order", async () => {
    const { cookie } = await orangeCart();
    const { data: page } = await callRoute<Page>(loader, {
      url: "http://localhost/checkout",
      cookie,
    });
    const form = { ...checkoutFormFields(page.submitKey, ""), mobile: "139-1234 5678" };
    const placed = await post(form, cookie);
    expect(placed.status).toBe(302);
    expect(placed.headers.get("Location")).toMatch(/^\/pay\/\w+/);

    const [order] = await db().select().from(orders);
    expect(order).toMatchObject({ email: null, mobile: "13912345678", userId: null });
    expect(order!.recipient.mobile).toBe("13912345678");

    const [payment] = await db().select().from(payments).where(eq(payments.orderId, order!.id));
    const paid = await paySimulated({
      paymentId: payment!.id,
      form: { number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "李小红" },
    });
    expect(paid).toMatchObject({ kind: "paid", orderId: order!.id });
    await drainJobs();
    const sent = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.orderId, order!.id));
    // The confirmation goes by text to the mobile, and nothing waits on an email that was never given.
    const confirmation = sent.filter((n) => n.kind === "order_confirmation");
    expect(confirmation.map((n) => [n.channel, n.to])).toEqual([["sms", "13912345678"]]);
    expect(confirmation[0]!.sentAt).not.toBeNull();
    expect(confirmation[0]!.body).toContain(order!.code);
    expect(sent.every((n) => n.channel === "sms")).toBe(true);

    // Another phone (no access cookie): the order code and the mobile, typed with spaces, open it.
    const found = await callRoute(lookupAction, {
      url: "http://localhost/orders/lookup",
      method: "POST",
      form: { code: order!.code, contact: "139 1234 5678" },
    });
    expect(found.status).toBe(302);
    expect(found.headers.get("Location")).toBe(`/orders/${order!.id}`);
    const access = cookieFrom(found.headers);
    expect(access).toMatch(/^hl_orders=/);
    const view = await callRoute(orderLoader, {
      url: `http://localhost/orders/${order!.id}`,
      params: { orderId: order!.id },
      cookie: access,
    });
    expect(view.status).toBe(200);
    const stranger = await callRoute(orderLoader, {
      url: `http://localhost/orders/${order!.id}`,
      params: { orderId: order!.id },
    });
    expect(stranger.status).toBe(404);
  });

  it("refuses a mobile that is not a mainland one next to the field, with the page's own rule, and writes nothing", async () => {
    const { cookie, oranges } = await orangeCart();
    const [before] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, oranges.variant.id));
    for (const mobile of [
      "",
      "1391234567",
      "12912345678",
      "139 1234 56789",
      "１３９１２３４５６７８",
    ]) {
      const form: Record<string, string> = {
        ...checkoutFormFields(`key-mobile-${mobile.length}-0123456789ab`, ""),
        mobile,
      };
      const r = await post(form, cookie);
      expect(r.status, mobile).toBe(422);
      expect(r.data.errors, mobile).toEqual({ mobile: "address.mobile" });
      // What was typed comes back, so nothing is lost.
      expect(r.data.values.mobile, mobile).toBe(mobile);
      expect(r.data.values.detail).toBe(form.detail);
      // The browser's check as the shopper leaves the field gives the same answer.
      expect(checkField("mobile", mobile), mobile).toBe("address.mobile");
    }
    expect(checkField("mobile", "139-1234 5678")).toBeUndefined();
    // A bad email is still refused, beside the email, even though an email is optional.
    const badEmail = await post(checkoutFormFields("key-bad-email-0123456789abcd", "mei@"), cookie);
    expect(badEmail.status).toBe(422);
    expect(badEmail.data.errors).toEqual({ email: "checkout.email" });
    expect(checkField("email", "mei@")).toBe("checkout.email");
    expect(checkField("email", "")).toBeUndefined();

    expect(await db().select().from(orders)).toHaveLength(0);
    expect(await db().select().from(inventoryReservations)).toHaveLength(0);
    const [after] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, oranges.variant.id));
    expect(after).toEqual(before);
  });
});
