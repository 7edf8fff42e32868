import { describe, expect, it } from "vitest";
import { createOrderShipments } from "~/orders/fulfilment.server";
import { loader as bulkLoader } from "~/routes/admin.shipments.labels[.]pdf";
import { loader as listLoader } from "~/routes/admin.shipments._index";
import { MAX_LABELS_PER_FILE } from "~/shipping/labels";
import { findOrderShipments } from "~/shipping/shipments.server";
import { createOrangesAndGrapes, createOrder } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { pdfPageTexts } from "../setup/pdf-text";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

/** Two paid orders of A's oranges and one of B's grapes, each with the parcels its job creates. */
async function world() {
  const w = await createOrangesAndGrapes();
  const oranges = { product: w.oranges.product, variant: w.oranges.variant };
  const first = await createOrder({ lines: [{ ...oranges, quantity: 1 }] });
  const second = await createOrder({ lines: [{ ...oranges, quantity: 2 }] });
  const theirs = await createOrder({
    lines: [{ product: w.grapes.product, variant: w.grapes.variant, quantity: 1 }],
  });
  for (const o of [first, second, theirs]) await createOrderShipments({ orderId: o.id });
  const parcels = async (orderId: string, cooperativeId: string) =>
    findOrderShipments({ orderId, cooperativeId });
  const ownerA = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id, role: "owner" }] });
  return {
    ...w,
    first,
    second,
    theirs,
    firstParcels: await parcels(first.id, w.coopA.id),
    secondParcels: await parcels(second.id, w.coopA.id),
    theirParcels: await parcels(theirs.id, w.coopB.id),
    ownerA,
  };
}

async function labels(query: string, cookie: string) {
  try {
    const res = await bulkLoader({
      request: new Request(`http://localhost/admin/shipments/labels.pdf${query}`, {
        headers: { Cookie: cookie },
      }),
      params: {},
      context: {},
    });
    return { status: res.status, res };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, res: thrown };
    throw thrown;
  }
}

describe("printing many parcels' labels in one PDF", () => {
  it("prints the picked parcels of two orders, one page each, with their HL codes and not their ids", async () => {
    const w = await world();
    const picked = [w.firstParcels[0]!, w.secondParcels[0]!];
    const { status, res } = await labels(
      `?${picked.map((p) => `id=${p.id}`).join("&")}`,
      w.ownerA.cookie,
    );
    expect(status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const pages = pdfPageTexts(Buffer.from(await res.arrayBuffer()));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain(w.first.code);
    expect(pages[1]).toContain(w.second.code);
    for (const page of pages) {
      expect(page).not.toMatch(/ord_/);
      // The cooperative's own phone in full; the shopper's masked.
      expect(page).toContain("13907971234");
      expect(page).toContain("138****5678");
    }
  });

  it("answers 404 for a set holding another cooperative's parcel (or an unknown id), and says nothing of it", async () => {
    const w = await world();
    const mine = w.firstParcels[0]!.id;
    const theirs = w.theirParcels[0]!.id;
    for (const query of [
      `?id=${mine}&id=${theirs}`,
      `?id=${theirs}`,
      `?id=${mine}&id=shp_doesnotexist`,
      `?id=${mine}&id=%00`,
    ]) {
      const { status, res } = await labels(query, w.ownerA.cookie);
      expect(status, query).toBe(404);
      const body = await res.text();
      expect(body).not.toContain(w.theirs.code);
      expect(body).not.toContain("%PDF");
    }
  });

  it("refuses no parcels and more than one file holds with a clear 400", async () => {
    const w = await world();
    const none = await labels("", w.ownerA.cookie);
    expect(none.status).toBe(400);
    expect(await none.res.text()).toContain("at least one parcel");
    const many = Array.from({ length: MAX_LABELS_PER_FILE + 1 }, (_, i) => `id=shp_x${i}`);
    const over = await labels(`?${many.join("&")}`, w.ownerA.cookie);
    expect(over.status).toBe(400);
    expect(await over.res.text()).toContain(`At most ${MAX_LABELS_PER_FILE} labels`);
    // The same parcel twice is one label.
    const twice = await labels(
      `?id=${w.firstParcels[0]!.id}&id=${w.firstParcels[0]!.id}`,
      w.ownerA.cookie,
    );
    expect(twice.status).toBe(200);
    expect(pdfPageTexts(Buffer.from(await twice.res.arrayBuffer()))).toHaveLength(1);
  });

  it("prints the sender's place once, even from a street line typed with the province and city in it", async () => {
    const w = await world();
    // B's profile predates the picker: "云南省红河州弥勒市葡萄大道 1 号" with city 红河州.
    const [parcel] = w.theirParcels;
    expect(parcel!.sender).toMatchObject({ city: "红河州", address: "弥勒市葡萄大道 1 号" });
    const ownerB = await signedInUser({ memberOf: [{ cooperativeId: w.coopB.id, role: "owner" }] });
    const { res } = await labels(`?id=${parcel!.id}`, ownerB.cookie);
    const [page = ""] = pdfPageTexts(Buffer.from(await res.arrayBuffer()));
    expect(page).toContain("云南红河州 弥勒市葡萄大道 1 号");
    expect(page).not.toContain("云南省");
    expect(page.split("红河州")).toHaveLength(2);
  });

  it("sends a visitor to sign in", async () => {
    const w = await world();
    const { status } = await labels(`?id=${w.firstParcels[0]!.id}`, "");
    expect(status).toBe(302);
  });

  it("lists each parcel with its recipient and its order's code, linked to the order", async () => {
    const w = await world();
    type List = {
      shipments: Array<{
        id: string;
        orderId: string | null;
        orderCode: string | null;
        recipient: { name: string; place: string } | null;
      }>;
    };
    const list = await callRoute<List>(listLoader, {
      url: "http://localhost/admin/shipments",
      cookie: w.ownerA.cookie,
    });
    expect(list.status).toBe(200);
    const byOrder = new Map(list.data.shipments.map((s) => [s.orderId, s]));
    expect(list.data.shipments).toHaveLength(w.firstParcels.length + w.secondParcels.length);
    expect(byOrder.get(w.first.id)!.orderCode).toBe(w.first.code);
    expect(byOrder.get(w.second.id)!.orderCode).toBe(w.second.code);
    expect(byOrder.get(w.first.id)!.recipient).toEqual({ name: "王小明", place: "北京市" });
    expect(byOrder.has(w.theirs.id)).toBe(false);
  });
});
