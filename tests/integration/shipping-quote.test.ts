import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleQuoteRequest } from "~/shipping/quote-http.server";
import { DEFAULT_TARIFF } from "~/shipping/tariffs";
import { loadTariff, loadTariffForEditing, saveTariff } from "~/shipping/tariffs.server";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

// The handler server.ts mounts, over real HTTP; each test's database is the app's database.
let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => void handleQuoteRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(
  body: unknown,
  { raw, method = "POST" }: { raw?: string; method?: string } = {},
) {
  const response = await fetch(`${base}/api/shipping/quote`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: method === "GET" ? undefined : (raw ?? JSON.stringify(body)),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

const oranges = {
  weightG: 5500,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 200,
  storage: "ambient",
  quantity: 2,
};
const grapes = {
  weightG: 4500,
  lengthMm: 400,
  widthMm: 300,
  heightMm: 150,
  storage: "chilled",
  quantity: 1,
  shelfLifeDays: 7,
};

describe("POST /api/shipping/quote", () => {
  it("answers the fixed contract, from the tariff the migration installed", async () => {
    expect(await loadTariff()).toEqual(DEFAULT_TARIFF);
    const { status, json, headers } = await post({
      from: "36",
      to: "11",
      items: [oranges, grapes],
      declaredValueFen: 25000,
    });
    expect(status).toBe(200);
    expect(headers.get("Content-Type")).toMatch(/application\/json/);
    // Jiangxi → Beijing is national. Oranges: 11000 g actual, 2 × 24e6 mm³ / 6000 = 8000 g.
    // Grapes: 4500 g + 500 g liner + 500 g ice = 5500 g; 18e6 / 6000 = 3000 g.
    expect(json).toEqual({
      zone: "national",
      parcels: [
        {
          service: "express",
          storage: "ambient",
          units: 2,
          actualG: 11000,
          volumetricG: 8000,
          chargeableG: 11000,
          priceFen: 1800 + 10 * 600,
          transitDays: 3,
        },
        {
          service: "cold_chain",
          storage: "chilled",
          units: 1,
          actualG: 5500,
          volumetricG: 3000,
          chargeableG: 6000,
          priceFen: 3000 + 5 * 1200,
          transitDays: 2,
        },
      ],
      insuranceFen: 125,
      totalFen: 7800 + 9000 + 125,
    });
  });

  it("422 naming the field for bad input", async () => {
    const cases: Array<[unknown, string]> = [
      [{ from: "36", to: "99", items: [oranges] }, "to"],
      [{ from: "XX", to: "11", items: [oranges] }, "from"],
      [{ from: "36", to: "11", items: [{ ...oranges, weightG: 0 }] }, "items[0].weightG"],
      [{ from: "36", to: "11", items: [{ ...oranges, heightMm: -3 }] }, "items[0].heightMm"],
      [{ from: "36", to: "11", items: [{ ...oranges, quantity: 1001 }] }, "items[0].quantity"],
      [
        {
          from: "36",
          to: "11",
          items: [oranges, { ...oranges, weightG: "heavy" }],
        },
        "items[1].weightG",
      ],
      [{ from: "36", items: [oranges] }, "to"],
      [{ from: "36", to: "11" }, "items"],
      [{ from: "36", to: "11", items: [oranges], service: "pigeon" }, "service"],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await post(body);
      expect(status, JSON.stringify(body)).toBe(422);
      expect(json.field).toBe(field);
      expect(json.message).toContain(field);
      expect(typeof json.error).toBe("string");
    }
  });

  it("422 for a body that is not JSON or not an object", async () => {
    for (const raw of ["{not json", "", "[1,2]", "null"]) {
      const { status, json } = await post(null, { raw });
      expect(status).toBe(422);
      expect(json.message).toMatch(/JSON object/);
    }
  });

  it("422 with the reason when no service can carry the goods", async () => {
    const hk = await post({ from: "36", to: "81", items: [oranges] });
    expect(hk).toMatchObject({
      status: 422,
      json: { error: "not_served", field: "to" },
    });
    expect(hk.json.message).toContain("not served yet");
    const remote = await post({ from: "36", to: "65", items: [grapes] });
    expect(remote).toMatchObject({
      status: 422,
      json: { error: "zone_not_served" },
    });
    const express = await post({
      from: "36",
      to: "11",
      items: [grapes],
      service: "express",
    });
    expect(express).toMatchObject({
      status: 422,
      json: { error: "service_cannot_carry", field: "service" },
    });
    const spoils = await post({
      from: "36",
      to: "11",
      items: [{ ...grapes, shelfLifeDays: 1 }],
    });
    expect(spoils).toMatchObject({
      status: 422,
      json: { error: "shelf_life_too_short", field: "items[0].shelfLifeDays" },
    });
    const heavy = await post({
      from: "36",
      to: "11",
      items: [{ ...oranges, weightG: 30001 }],
    });
    expect(heavy).toMatchObject({
      status: 422,
      json: { error: "unit_too_heavy", field: "items[0].weightG" },
    });
  });

  it("405 for anything but POST", async () => {
    const get = await post(null, { method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    expect((await post({}, { method: "PUT" })).status).toBe(405);
    expect((await post({}, { method: "DELETE" })).status).toBe(405);
  });

  it("413 for an oversize body, without reading it", async () => {
    const { status } = await post(null, {
      raw: JSON.stringify({ pad: "x".repeat(70_000) }),
    });
    expect(status).toBe(413);
    // Without a Content-Length (chunked), the limit still holds while reading.
    const chunk = new TextEncoder().encode("x".repeat(40_000));
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(chunk);
        c.enqueue(chunk);
        c.close();
      },
    });
    const chunked = await fetch(`${base}/api/shipping/quote`, {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("an edited tariff changes the quote at once, and who edited it is recorded", async () => {
    const body = { from: "36", to: "11", items: [oranges] };
    expect((await post(body)).json.totalFen).toBe(7800);
    const tariff = structuredClone(DEFAULT_TARIFF);
    tariff.express.zones.national = {
      firstFen: 2000,
      stepFen: 700,
      transitDays: 4,
    };
    await saveTariff({ tariff, by: "ops@example.com" });
    const after = await post(body);
    expect(after.json).toMatchObject({
      totalFen: 2000 + 10 * 700,
      parcels: [{ priceFen: 9000, transitDays: 4 }],
    });
    const { changed } = await loadTariffForEditing();
    expect(changed.express.by).toBe("ops@example.com");

    // Dropping a zone stops the service there; express gone, ambient goods fall back to economy.
    delete tariff.express.zones.national;
    await saveTariff({ tariff, by: "ops@example.com" });
    expect((await post(body)).json).toMatchObject({
      parcels: [{ service: "economy" }],
    });
    expect((await post({ ...body, service: "express" })).json).toMatchObject({
      error: "zone_not_served",
    });
    expect((await loadTariff()).express.zones.national).toBeUndefined();
  });

  it("saveTariff refuses an invalid tariff and changes nothing", async () => {
    const tariff = structuredClone(DEFAULT_TARIFF);
    tariff.economy.zones.local!.firstFen = -1;
    await expect(saveTariff({ tariff, by: "x" })).rejects.toThrow();
    expect((await loadTariffForEditing()).tariff).toEqual(DEFAULT_TARIFF);
  });
});
