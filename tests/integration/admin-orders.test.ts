import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orderEvents, orderLines, orderParts, orders } from "../../db/orders-schema";
import { trackingEvents } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import * as detail from "~/routes/admin.orders.$orderId";
import * as labels from "~/routes/admin.orders.$orderId.labels[.]pdf";
import * as list from "~/routes/admin.orders._index";
import { createShipments } from "~/shipping/shipments.server";
import { withChosenCooperative } from "../factories/admin-world";
import {
  BEIJING,
  createOrangesAndGrapes,
  createOrder,
  orderRowsSnapshot,
  recordPayment,
} from "../factories/orders";
import { SENDER } from "../factories/shipments";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const url = (path: string) => `http://localhost${path}`;

/** Oranges (A, Jiangxi) and grapes (B, Yunnan) in one order, plus an order of B's grapes only. */
async function world() {
  const w = await createOrangesAndGrapes();
  const mixed = await createOrder({
    lines: [
      { product: w.oranges.product, variant: w.oranges.variant, quantity: 7 },
      { product: w.grapes.product, variant: w.grapes.variant, quantity: 2 },
    ],
  });
  const onlyB = await createOrder({
    lines: [{ product: w.grapes.product, variant: w.grapes.variant, quantity: 1 }],
  });
  for (const o of [mixed, onlyB]) await recordPayment(o);
  const ownerA = await signedInUser({
    name: "李果农",
    memberOf: [{ cooperativeId: w.coopA.id, role: "owner" }],
  });
  const ownerB = await signedInUser({ memberOf: [{ cooperativeId: w.coopB.id, role: "owner" }] });
  return { ...w, mixed, onlyB, ownerA, ownerB };
}

/** The cooperative's parcels of the order, created as the paid-order job would (planned like checkout). */
async function shipPart(orderId: string, cooperativeId: string, origin: string) {
  const lines = await db()
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.lineNo));
  const mine = lines.filter((l) => l.cooperativeId === cooperativeId);
  const r = await createShipments({
    orderId,
    cooperativeId,
    origin,
    destination: BEIJING.province,
    sender: { ...SENDER, province: origin },
    recipient: {
      name: BEIJING.name,
      phone: BEIJING.mobile,
      province: BEIJING.province,
      city: BEIJING.city,
      address: `${BEIJING.district}${BEIJING.detail}`,
    },
    ambientService: "express",
    items: mine.map((l) => ({
      weightG: l.shippingWeightG,
      lengthMm: l.lengthMm,
      widthMm: l.widthMm,
      heightMm: l.heightMm,
      storage: l.storage,
      quantity: l.quantity,
      shelfLifeDays: l.shelfLifeDays,
      name: l.productNameZh,
    })),
  });
  if (!r.ok) throw new Error(r.message);
  return r.shipments;
}

type ListData = {
  total: number;
  hasNext: boolean;
  ignored: string[];
  orders: Array<{
    id: string;
    code: string;
    status: string;
    payoutFen: number;
    itemsFen: number;
    shippingFen: number;
    parcels: number;
    lines: Array<{ productNameZh: string; quantity: number }>;
  }>;
};
const listOf = (cookie: string, query = "") =>
  callRoute<ListData>(list.loader as RouteFn, { url: url(`/admin/orders${query}`), cookie });

