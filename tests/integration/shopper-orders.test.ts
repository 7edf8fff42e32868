import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orders } from "../../db/orders-schema";
import { db } from "~/lib/db.server";
import {
  grantOrderAccess,
  MAX_REMEMBERED_ORDERS,
  readGuestOrderIds,
} from "~/orders/order-access.server";
import { loader as myOrdersLoader } from "~/routes/_store.account.orders";
import { action as orderAction, loader as orderLoader } from "~/routes/_store.orders.$orderId";
import { action as lookupAction } from "~/routes/_store.orders.lookup";
import { createShipments } from "~/shipping/shipments.server";
import { recordTrackingEvents } from "~/shipping/tracking.server";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { signedInUser } from "../factories/users";
import { callRoute, cookieFrom } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type OrderPage = Awaited<ReturnType<typeof orderLoader>>;

async function twoCoopOrder(spec: Partial<Parameters<typeof createOrder>[0]> = {}) {
  const w = await createOrangesAndGrapes();
  const order = await createOrder({
    lines: [
      { ...w.oranges, quantity: 2 },
      { ...w.grapes, quantity: 1 },
    ],
    ...spec,
  });
  return { ...w, order };
}

const viewOrder = (orderId: string, cookie?: string | null, query = "") =>
  callRoute<OrderPage>(orderLoader, {
    url: `http://localhost/orders/${orderId}${query}`,
    params: { orderId },
    cookie,
  });

/** The cookie a guest's browser holds after placing (or looking up) these orders. */
async function guestCookie(...orderIds: string[]): Promise<string> {
  let cookie = "";
  for (const id of orderIds) {
    const header = await grantOrderAccess(
      new Request("http://localhost/", { headers: { Cookie: cookie } }),
      id,
    );
    cookie = header.split(";")[0]!;
  }
  return cookie;
}

describe("order page access", () => {
  it("shows the order to its signed-in owner and hides it (404) from every other account", async () => {
    const owner = await signedInUser();
    const other = await signedInUser();
    const { order } = await twoCoopOrder({ userId: owner.user.id });
    expect((await viewOrder(order.id, owner.cookie)).status).toBe(200);
    expect((await viewOrder(order.id, other.cookie)).status).toBe(404);
    expect((await viewOrder(order.id, null)).status).toBe(404);
  });

  it("shows a guest's order only to a browser holding the signed cookie that lists it", async () => {
    const { order } = await twoCoopOrder();
    const { order: another } = await twoCoopOrder();
    const cookie = await guestCookie(order.id);
    expect((await viewOrder(order.id, cookie)).status).toBe(200);
    expect((await viewOrder(another.id, cookie)).status).toBe(404);
    expect((await viewOrder(order.id)).status).toBe(404);
    // The same list, unsigned or with its signature altered, grants nothing.
    const [name, value] = cookie.split("=") as [string, string];
    const tampered = `${name}=${value.replace(/.$/, (c) => (c === "A" ? "B" : "A"))}`;
    expect((await viewOrder(order.id, tampered)).status).toBe(404);
    const unsigned = `${name}=${Buffer.from(JSON.stringify([order.id])).toString("base64")}`;
    expect((await viewOrder(order.id, unsigned)).status).toBe(404);
  });

  it("answers an unknown or malformed order id with 404", async () => {
    const cookie = await guestCookie("ord_AAAAAAAAAAAAAAAA");
    expect((await viewOrder("ord_AAAAAAAAAAAAAAAA", cookie)).status).toBe(404);
    expect((await viewOrder("ord_%00", cookie)).status).toBe(404);
  });

  it("keeps the newest orders when a guest has placed more than the cookie holds", async () => {
    const ids = Array.from(
      { length: MAX_REMEMBERED_ORDERS + 2 },
      (_, i) => `ord_${"ABCDEFGHJKMNPQRSTUVWXYZ"[i]}AAAAAAAAAAAAAAA`,
    );
    const cookie = await guestCookie(...ids);
    const kept = await readGuestOrderIds(
      new Request("http://localhost/", { headers: { Cookie: cookie } }),
    );
    expect(kept).toEqual(ids.slice(2).reverse());
  });
});

