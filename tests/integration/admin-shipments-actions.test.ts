import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shipments, trackingEvents } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { action, loader } from "~/routes/admin.shipments._index";
import { createShipments } from "~/shipping/shipments.server";
import { recordTrackingEvents } from "~/shipping/tracking.server";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const HOUR = 60 * 60 * 1000;
const URL_ = "http://localhost/admin/shipments?index";

/** One parcel of a fresh cooperative, packed two days ago (so it is stalled until something happens). */
async function parcelOf(coop?: { id: string }) {
  const c = coop ?? (await createCooperative({ cityZh: "赣州市信丰县" }));
  const r = await createShipments({
    orderId: `ord_${Math.random().toString(36).slice(2)}`,
    cooperativeId: c.id,
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
  if (!r.ok) throw new Error(r.message);
  const shipment = r.shipments[0]!;
  await db()
    .update(shipments)
    .set({ createdAt: new Date(Date.now() - 48 * HOUR) })
    .where(eq(shipments.id, shipment.id));
  return { coop: c, shipment };
}

const post = (form: Record<string, string>, cookie?: string) =>
  callRoute<Record<string, unknown>>(action, { url: URL_, method: "POST", form, cookie });

type ListRow = { id: string; status: string; stalled: boolean; collected: boolean };
async function listRow(cookie: string, id: string): Promise<ListRow> {
  const list = await callRoute<{ shipments: ListRow[] }>(loader, {
    url: "http://localhost/admin/shipments",
    cookie,
  });
  return list.data.shipments.find((s) => s.id === id)!;
}

async function eventsOf(shipmentId: string) {
  return db()
    .select()
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipmentId))
    .orderBy(asc(trackingEvents.id));
}

/** Everything these actions could write, to show that a refused post wrote nothing. */
async function snapshot() {
  const [e, s] = await Promise.all([
    db().select().from(trackingEvents).orderBy(asc(trackingEvents.id)),
    db().select().from(shipments).orderBy(asc(shipments.id)),
  ]);
  return JSON.stringify({ e, s });
}

describe("handed to carrier", () => {
  it("records one accepted event at the cooperative's city even when posted twice at once and again later", async () => {
    const { coop, shipment } = await parcelOf();
    const { cookie } = await signedInUser({
      memberOf: [{ cooperativeId: coop.id, role: "staff" }],
    });
    expect(await listRow(cookie, shipment.id)).toMatchObject({
      status: "created",
      stalled: true,
      collected: false,
    });

    const form = { intent: "handover", shipmentId: shipment.id };
    const replies = [
      ...(await Promise.all([post(form, cookie), post(form, cookie)])),
      await post(form, cookie),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const stored = replies.map((r) => (r.data.done as { stored: boolean }).stored);
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(replies[2]!.data).toEqual({
      intent: "handover",
      done: { trackingNumber: shipment.trackingNumber, stored: false },
    });

    const events = await eventsOf(shipment.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: "cooperative",
      type: "accepted",
      place: "赣州市信丰县",
      eventId: `handover:${shipment.id}`,
    });
    expect(Date.now() - events[0]!.occurredAt.getTime()).toBeLessThan(60_000);
    // The list shows it at once: collected, no longer stalled, and the button is gone.
    expect(await listRow(cookie, shipment.id)).toMatchObject({
      status: "accepted",
      stalled: false,
      collected: true,
    });
  });

  it("records nothing once the carrier has the parcel, so a parcel in transit or delivered never moves back", async () => {
    const { coop } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    for (const type of ["accepted", "departed", "delivered"] as const) {
      const { shipment } = await parcelOf(coop);
      await recordTrackingEvents({
        source: "carrier",
        events: [
          {
            eventId: `c-${type}`,
            trackingNumber: shipment.trackingNumber,
            type,
            occurredAt: new Date(Date.now() - HOUR),
            place: "赣州",
            note: "",
          },
        ],
      });
      expect((await listRow(cookie, shipment.id)).collected, type).toBe(true);
      const reply = await post({ intent: "handover", shipmentId: shipment.id }, cookie);
      expect(reply.status).toBe(200);
      expect(reply.data).toMatchObject({ done: { stored: false } });
      expect((await eventsOf(shipment.id)).map((e) => e.source)).toEqual(["carrier"]);
      expect((await listRow(cookie, shipment.id)).status).toBe(type);
    }
  });

  it("is still offered after a problem reported before the hand-over", async () => {
    const { coop, shipment } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    await post(
      {
        intent: "problem",
        shipmentId: shipment.id,
        key: "req_0123456789abcdef",
        note: "等冷链车，晚一天发",
      },
      cookie,
    );
    expect(await listRow(cookie, shipment.id)).toMatchObject({
      status: "exception",
      collected: false,
    });
    expect(
      (await post({ intent: "handover", shipmentId: shipment.id }, cookie)).data,
    ).toMatchObject({ done: { stored: true } });
    expect((await listRow(cookie, shipment.id)).status).toBe("accepted");
  });
});

