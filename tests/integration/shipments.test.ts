import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shipments } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { isValidS10 } from "~/shipping/s10";
import {
  createShipments,
  findOrderShipments,
  type CreateShipmentsInput,
} from "~/shipping/shipments.server";
import { invalidateTariff } from "~/shipping/tariffs.server";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const orange = {
  weightG: 5000,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 200,
  storage: "ambient" as const,
  quantity: 1,
  name: "脐橙 5 公斤",
};
const grapes = {
  weightG: 2000,
  lengthMm: 300,
  widthMm: 200,
  heightMm: 150,
  storage: "chilled" as const,
  quantity: 1,
  shelfLifeDays: 7,
  name: "红提 2 公斤",
};

function input(
  cooperativeId: string,
  overrides: Partial<CreateShipmentsInput> = {},
): CreateShipmentsInput {
  return {
    orderId: "ord_1",
    cooperativeId,
    origin: "36",
    destination: "11",
    sender: SENDER,
    recipient: RECIPIENT,
    items: [orange],
    ...overrides,
  };
}

describe("createShipments", () => {
  it("runs inside a caller's transaction with the tariff cache cold (PGlite has one connection)", async () => {
    const coop = await createCooperative();
    invalidateTariff();
    // Reading the tariff through db() here would wait for this transaction on PGlite: a hang, not an error.
    const result = await db().transaction((tx) =>
      createShipments(input(coop.id, { ambientService: "express" }), { tx }),
    );
    expect(result).toMatchObject({ ok: true, created: true });
  });

  it("stores one priced shipment per parcel with S10 numbers by service", async () => {
    const coop = await createCooperative();
    const result = await createShipments(
      input(coop.id, {
        items: [
          { ...orange, quantity: 7 },
          { ...grapes, quantity: 2 },
        ],
      }),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.created).toBe(true);
    // 7 × 5 kg ambient: 6 fit under 30 kg, so two express parcels; grapes ride cold chain.
    expect(
      result.shipments.map((s) => [s.service, s.storage, s.parcelIndex, s.parcelCount]),
    ).toEqual([
      ["express", "ambient", 1, 3],
      ["express", "ambient", 2, 3],
      ["cold_chain", "chilled", 3, 3],
    ]);
    const [a, b, c] = result.shipments;
    expect(a!.trackingNumber).toMatch(/^EA\d{9}CN$/);
    expect(c!.trackingNumber).toMatch(/^EF\d{9}CN$/);
    for (const s of result.shipments) expect(isValidS10(s.trackingNumber)).toBe(true);
    expect(a!.actualG).toBe(30000);
    expect(a!.priceFen).toBe(1800 + 29 * 600); // national express, 30 kg chargeable
    expect(b!.actualG).toBe(5000);
    expect(c!.zone).toBe("national");
    // 4 kg grapes + 500 g liner + 4 × 100 g ice
    expect(c!.actualG).toBe(4900);
    expect(c!.units).toEqual([{ item: 1, quantity: 2, name: "红提 2 公斤" }]);
    expect(c!.status).toBe("created");
  });

  it("is idempotent per order and cooperative: a retry returns the same parcels", async () => {
    const coop = await createCooperative();
    const first = await createShipments(input(coop.id));
    const again = await createShipments(input(coop.id, { items: [{ ...orange, quantity: 3 }] }));
    if (!first.ok || !again.ok) throw new Error("refused");
    expect(again.created).toBe(false);
    expect(again.shipments.map((s) => s.trackingNumber)).toEqual(
      first.shipments.map((s) => s.trackingNumber),
    );
    expect(await db().select().from(shipments).where(eq(shipments.orderId, "ord_1"))).toHaveLength(
      1,
    );
  });

  it("keeps the same order's parcels apart per cooperative", async () => {
    const [c1, c2] = [await createCooperative(), await createCooperative()];
    const a = await createShipments(input(c1.id));
    const b = await createShipments(input(c2.id));
    expect(a.ok && b.ok && a.created && b.created).toBe(true);
    expect(await findOrderShipments({ orderId: "ord_1", cooperativeId: c2.id })).toHaveLength(1);
  });

  it("creates one set when the same order is submitted many times at once", async () => {
    const coop = await createCooperative();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        createShipments(input(coop.id, { items: [{ ...orange, quantity: 7 }] })),
      ),
    );
    const numbers = new Set<string>();
    for (const r of results) {
      if (!r.ok) throw new Error(r.message);
      numbers.add(r.shipments.map((s) => s.trackingNumber).join(","));
    }
    expect(numbers.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await db().select().from(shipments)).toHaveLength(2);
  });

  it("refuses what cannot ship, with the reason and field, and stores nothing", async () => {
    const coop = await createCooperative();
    const remote = await createShipments(
      input(coop.id, {
        destination: "65",
        recipient: { ...RECIPIENT, province: "65" },
        items: [grapes],
      }),
    );
    expect(remote).toMatchObject({ ok: false, error: "zone_not_served" });
    const express = await createShipments(input(coop.id, { items: [grapes], service: "express" }));
    expect(express).toMatchObject({ ok: false, field: "service" });
    const badPhone = await createShipments(
      input(coop.id, { recipient: { ...RECIPIENT, phone: "12" } }),
    );
    expect(badPhone).toMatchObject({
      ok: false,
      error: "invalid_request",
      field: "recipient.phone",
    });
    const badProvince = await createShipments(input(coop.id, { destination: "99" }));
    expect(badProvince).toMatchObject({ ok: false, field: "destination" });
    expect(await db().select().from(shipments)).toHaveLength(0);
  });
});