describe("who may see an order", () => {
  it("signed out: every order route sends the visitor to sign in and writes nothing", async () => {
    const w = await world();
    const before = await orderRowsSnapshot();
    const path = `/admin/orders/${w.mixed.id}`;
    for (const [fn, p, form] of [
      [list.loader, "/admin/orders", undefined],
      [detail.loader, path, undefined],
      [labels.loader, `${path}/labels.pdf`, undefined],
      [detail.action, path, { intent: "refund", amount: "1", reason: "x" }],
    ] as const) {
      const res = await callRoute(fn as RouteFn, {
        url: url(p),
        method: form ? "POST" : "GET",
        form,
        params: { orderId: w.mixed.id },
      });
      expect(res.status, p).toBe(302);
      expect(res.headers.get("Location")).toBe(
        `/account/sign-in?redirectTo=${encodeURIComponent(p)}`,
      );
    }
    expect(await orderRowsSnapshot()).toBe(before);
  });

  it("an account without a cooperative gets 403", async () => {
    const w = await world();
    const { cookie } = await signedInUser({ role: "shopper" });
    const params = { orderId: w.mixed.id };
    expect(
      (await callRoute(list.loader as RouteFn, { url: url("/admin/orders"), cookie })).status,
    ).toBe(403);
    expect(
      (
        await callRoute(detail.loader as RouteFn, {
          url: url(`/admin/orders/${w.mixed.id}`),
          cookie,
          params,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(labels.loader as RouteFn, {
          url: url(`/admin/orders/${w.mixed.id}/labels.pdf`),
          cookie,
          params,
        })
      ).status,
    ).toBe(403);
  });

  it("a member of A gets 404 for B's order on every route and intent, even naming B in the switcher, and nothing is written", async () => {
    const w = await world();
    const [bParcel] = await shipPart(w.onlyB.id, w.coopB.id, "53");
    const params = { orderId: w.onlyB.id };
    const before = await orderRowsSnapshot();
    for (const cookie of [
      w.ownerA.cookie,
      await withChosenCooperative(w.ownerA.cookie, w.coopB.id),
    ]) {
      const page = await callRoute(detail.loader as RouteFn, {
        url: url(`/admin/orders/${w.onlyB.id}`),
        cookie,
        params,
      });
      expect(page.status).toBe(404);
      const pdf = await callRoute(labels.loader as RouteFn, {
        url: url(`/admin/orders/${w.onlyB.id}/labels.pdf`),
        cookie,
        params,
      });
      expect(pdf.status).toBe(404);
      for (const form of [
        { intent: "handover", shipmentId: bParcel!.id } as Record<string, string>,
        { intent: "cancel", reason: "不要了" },
        { intent: "refund", amount: "1.00", reason: "坏果" },
        { intent: "nonsense" },
      ]) {
        const res = await callRoute(detail.action as RouteFn, {
          url: url(`/admin/orders/${w.onlyB.id}`),
          method: "POST",
          form,
          cookie,
          params,
        });
        expect(res.status, form.intent).toBe(404);
      }
    }
    // Unknown and malformed ids are the same 404.
    for (const orderId of ["ord_nothere", "ord_%00x", "'; drop table orders; --"]) {
      const res = await callRoute(detail.loader as RouteFn, {
        url: url("/admin/orders/x"),
        cookie: w.ownerA.cookie,
        params: { orderId },
      });
      expect(res.status, orderId).toBe(404);
    }
    expect(await orderRowsSnapshot()).toBe(before);
  });

  it("B's parcel posted against A's own order (a mixed one) is a 404 and records nothing", async () => {
    const w = await world();
    await shipPart(w.mixed.id, w.coopA.id, "36");
    const [bParcel] = await shipPart(w.mixed.id, w.coopB.id, "53");
    const before = await orderRowsSnapshot();
    const res = await callRoute(detail.action as RouteFn, {
      url: url(`/admin/orders/${w.mixed.id}`),
      method: "POST",
      form: { intent: "handover", shipmentId: bParcel!.id },
      cookie: w.ownerA.cookie,
      params: { orderId: w.mixed.id },
    });
    expect(res.status).toBe(404);
    expect(await orderRowsSnapshot()).toBe(before);
  });

  it("an unknown intent on one's own order is a 400", async () => {
    const w = await world();
    const before = await orderRowsSnapshot();
    for (const form of [{ intent: "delete" }, {} as Record<string, string>]) {
      const res = await callRoute(detail.action as RouteFn, {
        url: url(`/admin/orders/${w.mixed.id}`),
        method: "POST",
        form,
        cookie: w.ownerA.cookie,
        params: { orderId: w.mixed.id },
      });
      expect(res.status).toBe(400);
    }
    expect(await orderRowsSnapshot()).toBe(before);
  });
});

describe("the order list", () => {
  it("lists only orders with a part for the current cooperative, with that part's amounts and lines", async () => {
    const w = await world();
    const a = await listOf(w.ownerA.cookie);
    expect(a.status).toBe(200);
    expect(a.data.orders.map((o) => o.id)).toEqual([w.mixed.id]);
    const partA = w.mixed.parts.find((p) => p.cooperativeId === w.coopA.id)!;
    const partB = w.mixed.parts.find((p) => p.cooperativeId === w.coopB.id)!;
    expect(a.data.orders[0]).toMatchObject({
      itemsFen: partA.itemsFen,
      shippingFen: partA.shippingFen,
      payoutFen: partA.payoutFen,
      status: "paid",
      parcels: 0,
    });
    expect(a.data.orders[0]!.itemsFen).toBeLessThan(w.mixed.itemsFen);
    expect(a.data.orders[0]!.lines).toEqual([
      expect.objectContaining({ productNameZh: "赣南脐橙", quantity: 7 }),
    ]);
    // Nothing of B's part travels to A's page.
    const json = JSON.stringify(a.data);
    expect(json).not.toContain("弥勒红提");
    expect(json).not.toContain(`"itemsFen":${partB.itemsFen},`);
    expect(json).not.toContain(String(w.mixed.totalFen));

    const b = await listOf(w.ownerB.cookie);
    expect(b.data.orders.map((o) => o.id).sort()).toEqual([w.mixed.id, w.onlyB.id].sort());
    expect(b.data.orders.find((o) => o.id === w.mixed.id)!.payoutFen).toBe(partB.payoutFen);
  });

  it("filters by status, channel, placed date and order code; bad filters are ignored and named", async () => {
    const w = await createOrangesAndGrapes();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id }] });
    const line = { product: w.oranges.product, variant: w.oranges.variant, quantity: 1 };
    const paid = await createOrder({ lines: [line] });
    const unpaid = await createOrder({ lines: [line], status: "pending_payment" });
    const flash = await createOrder({ lines: [line] });
    const old = await createOrder({ lines: [line], status: "delivered" });
    const cancelledPart = await createOrder({
      lines: [line, { product: w.grapes.product, variant: w.grapes.variant, quantity: 1 }],
      status: "fulfilling",
    });
    await db().update(orders).set({ channel: "flash" }).where(eq(orders.id, flash.id));
    // Placed 23:30 on 1 Nov Beijing time (15:30 UTC): it belongs to 1 Nov, not 2 Nov.
    await db()
      .update(orders)
      .set({ createdAt: new Date("2026-11-01T15:30:00Z") })
      .where(eq(orders.id, old.id));
    await db()
      .update(orderParts)
      .set({ status: "cancelled" })
      .where(eq(orderParts.orderId, cancelledPart.id));
    const ids = async (q: string) =>
      (await listOf(owner.cookie, q)).data.orders.map((o) => o.id).sort();

    expect(await ids("?status=paid")).toEqual([paid.id, flash.id].sort());
    expect(await ids("?status=pending_payment")).toEqual([unpaid.id]);
    expect(await ids("?status=cancelled")).toEqual([cancelledPart.id]);
    expect(await ids("?status=delivered")).toEqual([old.id]);
    expect(await ids("?channel=flash")).toEqual([flash.id]);
    expect(await ids("?channel=presale")).toEqual([]);
    expect(await ids("?from=2026-11-01&to=2026-11-01")).toEqual([old.id]);
    expect(await ids("?to=2026-10-31")).toEqual([]);
    expect(await ids("?from=2026-11-02&to=2026-11-02")).toEqual([]);
    expect(await ids(`?q=${flash.code.slice(0, 4).toLowerCase()}-${flash.code.slice(4)}`)).toEqual([
      flash.id,
    ]);
    expect(await ids(`?q=${flash.code}&status=paid&channel=flash`)).toEqual([flash.id]);
    expect(await ids(`?q=${flash.code}&status=delivered`)).toEqual([]);

    const all = [paid, unpaid, flash, old, cancelledPart].map((o) => o.id).sort();
    const junk = await listOf(
      owner.cookie,
      "?status=%3Cscript%3E&channel=tv&from=2026-02-30&to=yesterday&q=%00%27&page=abc",
    );
    expect(junk.status).toBe(200);
    expect(junk.data.ignored.sort()).toEqual(["channel", "from", "page", "q", "status", "to"]);
    expect(junk.data.orders.map((o) => o.id).sort()).toEqual(all);
    // From after To: the To date is dropped (and said), not an empty list.
    const swapped = await listOf(owner.cookie, "?from=2026-11-02&to=2026-11-01");
    expect(swapped.data.ignored).toEqual(["to"]);
  });

  it("a part whose own parcels are all handed over reads as shipped while the other cooperative's lag", async () => {
    const w = await world();
    await db().update(orders).set({ status: "fulfilling" }).where(eq(orders.id, w.mixed.id));
    const aParcels = await shipPart(w.mixed.id, w.coopA.id, "36");
    await shipPart(w.mixed.id, w.coopB.id, "53");
    expect((await listOf(w.ownerA.cookie)).data.orders[0]).toMatchObject({
      status: "fulfilling",
      parcels: aParcels.length,
    });
    for (const p of aParcels) {
      const res = await callRoute(detail.action as RouteFn, {
        url: url(`/admin/orders/${w.mixed.id}`),
        method: "POST",
        form: { intent: "handover", shipmentId: p.id },
        cookie: w.ownerA.cookie,
        params: { orderId: w.mixed.id },
      });
      expect(res.status).toBe(200);
    }
    expect((await listOf(w.ownerA.cookie, "?status=shipped")).data.orders.map((o) => o.id)).toEqual(
      [w.mixed.id],
    );
    const b = await listOf(w.ownerB.cookie, "?status=fulfilling");
    expect(b.data.orders.map((o) => o.id)).toEqual([w.mixed.id]);
  });

  it("pages 25 at a time and says when there is more", async () => {
    const w = await createOrangesAndGrapes();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id }] });
    for (let i = 0; i < 27; i++)
      await createOrder({
        lines: [{ product: w.oranges.product, variant: w.oranges.variant, quantity: 1 }],
      });
    const first = await listOf(owner.cookie);
    expect(first.data).toMatchObject({ total: 27, hasNext: true });
    expect(first.data.orders).toHaveLength(25);
    const second = await listOf(owner.cookie, "?page=2");
    expect(second.data.hasNext).toBe(false);
    expect(second.data.orders).toHaveLength(2);
    expect(new Set([...first.data.orders, ...second.data.orders].map((o) => o.id)).size).toBe(27);
    const tooFar = await listOf(owner.cookie, "?page=9999");
    expect(tooFar.status).toBe(200);
    expect(tooFar.data.ignored).toEqual(["page"]);
  });
});

