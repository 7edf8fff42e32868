import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { liveClaims } from "../../db/live-schema";
import { inventoryReservations } from "../../db/schema";
import { liveSale } from "../factories/live";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import { handleLiveRequest } from "~/live/http.server";
import { changeSale } from "~/live/sales.server";

/*
 * The live endpoints over real HTTP (an in-process node:http server on port 0 with the handler
 * server.ts mounts): every bad input answered 4xx JSON {"error","message"} with nothing written,
 * the happy path, replays, sold out, the stock shape and the event stream. Never a 5xx.
 */

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });
withTestDatabase();

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(null));
  server = undefined;
});

async function listen(): Promise<string> {
  server = createServer((req, res) => {
    void handleLiveRequest(req, res, { ready: () => true, siteOrigin: () => undefined });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** One raw request (node:http, so bodies can be chunked, oversized or mislabelled). */
function send(
  base: string,
  path: string,
  o: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunked?: boolean;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined && !o.chunked)
      headers["Content-Length"] = String(Buffer.byteLength(o.body));
    const req = request(url, { method: o.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: Record<string, unknown> = {};
        try {
          json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          json = { raw: text };
        }
        resolve({ status: res.statusCode!, headers: res.headers, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (o.body !== undefined) {
      if (o.chunked) {
        // Several writes with no Content-Length: node sends Transfer-Encoding: chunked.
        const b = Buffer.from(o.body);
        for (let i = 0; i < b.length; i += 512) req.write(b.subarray(i, i + 512));
      } else req.write(o.body);
    }
    req.end();
  });
}

let n = 0;
const key = () => `test-key-${Date.now()}-${++n}`;
const claim = (base: string, code: string, body: unknown, h: Record<string, string> = {}) =>
  send(base, `/api/live/${code}/claims`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": key(), ...h },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function written() {
  const [c] = await db().select({ n: count() }).from(liveClaims);
  const [r] = await db().select({ n: count() }).from(inventoryReservations);
  return { claims: c!.n, reservations: r!.n };
}

/** A 4xx JSON error with a code and a message. */
function refused(r: Reply, status: number, error?: string) {
  expect(r.status, JSON.stringify(r.json)).toBe(status);
  expect(String(r.headers["content-type"])).toMatch(/^application\/json/);
  expect(typeof r.json.error).toBe("string");
  expect(typeof r.json.message).toBe("string");
  if (error) expect(r.json.error).toBe(error);
}

describe("live endpoints over HTTP", () => {
  it("refuses every bad claim with a 4xx JSON error and writes nothing", async () => {
    const { code } = await liveSale({ quantity: 50, perShopperLimit: 3 });
    const base = await listen();
    const before = await written();
    const cases: Array<[string, Promise<Reply>, number, string?]> = [
      ["quantity 0", claim(base, code, { quantity: 0 }), 422, "invalid"],
      ["negative", claim(base, code, { quantity: -1 }), 422, "invalid"],
      ["fractional", claim(base, code, { quantity: 1.5 }), 422, "invalid"],
      ["huge", claim(base, code, { quantity: 1e12 }), 422, "invalid"],
      ["1e400 (Infinity)", claim(base, code, '{"quantity":1e400}'), 422, "invalid"],
      ["a string", claim(base, code, { quantity: "1" }), 422, "invalid"],
      ["null", claim(base, code, { quantity: null }), 422, "invalid"],
      ["no quantity", claim(base, code, {}), 422, "invalid"],
      ["an extra field", claim(base, code, { quantity: 1, price: 1 }), 422, "invalid"],
      ["an array body", claim(base, code, "[1]"), 422, "invalid"],
      ["above the per-shopper limit", claim(base, code, { quantity: 4 }), 422, "over_limit"],
      [
        "missing key",
        send(base, `/api/live/${code}/claims`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: '{"quantity":1}',
        }),
        400,
        "idempotency_key_missing",
      ],
      ["empty key", claim(base, code, { quantity: 1 }, { "Idempotency-Key": "" }), 400],
      [
        "oversized key",
        claim(base, code, { quantity: 1 }, { "Idempotency-Key": "k".repeat(101) }),
        400,
        "idempotency_key_invalid",
      ],
      [
        "key with spaces",
        claim(base, code, { quantity: 1 }, { "Idempotency-Key": "has spaces in it" }),
        400,
        "idempotency_key_invalid",
      ],
      [
        "a key of the waitlist's own (reserved)",
        claim(base, code, { quantity: 1 }, { "Idempotency-Key": "waitlist:wtl_abcdef" }),
        400,
        "idempotency_key_invalid",
      ],
      ["unknown code", claim(base, "ZZZZZZZZ", { quantity: 1 }), 404, "not_found"],
      ["malformed code", claim(base, "no!such~code", { quantity: 1 }), 404, "not_found"],
      [
        "bad percent-escape in the code",
        claim(base, "%E0%A4%A", { quantity: 1 }),
        404,
        "not_found",
      ],
      ["JSON garbage", claim(base, code, "{quantity: 1"), 400, "invalid_json"],
      ["empty body", claim(base, code, ""), 400, "invalid_json"],
      [
        "wrong content type",
        claim(base, code, '{"quantity":1}', { "Content-Type": "text/plain" }),
        415,
        "unsupported_media_type",
      ],
      [
        "form content type",
        claim(base, code, "quantity=1", { "Content-Type": "application/x-www-form-urlencoded" }),
        415,
      ],
      [
        "oversized body",
        claim(base, code, JSON.stringify({ quantity: 1, pad: "x".repeat(5_000) })),
        413,
        "too_large",
      ],
      [
        "oversized chunked body",
        send(base, `/api/live/${code}/claims`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key() },
          body: JSON.stringify({ quantity: 1, pad: "x".repeat(50_000) }),
          chunked: true,
        }),
        413,
        "too_large",
      ],
      ["GET on claims", send(base, `/api/live/${code}/claims`), 405, "method_not_allowed"],
      ["PUT on claims", send(base, `/api/live/${code}/claims`, { method: "PUT", body: "{}" }), 405],
      ["POST on stock", send(base, `/api/live/${code}/stock`, { method: "POST", body: "{}" }), 405],
      ["DELETE on events", send(base, `/api/live/${code}/events`, { method: "DELETE" }), 405],
      ["GET on waitlist", send(base, `/api/live/${code}/waitlist`), 405],
      [
        "cross-site POST",
        claim(base, code, { quantity: 1 }, { "Sec-Fetch-Site": "cross-site" }),
        403,
        "cross_site",
      ],
      [
        "foreign Origin",
        claim(base, code, { quantity: 1 }, { Origin: "https://evil.example" }),
        403,
        "cross_site",
      ],
      ["unknown endpoint", send(base, `/api/live/${code}/nope`), 404, "not_found"],
    ];
    for (const [name, pending, status, error] of cases) {
      const r = await pending;
      expect.soft(r.status, `${name}: ${JSON.stringify(r.json)}`).toBe(status);
      refused(r, status, error);
    }
    expect(await written()).toEqual(before);
  });

  it("refuses claims before the start, after the end and while paused (409), writing nothing", async () => {
    const now = Date.now();
    const early = await liveSale({
      timing: {
        kind: "fixed",
        startsAt: new Date(now + 60 * 60_000),
        endsAt: new Date(now + 2 * 60 * 60_000),
      },
    });
    const late = await liveSale({
      timing: {
        kind: "fixed",
        startsAt: new Date(now - 2 * 60 * 60_000),
        endsAt: new Date(now - 60_000),
      },
    });
    const paused = await liveSale();
    await changeSale({ hostUserId: paused.host.id, saleId: paused.saleId, action: "pause" });
    const base = await listen();
    const before = await written();
    refused(await claim(base, early.code, { quantity: 1 }), 409, "not_started");
    refused(await claim(base, late.code, { quantity: 1 }), 409, "ended");
    refused(await claim(base, paused.code, { quantity: 1 }), 409, "paused");
    expect(await written()).toEqual(before);
  });

  it("grants 201, replays 200 with the same claim, then 409 sold_out; stock has its shape", async () => {
    const { code } = await liveSale({ quantity: 2 });
    const base = await listen();
    const k = key();
    const first = await claim(base, code, { quantity: 1 }, { "Idempotency-Key": k });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ claimId: expect.any(String), quantity: 1 });
    expect(Number.isNaN(Date.parse(String(first.json.expiresAt)))).toBe(false);
    const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
    const replay = await claim(
      base,
      code,
      { quantity: 1 },
      { "Idempotency-Key": k, Cookie: cookie },
    );
    expect(replay.status).toBe(200);
    expect(replay.json.claimId).toBe(first.json.claimId);
    // The same key from another device is not theirs.
    refused(await claim(base, code, { quantity: 1 }, { "Idempotency-Key": k }), 422);
    expect((await claim(base, code, { quantity: 1 })).status).toBe(201);
    refused(await claim(base, code, { quantity: 1 }), 409, "sold_out");
    const [claims] = await db().select({ n: count() }).from(liveClaims);
    expect(claims!.n).toBe(2);

    // Sold out: the line opens, but never for more than could come back (422, with the most).
    const join = (quantity: number) =>
      send(base, `/api/live/${code}/waitlist`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie },
        body: JSON.stringify({ quantity }),
      });
    const tooMany = await join(3);
    refused(tooMany, 422, "too_many");
    expect(tooMany.json.limit).toBe(2);
    expect((await join(1)).status).toBe(201);

    const stock = await send(base, `/api/live/${code}/stock`);
    expect(stock.status).toBe(200);
    expect(stock.json).toMatchObject({ remaining: 0, claimed: 2, sold: 0 });
    expect(typeof stock.json.endsAt).toBe("string");
    for (const f of ["remaining", "claimed", "sold"])
      expect(Number.isInteger(stock.json[f])).toBe(true);
  });

  it("streams events: the first at once, a claim's change within a second", async () => {
    const { code, saleId } = await liveSale({ quantity: 10 });
    const base = await listen();
    const events: Array<{ at: number; data: Record<string, unknown> }> = [];
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(new URL(`/api/live/${code}/events`, base), { agent: false }, (res) => {
        expect(res.statusCode).toBe(200);
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          buf += c;
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const line = block.split("\n").find((l) => l.startsWith("data: "));
            if (line) events.push({ at: Date.now(), data: JSON.parse(line.slice(6)) });
          }
        });
        resolve(res.headers);
      });
      req.on("error", reject);
      req.end();
    });
    expect(String(headers["content-type"])).toMatch(/^text\/event-stream/);
    expect(headers["cache-control"]).toBe("no-cache, no-transform");
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0), { timeout: 5_000 });
    expect(events[0]!.data).toMatchObject({ remaining: 10, claimed: 0, sold: 0 });
    const t0 = Date.now();
    expect((await claim(base, code, { quantity: 3 })).status).toBe(201);
    await vi.waitFor(
      () => expect(events.some((e) => e.data.claimed === 3 && e.data.remaining === 7)).toBe(true),
      { timeout: 1_000, interval: 20 },
    );
    const got = events.find((e) => e.data.claimed === 3)!;
    expect(got.at - t0).toBeLessThan(1_000);
    expect(saleId).toBeTruthy();
  });
});
