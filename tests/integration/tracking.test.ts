import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { shipments, trackingEvents } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { action as webhook } from "~/routes/webhooks.carrier";
import { loader as apiShipment } from "~/routes/api.shipments.$trackingNumber";
import {
  DEVELOPMENT_CARRIER_SECRET,
  listCooperativeShipments,
  recordCooperativeEvent,
  signCarrierBody,
} from "~/shipping/tracking.server";
import { createCooperative } from "../factories/catalog";
import { createParcel } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

function post(
  body: string,
  signature: string | null = signCarrierBody(body, DEVELOPMENT_CARRIER_SECRET),
) {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (signature !== null) headers.set("X-Carrier-Signature", signature);
  const request = new Request("http://localhost/webhooks/carrier", {
    method: "POST",
    headers,
    body,
  });
  return webhook({ request, params: {}, context: {} }) as Promise<Response>;
}

const event = (
  trackingNumber: string,
  eventId: string,
  type: string,
  occurredAt: string,
  place = "",
) => ({
  eventId,
  trackingNumber,
  type,
  occurredAt,
  place,
});

async function getApi(trackingNumber: string) {
  const res = (await apiShipment({
    request: new Request(`http://localhost/api/shipments/${trackingNumber}`),
    params: { trackingNumber },
    context: {},
  })) as Response;
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      events: Array<{ type: string; occurredAt: string }>;
    },
  };
}

describe("carrier webhook", () => {
  it("stores a signed event once even when delivered three times", async () => {
    const { shipment } = await createParcel();
    const body = JSON.stringify({
      events: [
        event(shipment.trackingNumber, "c-1", "accepted", "2026-11-20T09:00:00+08:00", "江西赣州"),
      ],
    });
    const replies = [await post(body), await post(body), await post(body)];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await replies[0]!.json()).toEqual({ received: 1, stored: 1, duplicates: 0 });
    expect(await replies[2]!.json()).toEqual({ received: 1, stored: 0, duplicates: 1 });
    const rows = await db()
      .select()
      .from(trackingEvents)
      .where(eq(trackingEvents.shipmentId, shipment.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.occurredAt.toISOString()).toBe("2026-11-20T01:00:00.000Z");
  });

  it("shows events that arrive out of order in time order; status follows the latest by time", async () => {
    const { shipment } = await createParcel();
    const n = shipment.trackingNumber;
    await post(
      JSON.stringify({ events: [event(n, "c-3", "arrived", "2026-11-21T06:00:00Z", "北京")] }),
    );
    await post(JSON.stringify({ events: [event(n, "c-1", "accepted", "2026-11-20T01:00:00Z")] }));
    await post(JSON.stringify({ events: [event(n, "c-2", "departed", "2026-11-20T12:00:00Z")] }));
    const { status, body } = await getApi(n);
    expect(status).toBe(200);
    expect(body.events.map((e) => e.type)).toEqual(["accepted", "departed", "arrived"]);
    expect(body.status).toBe("arrived");
    expect(body.lastEventAt).toBe("2026-11-21T06:00:00.000Z");
    // A late-arriving older event does not move the status back.
    await post(JSON.stringify({ events: [event(n, "c-0", "exception", "2026-11-20T00:30:00Z")] }));
    expect((await getApi(n)).body.status).toBe("arrived");
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const { shipment } = await createParcel();
    const body = JSON.stringify({
      events: [event(shipment.trackingNumber, "c-1", "accepted", "2026-11-20T01:00:00Z")],
    });
    expect((await post(body, signCarrierBody(body, "some-other-secret-0123456789"))).status).toBe(
      401,
    );
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, "sha256=zz")).status).toBe(401);
    // Signed, then altered in transit.
    expect(
      (
        await post(
          body.replace("accepted", "delivered"),
          signCarrierBody(body, DEVELOPMENT_CARRIER_SECRET),
        )
      ).status,
    ).toBe(401);
    expect(await db().select().from(trackingEvents)).toHaveLength(0);
    const [row] = await db().select().from(shipments).where(eq(shipments.id, shipment.id));
    expect(row!.status).toBe("created");
  });

  it("answers 422 for bad JSON or fields, and for a batch naming an unknown parcel stores none of it", async () => {
    const { shipment } = await createParcel();
    const n = shipment.trackingNumber;
    const bad = await post("{not json");
    expect(bad.status).toBe(422);
    const badType = await post(
      JSON.stringify({ events: [event(n, "c-1", "teleported", "2026-11-20T01:00:00Z")] }),
    );
    expect(badType.status).toBe(422);
    expect(await badType.json()).toMatchObject({ field: "events.0.type" });
    const noZone = await post(
      JSON.stringify({ events: [event(n, "c-1", "accepted", "2026-11-20 01:00")] }),
    );
    expect(noZone.status).toBe(422);
    const unknown = await post(
      JSON.stringify({
        events: [
          event(n, "c-1", "accepted", "2026-11-20T01:00:00Z"),
          event("EA100000140CN", "c-2", "accepted", "2026-11-20T01:00:00Z"),
        ],
      }),
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({
      error: "unknown_tracking_number",
      trackingNumbers: ["EA100000140CN"],
    });
    expect(await db().select().from(trackingEvents)).toHaveLength(0);
  });
});