type DetailData = {
  mayAct: boolean;
  order: {
    code: string;
    status: string;
    recipient: { name: string; detail: string; mobile: string };
    lines: Array<{ productNameZh: string }>;
    parcels: Array<{ id: string; service: string; collected: boolean }>;
    events: Array<{ event: string; amountFen: number | null; note: string }>;
    money: { itemsFen: number; payoutFen: number; refundableFen: number };
    canCancel: boolean;
    canRefund: boolean;
  };
};

describe("the order page", () => {
  it("shows the cooperative's lines, parcels, full recipient and money, and no other cooperative's amounts or notes", async () => {
    const w = await world();
    const aParcels = await shipPart(w.mixed.id, w.coopA.id, "36");
    const bParcels = await shipPart(w.mixed.id, w.coopB.id, "53");
    const partB = w.mixed.parts.find((p) => p.cooperativeId === w.coopB.id)!;
    await db()
      .insert(orderEvents)
      .values([
        {
          orderId: w.mixed.id,
          toStatus: "paid",
          fromStatus: "pending_payment",
          event: "paid",
          actor: "simulated",
          amountFen: w.mixed.totalFen,
          note: "整单 total",
        },
        {
          orderId: w.mixed.id,
          toStatus: "paid",
          event: "refund",
          actor: w.ownerB.user.id,
          cooperativeId: w.coopB.id,
          amountFen: 1234,
          note: "乙社的秘密备注",
        },
        {
          orderId: w.mixed.id,
          toStatus: "paid",
          event: "refund",
          actor: w.ownerA.user.id,
          cooperativeId: w.coopA.id,
          amountFen: 500,
          note: "一个坏果",
        },
      ]);
    const res = await callRoute<DetailData>(detail.loader as RouteFn, {
      url: url(`/admin/orders/${w.mixed.id}`),
      cookie: w.ownerA.cookie,
      params: { orderId: w.mixed.id },
    });
    expect(res.status).toBe(200);
    const o = res.data.order;
    expect(o.lines.map((l) => l.productNameZh)).toEqual(["赣南脐橙"]);
    expect(o.parcels.map((p) => p.id)).toEqual(aParcels.map((p) => p.id));
    expect(o.recipient).toMatchObject({
      name: "王小明",
      mobile: "13812345678",
      detail: BEIJING.detail,
    });
    expect(o.money.itemsFen).toBe(
      w.mixed.parts.find((p) => p.cooperativeId === w.coopA.id)!.itemsFen,
    );
    expect(o.events.map((e) => [e.event, e.amountFen, e.note])).toEqual([
      ["paid", null, ""],
      ["refund", 500, "一个坏果"],
    ]);
    expect(res.data.mayAct).toBe(true);
    expect(o).toMatchObject({ canCancel: true, canRefund: true });
    const json = JSON.stringify(res.data);
    for (const secret of [
      "弥勒红提",
      "乙社的秘密备注",
      "整单 total",
      bParcels[0]!.trackingNumber,
      `:${partB.itemsFen},`,
      `:${w.mixed.totalFen},`,
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it("handed to carrier from the order page: recorded once, then cancelling is no longer offered", async () => {
    const w = await world();
    const [first] = await shipPart(w.mixed.id, w.coopA.id, "36");
    const staff = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "staff" }] });
    const post = () =>
      callRoute<{ done: { stored: boolean } }>(detail.action as RouteFn, {
        url: url(`/admin/orders/${w.mixed.id}`),
        method: "POST",
        form: { intent: "handover", shipmentId: first!.id },
        cookie: staff.cookie,
        params: { orderId: w.mixed.id },
      });
    const [one, two] = [await post(), await post()];
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.data.done.stored, two.data.done.stored]).toEqual([true, false]);
    expect(
      await db().select().from(trackingEvents).where(eq(trackingEvents.shipmentId, first!.id)),
    ).toHaveLength(1);
    const page = await callRoute<DetailData>(detail.loader as RouteFn, {
      url: url(`/admin/orders/${w.mixed.id}`),
      cookie: w.ownerA.cookie,
      params: { orderId: w.mixed.id },
    });
    expect(page.data.order.parcels[0]!.collected).toBe(true);
    expect(page.data.order).toMatchObject({ canCancel: false, canRefund: true });
  });

  it("staff see the order but may not cancel or refund (403, nothing written)", async () => {
    const w = await world();
    const staff = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "staff" }] });
    const params = { orderId: w.mixed.id };
    const page = await callRoute<DetailData>(detail.loader as RouteFn, {
      url: url(`/admin/orders/${w.mixed.id}`),
      cookie: staff.cookie,
      params,
    });
    expect(page.status).toBe(200);
    expect(page.data.mayAct).toBe(false);
    const before = await orderRowsSnapshot();
    for (const form of [
      { intent: "cancel", reason: "缺货" } as Record<string, string>,
      { intent: "refund", amount: "1", reason: "坏果" },
    ]) {
      const res = await callRoute(detail.action as RouteFn, {
        url: url(`/admin/orders/${w.mixed.id}`),
        method: "POST",
        form,
        cookie: staff.cookie,
        params,
      });
      expect(res.status, form.intent).toBe(403);
    }
    expect(await orderRowsSnapshot()).toBe(before);
  });
});

