import { describe, expect, it } from "vitest";
import { trackingEvents } from "../../db/shipping-schema";
import { createParcel } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { action as webhook } from "~/routes/webhooks.carrier";
import { DEVELOPMENT_CARRIER_SECRET, signCarrierBody } from "~/shipping/tracking.server";

withTestDatabase();

async function status(body: string) {
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Carrier-Signature": signCarrierBody(body, DEVELOPMENT_CARRIER_SECRET),
  });
  try {
    const res = (await webhook({
      request: new Request("http://localhost/webhooks/carrier", { method: "POST", headers, body }),
      params: {},
      context: {},
    })) as Response;
    return res.status;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : 500;
  }
}

describe("review: signed webhook events with absurd values are refused with 422, never a 500", () => {
  it.each([
    ["year 0000", { occurredAt: "0000-01-01T00:00:00Z" }],
    ["year 9999 late", { occurredAt: "9999-12-31T23:59:59-12:00" }],
    ["NUL in place", { place: "a\u0000b" }],
    ["NUL in event id", { eventId: "e\u00001" }],
    ["array as type", { type: ["accepted"] }],
  ])("%s", async (_name, override) => {
    const s = (await createParcel({ orderId: "ord_review_wh" })).shipment;
    const event = {
      eventId: "e-1",
      trackingNumber: s.trackingNumber,
      type: "accepted",
      occurredAt: "2026-11-20T09:00:00+08:00",
      ...override,
    };
    const code = await status(JSON.stringify({ events: [event] }));
    expect(code).toBe(422);
    expect(await db().select().from(trackingEvents)).toHaveLength(0);
  });
});