describe("order page content", () => {
  it("groups lines and parcels by cooperative, with cold chain and tracking events, once shipped", async () => {
    const { order, coopA, coopB } = await twoCoopOrder({ status: "fulfilling" });
    for (const [coop, storage] of [
      [coopA, "ambient"],
      [coopB, "chilled"],
    ] as const) {
      const created = await createShipments({
        orderId: order.id,
        cooperativeId: coop.id,
        origin: coop.provinceCode,
        destination: "11",
        sender: { ...SENDER, province: coop.provinceCode },
        recipient: RECIPIENT,
        items: [
          {
            weightG: 5000,
            lengthMm: 400,
            widthMm: 300,
            heightMm: 200,
            storage,
            quantity: 1,
            shelfLifeDays: 30,
          },
        ],
      });
      if (!created.ok) throw new Error(created.message);
      if (storage === "chilled") {
        const recorded = await recordTrackingEvents({
          source: "carrier",
          events: [
            {
              eventId: "e1",
              trackingNumber: created.shipments[0]!.trackingNumber,
              type: "accepted",
              occurredAt: new Date(),
              place: "弥勒",
              note: "",
            },
          ],
        });
        expect(recorded.ok).toBe(true);
      }
    }
    const page = await viewOrder(order.id, await guestCookie(order.id), "?paid=1");
    expect(page.status).toBe(200);
    const { order: view, stage } = page.data;
    expect(stage).toBe("fulfilling");
    const byCoop = Object.fromEntries(
      view.parts.map((p) => [p.cooperative.id, [p.lines.length, p.parcels.length]]),
    );
    expect(byCoop).toEqual({ [coopA.id]: [1, 1], [coopB.id]: [1, 1] });
    const grapesPart = view.parts.find((p) => p.cooperative.id === coopB.id)!;
    expect(grapesPart.parcels[0]!.service).toBe("cold_chain");
    expect(grapesPart.parcels[0]!.trackingNumber).toMatch(/^[A-Z]{2}\d{9}CN$/);
    expect(grapesPart.parcels[0]!.events.map((e) => [e.type, e.place])).toEqual([
      ["accepted", "弥勒"],
    ]);
    expect(view.totalFen).toBe(order.totalFen);
  });

  it("says the parcels are being prepared while a paid order has none yet, and keeps polling", async () => {
    const { order } = await twoCoopOrder({ status: "paid" });
    const page = await viewOrder(order.id, await guestCookie(order.id), "?paid=1");
    expect(page.data.stage).toBe("preparing");
    expect(page.data.justPaid).toBe(true);
  });

  it("counts down the hold on an unpaid order and explains a lapsed one", async () => {
    const { order } = await twoCoopOrder({ status: "pending_payment" });
    const cookie = await guestCookie(order.id);
    const pending = await viewOrder(order.id, cookie);
    expect(pending.data.stage).toBe("pending");
    expect(pending.data.minutesLeft).toBeGreaterThanOrEqual(14);
    expect(pending.data.minutesLeft).toBeLessThanOrEqual(15);
    await db()
      .update(orders)
      .set({ status: "cancelled", cancelledAt: new Date() })
      .where(eq(orders.id, order.id));
    await db().insert(orderEvents).values({
      orderId: order.id,
      fromStatus: "pending_payment",
      toStatus: "cancelled",
      event: "expired",
      actor: "system",
    });
    const expired = await viewOrder(order.id, cookie);
    expect(expired.data.stage).toBe("expired");
    expect(expired.data.order.events.map((e) => e.event)).toEqual(["expired"]);
  });
});

describe("order history notes", () => {
  it("shows the shopper a cooperative's reason for a cancel, never the system's internal notes", async () => {
    const { order, coopA } = await twoCoopOrder({ status: "cancelled" });
    const cookie = await guestCookie(order.id);
    await db()
      .insert(orderEvents)
      .values([
        {
          orderId: order.id,
          fromStatus: "paid",
          toStatus: "paid",
          event: "late_payment",
          actor: "stripe",
          note: "a second payment for an order already paid; refunding",
        },
        {
          orderId: order.id,
          fromStatus: "paid",
          toStatus: "paid",
          event: "refund_failed",
          actor: "u1",
          cooperativeId: coopA.id,
          note: "stripe: charge_already_refunded ch_123",
        },
        {
          orderId: order.id,
          fromStatus: "paid",
          toStatus: "cancelled",
          event: "cancelled",
          actor: "u1",
          cooperativeId: coopA.id,
          note: "冰雹打坏了果子",
        },
      ]);
    const page = await viewOrder(order.id, cookie);
    const notes = page.data.order.events.map((e) => [e.event, e.note]);
    expect(notes).toContainEqual(["cancelled", "冰雹打坏了果子"]);
    expect(notes).toContainEqual(["late_payment", ""]);
    expect(notes).toContainEqual(["refund_failed", ""]);
    expect(JSON.stringify(page.data)).not.toMatch(/ch_123|refunding/);
  });
});

