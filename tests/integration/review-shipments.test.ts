import { describe, expect, it } from "vitest";
import { shipments } from "../../db/shipping-schema";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { createShipments } from "~/shipping/shipments.server";

withTestDatabase();

const orange = {
  weightG: 5000,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 200,
  storage: "ambient" as const,
  quantity: 1,
};

describe("review: createShipments prices the route the parcel really travels", () => {
  it("refuses a recipient in another province than the destination it is priced to", async () => {
    const coop = await createCooperative();
    // Priced as a local Jiangxi parcel (¥12) while the label sends it to Xinjiang (remote, ¥28+).
    const result = await createShipments({
      orderId: "ord_review_1",
      cooperativeId: coop.id,
      origin: "36",
      destination: "36",
      sender: SENDER,
      recipient: { ...RECIPIENT, province: "65", city: "乌鲁木齐市" },
      items: [orange],
    });
    expect(result).toMatchObject({
      ok: false,
      error: "invalid_request",
      field: "recipient.province",
    });
    expect(await db().select().from(shipments)).toHaveLength(0);
  });

  it("refuses a sender in another province than the origin", async () => {
    const coop = await createCooperative();
    const result = await createShipments({
      orderId: "ord_review_2",
      cooperativeId: coop.id,
      origin: "11",
      destination: "11",
      sender: SENDER,
      recipient: RECIPIENT,
      items: [orange],
    });
    expect(result).toMatchObject({ ok: false, error: "invalid_request", field: "sender.province" });
    expect(await db().select().from(shipments)).toHaveLength(0);
  });
});

describe("review: createShipments with figures past the integer columns", () => {
  it("answers a refusal, not a database error, and stores nothing", async () => {
    const coop = await createCooperative();
    // 1000 feather-light 5 m cubes: the quote is exact, but 20.8 billion grams of volumetric
    // weight does not fit shipments.volumetric_g / chargeable_g (integer).
    const result = await createShipments({
      orderId: "ord_review_big",
      cooperativeId: coop.id,
      origin: "36",
      destination: "11",
      sender: SENDER,
      recipient: RECIPIENT,
      items: [
        {
          weightG: 1,
          lengthMm: 5000,
          widthMm: 5000,
          heightMm: 5000,
          storage: "ambient",
          quantity: 1000,
        },
      ],
    });
    expect(result).toMatchObject({ ok: false, error: "parcel_too_large" });
    expect(await db().select().from(shipments)).toHaveLength(0);
  });
});

describe("review: a label URL whose shipment id no shipment can have", () => {
  it("is a 404, not a 500 (a NUL reached the query)", async () => {
    const { signedInUser } = await import("../factories/users");
    const label = await import("~/routes/admin.shipments.$shipmentId.label[.]pdf");
    const coop = await createCooperative();
    const owner = await signedInUser({ memberOf: [{ cooperativeId: coop.id, role: "owner" }] });
    let status = 200;
    try {
      await label.loader({
        request: new Request("http://localhost/admin/shipments/shp_x%00/label.pdf", {
          headers: { Cookie: owner.cookie },
        }),
        params: { shipmentId: "shp_x\u0000" },
        context: {},
      });
    } catch (thrown) {
      status = thrown instanceof Response ? thrown.status : 500;
    }
    expect(status).toBe(404);
  });
});
