import { describe, expect, it } from "vitest";
import { loader as labelLoader } from "~/routes/admin.shipments.$shipmentId.label[.]pdf";
import { loader as listLoader } from "~/routes/admin.shipments._index";
import { createShipments } from "~/shipping/shipments.server";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

async function orderFor(cooperativeId: string, orderId = "ord_a", quantity = 7) {
  const r = await createShipments({
    orderId,
    cooperativeId,
    origin: "36",
    destination: "11",
    sender: SENDER,
    recipient: RECIPIENT,
    items: [
      { weightG: 5000, lengthMm: 400, widthMm: 300, heightMm: 200, storage: "ambient", quantity },
    ],
  });
  if (!r.ok) throw new Error(r.message);
  return r.shipments;
}

describe("admin shipments", () => {
  it("downloads a label for the member's own parcel, and the whole order in one file", async () => {
    const coop = await createCooperative();
    const parcels = await orderFor(coop.id);
    const { cookie } = await signedInUser({
      memberOf: [{ cooperativeId: coop.id, role: "staff" }],
    });
    const one = await labelLoader({
      request: new Request(`http://localhost/admin/shipments/${parcels[0]!.id}/label.pdf`, {
        headers: { Cookie: cookie },
      }),
      params: { shipmentId: parcels[0]!.id },
      context: {},
    });
    expect(one.status).toBe(200);
    expect(one.headers.get("Content-Type")).toBe("application/pdf");
    const body = Buffer.from(await one.arrayBuffer()).toString("latin1");
    expect(body.startsWith("%PDF-")).toBe(true);
    expect([...body.matchAll(/\/Type \/Page\b(?!s)/g)]).toHaveLength(1);
    const all = await labelLoader({
      request: new Request(`http://localhost/admin/shipments/${parcels[0]!.id}/label.pdf?order=1`, {
        headers: { Cookie: cookie },
      }),
      params: { shipmentId: parcels[0]!.id },
      context: {},
    });
    const allBody = Buffer.from(await all.arrayBuffer()).toString("latin1");
    expect([...allBody.matchAll(/\/Type \/Page\b(?!s)/g)]).toHaveLength(parcels.length);
  });

  it("answers 404 for another cooperative's label, and sends visitors to sign in", async () => {
    const [mine, theirs] = [await createCooperative(), await createCooperative()];
    const [their] = await orderFor(theirs.id, "ord_b", 1);
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: mine.id }] });
    const res = await callRoute(labelLoader, {
      url: `http://localhost/admin/shipments/${their!.id}/label.pdf`,
      cookie,
      params: { shipmentId: their!.id },
    });
    expect(res.status).toBe(404);
    const unknown = await callRoute(labelLoader, {
      url: "http://localhost/admin/shipments/shp_nope/label.pdf",
      cookie,
      params: { shipmentId: "shp_nope" },
    });
    expect(unknown.status).toBe(404);
    const visitor = await callRoute(labelLoader, {
      url: `http://localhost/admin/shipments/${their!.id}/label.pdf`,
      params: { shipmentId: their!.id },
    });
    expect(visitor.status).toBe(302);
  });

  it("lists only the current cooperative's parcels, flags stalled ones, filters by status", async () => {
    const [mine, theirs] = [await createCooperative(), await createCooperative()];
    await orderFor(theirs.id, "ord_theirs", 1);
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: mine.id }] });
    await orderFor(mine.id, "ord_mine", 1);
    type List = { shipments: Array<{ orderId: string; stalled: boolean; status: string }> };
    const list = await callRoute<List>(listLoader, {
      url: "http://localhost/admin/shipments",
      cookie,
    });
    expect(list.status).toBe(200);
    expect(list.data.shipments.map((s) => s.orderId)).toEqual(["ord_mine"]);
    expect(list.data.shipments[0]!.stalled).toBe(false);
    const delivered = await callRoute<List>(listLoader, {
      url: "http://localhost/admin/shipments?status=delivered",
      cookie,
    });
    expect(delivered.data.shipments).toHaveLength(0);
    const junk = await callRoute<List>(listLoader, {
      url: "http://localhost/admin/shipments?status=%3Cscript%3E",
      cookie,
    });
    expect(junk.data.shipments).toHaveLength(1);
  });
});