describe("report a problem", () => {
  it("requires a note of at most 200 characters, answers 422 with the note kept, and writes nothing", async () => {
    const { coop, shipment } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    const before = await snapshot();
    const base = { intent: "problem", shipmentId: shipment.id, key: "req_0123456789abcdef" };
    const missing = await post(base, cookie);
    expect(missing.status).toBe(422);
    expect(missing.data).toMatchObject({
      shipmentId: shipment.id,
      error: "problem.noteRequired",
      note: "",
    });
    const blank = await post({ ...base, note: "  \n\t " }, cookie);
    expect(blank.status).toBe(422);
    expect(blank.data.error).toBe("problem.noteRequired");
    const nul = await post({ ...base, note: "\u0000\u0007" }, cookie);
    expect(nul.status).toBe(422);
    expect(nul.data.error).toBe("problem.noteRequired");
    const long = "箱".repeat(201);
    const tooLong = await post({ ...base, note: long }, cookie);
    expect(tooLong.status).toBe(422);
    expect(tooLong.data).toMatchObject({ error: "problem.noteTooLong", note: long });
    expect(await snapshot()).toBe(before);
  });

  it("records one exception per form even when posted twice, with the note on one line; status updates at once", async () => {
    const { coop, shipment } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    const note = "箱".repeat(197) + "\n\u0000破损"; // 200 characters once the breaks become one space
    const form = { intent: "problem", shipmentId: shipment.id, key: "req_first-form-key1", note };
    const [a, b] = await Promise.all([post(form, cookie), post(form, cookie)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    let events = await eventsOf(shipment.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: "cooperative",
      type: "exception",
      note: "箱".repeat(197) + " 破损",
    });
    expect(await listRow(cookie, shipment.id)).toMatchObject({
      status: "exception",
      stalled: false,
      collected: false,
    });
    // The next form (a new key) is a new report.
    await post({ ...form, key: "req_second-form-key", note: "顾客电话打不通" }, cookie);
    events = await eventsOf(shipment.id);
    expect(events.map((e) => e.note)).toEqual([expect.stringContaining("破损"), "顾客电话打不通"]);
  });

  it("refuses a post without its form key with 400", async () => {
    const { coop, shipment } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    expect(
      (await post({ intent: "problem", shipmentId: shipment.id, note: "破损" }, cookie)).status,
    ).toBe(400);
    expect(
      (
        await post(
          { intent: "problem", shipmentId: shipment.id, note: "破损", key: "short" },
          cookie,
        )
      ).status,
    ).toBe(400);
    expect(await eventsOf(shipment.id)).toHaveLength(0);
  });

  it("gives each rendering of the list a new form key", async () => {
    const { coop } = await parcelOf();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    const keys = await Promise.all(
      [1, 2].map(
        async () =>
          (
            await callRoute<{ requestKey: string }>(loader, {
              url: "http://localhost/admin/shipments",
              cookie,
            })
          ).data.requestKey,
      ),
    );
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,40}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});

describe("access", () => {
  it("answers 404 for another cooperative's parcel or an unknown id, and writes nothing", async () => {
    const { shipment: theirs } = await parcelOf();
    const mine = await createCooperative();
    const { cookie } = await signedInUser({
      memberOf: [{ cooperativeId: mine.id, role: "owner" }],
    });
    const before = await snapshot();
    const replies = await Promise.all([
      post({ intent: "handover", shipmentId: theirs.id }, cookie),
      post(
        { intent: "problem", shipmentId: theirs.id, key: "req_0123456789abcdef", note: "破损" },
        cookie,
      ),
      post({ intent: "handover", shipmentId: "shp_nope" }, cookie),
      post({ intent: "handover" }, cookie),
      post({ intent: "handover", shipmentId: "shp_\u0000x" }, cookie),
    ]);
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await snapshot()).toBe(before);
  });

  it("lets a member of two cooperatives act on a parcel of the one not on screen", async () => {
    const { coop: second, shipment } = await parcelOf();
    const first = await createCooperative();
    const { cookie } = await signedInUser({
      memberOf: [{ cooperativeId: first.id }, { cooperativeId: second.id, role: "staff" }],
    });
    expect((await post({ intent: "handover", shipmentId: shipment.id }, cookie)).status).toBe(200);
    expect(await eventsOf(shipment.id)).toHaveLength(1);
  });

  it("sends visitors to sign in, refuses shoppers, answers 400 to an unknown intent; nothing written", async () => {
    const { coop, shipment } = await parcelOf();
    const before = await snapshot();
    const visitor = await post({ intent: "handover", shipmentId: shipment.id });
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toMatch(/^\/account\/sign-in\?redirectTo=/);
    const shopper = await signedInUser();
    expect(
      (await post({ intent: "handover", shipmentId: shipment.id }, shopper.cookie)).status,
    ).toBe(403);
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: coop.id }] });
    expect((await post({ intent: "delivered", shipmentId: shipment.id }, cookie)).status).toBe(400);
    expect((await post({ shipmentId: shipment.id }, cookie)).status).toBe(400);
    expect(await snapshot()).toBe(before);
  });
});