describe("pay now", () => {
  const pay = (orderId: string, cookie?: string) =>
    callRoute<{ error: string }>(orderAction, {
      url: `http://localhost/orders/${orderId}`,
      method: "POST",
      form: { intent: "pay" },
      params: { orderId },
      cookie,
    });

  it("sends the order's viewer to the payment page, the same attempt each time, and nobody else", async () => {
    const { order } = await twoCoopOrder({ status: "pending_payment" });
    const cookie = await guestCookie(order.id);
    const first = await pay(order.id, cookie);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toMatch(/^\/pay\/pay_\w+$/);
    expect((await pay(order.id, cookie)).headers.get("Location")).toBe(
      first.headers.get("Location"),
    );
    expect((await pay(order.id)).status).toBe(404);
  });

  it("refuses to take payment for an order already paid or past its hold", async () => {
    const { order: paid } = await twoCoopOrder({ status: "paid" });
    expect((await pay(paid.id, await guestCookie(paid.id))).data).toEqual({ error: "not_payable" });
    const { order: lapsed } = await twoCoopOrder({ status: "pending_payment" });
    await db()
      .update(orders)
      .set({ reservedUntil: new Date(Date.now() - 1000) })
      .where(eq(orders.id, lapsed.id));
    const r = await pay(lapsed.id, await guestCookie(lapsed.id));
    expect(r.status).toBe(409);
    expect(r.data).toEqual({ error: "expired" });
  });
});

describe("guest order lookup", () => {
  const lookup = (form: Record<string, string>, cookie?: string) =>
    callRoute<{ error: string }>(lookupAction, {
      url: "http://localhost/orders/lookup",
      method: "POST",
      form,
      cookie,
    });

  it("finds an order by its code and the email or mobile given, and remembers it in the browser", async () => {
    const { order } = await twoCoopOrder({ email: "mei@example.com", mobile: "13912345678" });
    const byEmail = await lookup({ code: order.code.toLowerCase(), contact: " Mei@Example.com " });
    expect(byEmail.status).toBe(302);
    expect(byEmail.headers.get("Location")).toBe(`/orders/${order.id}`);
    expect((await viewOrder(order.id, cookieFrom(byEmail.headers))).status).toBe(200);
    const byMobile = await lookup({ code: order.code, contact: "139 1234 5678" });
    expect(byMobile.headers.get("Location")).toBe(`/orders/${order.id}`);
  });

  it("gives one answer for a wrong code and a wrong contact, and sets no cookie", async () => {
    const { order } = await twoCoopOrder({ email: "mei@example.com" });
    const wrongContact = await lookup({ code: order.code, contact: "other@example.com" });
    const wrongCode = await lookup({ code: "HL99999999", contact: "mei@example.com" });
    for (const r of [wrongContact, wrongCode]) {
      expect(r.status).toBe(404);
      expect(r.data).toMatchObject({ error: "no_match" });
      expect(r.headers.get("Set-Cookie")).toBeNull();
    }
    expect((await lookup({ code: order.code, contact: "12345" })).status).toBe(422);
    expect((await lookup({ code: "", contact: "mei@example.com" })).status).toBe(422);
  });

  it("stops guessing at one order code with 429 and Retry-After, even with the right contact", async () => {
    const { order } = await twoCoopOrder({ email: "mei@example.com" });
    for (let i = 0; i < 10; i++)
      expect((await lookup({ code: order.code, contact: `guess${i}@example.com` })).status).toBe(
        404,
      );
    const limited = await lookup({ code: order.code, contact: "mei@example.com" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("my orders", () => {
  it("sends a signed-out visitor to sign in", async () => {
    const r = await callRoute(myOrdersLoader, { url: "http://localhost/account/orders" });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/account/sign-in?redirectTo=%2Faccount%2Forders");
  });

  it("lists only the shopper's own orders, newest first, with status, total and parcel count", async () => {
    const me = await signedInUser();
    const someoneElse = await signedInUser();
    const { order: older } = await twoCoopOrder({ userId: me.user.id, status: "cancelled" });
    await db()
      .update(orders)
      .set({ createdAt: new Date(Date.now() - 86_400_000) })
      .where(eq(orders.id, older.id));
    const { order: newer, coopA } = await twoCoopOrder({
      userId: me.user.id,
      status: "fulfilling",
    });
    await twoCoopOrder({ userId: someoneElse.user.id });
    await createShipments({
      orderId: newer.id,
      cooperativeId: coopA.id,
      origin: "36",
      destination: "11",
      sender: SENDER,
      recipient: RECIPIENT,
      items: [
        {
          weightG: 5000,
          lengthMm: 400,
          widthMm: 300,
          heightMm: 200,
          storage: "ambient",
          quantity: 1,
        },
      ],
    });
    const r = await callRoute<Awaited<ReturnType<typeof myOrdersLoader>>>(myOrdersLoader, {
      url: "http://localhost/account/orders",
      cookie: me.cookie,
    });
    expect(r.status).toBe(200);
    expect(
      r.data.orders.map((o) => [o.code, o.status, o.totalFen, o.parcelCount, o.itemCount]),
    ).toEqual([
      [newer.code, "fulfilling", newer.totalFen, 1, 2],
      [older.code, "cancelled", older.totalFen, 0, 2],
    ]);
  });
});