describe("GET /api/shipments/:trackingNumber", () => {
  it("404s for unknown, malformed or wrong-check-digit numbers", async () => {
    const { shipment } = await createParcel();
    expect((await getApi("EA100000140CN")).status).toBe(404);
    expect((await getApi("nonsense")).status).toBe(404);
    const wrongDigit =
      shipment.trackingNumber.slice(0, 10) +
      ((Number(shipment.trackingNumber[10]) + 1) % 10) +
      "CN";
    expect((await getApi(wrongDigit)).status).toBe(404);
  });

  it("shows the parcel with the recipient masked, and accepts lower case", async () => {
    const { shipment } = await createParcel();
    const { status, body } = await getApi(shipment.trackingNumber.toLowerCase());
    expect(status).toBe(200);
    expect(body).toMatchObject({
      trackingNumber: shipment.trackingNumber,
      service: "express",
      status: "created",
      recipient: { name: "王**", phone: "138****5678", province: "11", city: "北京市" },
      events: [],
    });
    expect(JSON.stringify(body)).not.toContain("13812345678");
    expect(JSON.stringify(body)).not.toContain("建国路");
  });
});

describe("stalled parcels", () => {
  it("flags parcels with no event for 24 hours unless delivered or returned", async () => {
    const { coop, shipment } = await createParcel();
    const n = shipment.trackingNumber;
    await post(JSON.stringify({ events: [event(n, "c-1", "departed", "2026-11-20T00:00:00Z")] }));
    const at = (iso: string) =>
      listCooperativeShipments({ cooperativeId: coop.id, now: new Date(iso) });
    expect((await at("2026-11-20T23:59:00Z"))[0]!.stalled).toBe(false);
    expect((await at("2026-11-21T00:00:00Z"))[0]!.stalled).toBe(true);
    expect(
      await listCooperativeShipments({
        cooperativeId: coop.id,
        stalledOnly: true,
        now: new Date("2026-11-21T01:00:00Z"),
      }),
    ).toHaveLength(1);
    await post(JSON.stringify({ events: [event(n, "c-2", "delivered", "2026-11-20T10:00:00Z")] }));
    expect((await at("2026-11-25T00:00:00Z"))[0]!.stalled).toBe(false);
    expect(
      await listCooperativeShipments({ cooperativeId: coop.id, status: "delivered" }),
    ).toHaveLength(1);
    expect(
      await listCooperativeShipments({ cooperativeId: coop.id, status: "departed" }),
    ).toHaveLength(0);
  });
});

describe("cooperative events and configuration", () => {
  it("lets a cooperative add an event to its own parcel only", async () => {
    const { coop, shipment } = await createParcel();
    const other = await createCooperative();
    const mine = await recordCooperativeEvent({
      cooperativeId: coop.id,
      shipmentId: shipment.id,
      type: "accepted",
      place: "合作社仓库",
      eventId: "handover-1",
    });
    expect(mine).toEqual({ ok: true, received: 1, stored: 1 });
    const again = await recordCooperativeEvent({
      cooperativeId: coop.id,
      shipmentId: shipment.id,
      type: "accepted",
      eventId: "handover-1",
    });
    expect(again).toEqual({ ok: true, received: 1, stored: 0 });
    expect(
      await recordCooperativeEvent({
        cooperativeId: other.id,
        shipmentId: shipment.id,
        type: "delivered",
      }),
    ).toEqual({ ok: false, error: "not_found" });
    const { body } = await getApi(shipment.trackingNumber);
    expect(body.events).toHaveLength(1);
    expect(body.status).toBe("accepted");
  });

  it("refuses the development secret in production: without CARRIER_WEBHOOK_SECRET the webhook answers 503", async () => {
    vi.resetModules();
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("CARRIER_WEBHOOK_SECRET", undefined);
    try {
      const { action } = await import("~/routes/webhooks.carrier");
      const body = JSON.stringify({ events: [] });
      const request = new Request("http://localhost/webhooks/carrier", {
        method: "POST",
        headers: { "X-Carrier-Signature": signCarrierBody(body, DEVELOPMENT_CARRIER_SECRET) },
        body,
      });
      const res = (await action({ request, params: {}, context: {} })) as Response;
      expect(res.status).toBe(503);
      vi.stubEnv("CARRIER_WEBHOOK_SECRET", "a-real-production-secret-123");
      vi.resetModules();
      const { carrierWebhookSecret } = await import("~/shipping/tracking.server");
      expect(carrierWebhookSecret()).toBe("a-real-production-secret-123");
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