const pageCount = (pdf: string) => [...pdf.matchAll(/\/Type \/Page\b(?!s)/g)].length;

describe("all labels of an order", () => {
  it("one PDF page per parcel of the cooperative's part; 404 before there are parcels and for another cooperative's order", async () => {
    const w = await world();
    const params = { orderId: w.mixed.id };
    const path = `/admin/orders/${w.mixed.id}/labels.pdf`;
    expect(
      (
        await callRoute(labels.loader as RouteFn, {
          url: url(path),
          cookie: w.ownerA.cookie,
          params,
        })
      ).status,
    ).toBe(404);
    const parcels = await shipPart(w.mixed.id, w.coopA.id, "36");
    await shipPart(w.mixed.id, w.coopB.id, "53");
    expect(parcels.length).toBeGreaterThanOrEqual(2);
    const res = await labels.loader({
      request: new Request(url(path), { headers: { Cookie: w.ownerA.cookie } }),
      params,
      context: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const body = Buffer.from(await res.arrayBuffer()).toString("latin1");
    expect(body.startsWith("%PDF-")).toBe(true);
    expect(pageCount(body)).toBe(parcels.length);
    const other = await callRoute(labels.loader as RouteFn, {
      url: url(`/admin/orders/${w.onlyB.id}/labels.pdf`),
      cookie: w.ownerA.cookie,
      params: { orderId: w.onlyB.id },
    });
    expect(other.status).toBe(404);
  });
});
