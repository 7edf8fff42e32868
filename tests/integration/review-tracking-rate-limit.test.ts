import { describe, expect, it } from "vitest";
import * as apiRoute from "~/routes/api.shipments.$trackingNumber";
import * as pageRoute from "~/routes/_store.track.$trackingNumber";
import * as lookupRoute from "~/routes/_store.track._index";
import { formatTrackingNumber } from "~/shipping/s10";
import { TRACKING_LOOKUP_LIMIT } from "~/shipping/tracking-lookup.server";
import { createParcel } from "../factories/shipments";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

/**
 * Issue 10, defect 6: tracking numbers are sequential, so /api/shipments/:n and /track could be
 * walked to read other people's parcels. Lookups are limited per client address (server.ts puts
 * it in the load context), misses more strictly than hits.
 */

withTestDatabase();

const A = "203.0.113.7";
const B = "198.51.100.20";

const api = (n: string, ip: string) =>
  callRoute<{ trackingNumber?: string; error?: string; message?: string }>(apiRoute.loader, {
    url: `http://localhost/api/shipments/${n}`,
    params: { trackingNumber: n },
    context: { clientIp: ip },
  });
const page = (n: string, ip: string) =>
  callRoute<{ shipment: { trackingNumber: string } | null; retryAfterSeconds: number }>(
    pageRoute.loader,
    {
      url: `http://localhost/track/${n}`,
      params: { trackingNumber: n },
      context: { clientIp: ip },
    },
  );
const lookup = (number: string, ip: string) =>
  callRoute<{ error: string | null; retryAfterSeconds: number }>(lookupRoute.loader, {
    url: `http://localhost/track?${new URLSearchParams({ number })}`,
    context: { clientIp: ip },
  });

/** Well-formed numbers with a right check digit that no parcel has (the top of the serial range). */
const unknownNumber = (i: number) =>
  formatTrackingNumber({ service: "express", serial: 99_999_000 + i });

function expectLimited(res: { status: number; headers: Headers }) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(TRACKING_LOOKUP_LIMIT.windowMs / 1000);
}

describe("tracking lookups per client address", () => {
  it("a shopper's lookup works on all three: the form redirects, the page and the JSON show the parcel", async () => {
    const { trackingNumber: n } = (await createParcel()).shipment;
    const found = await lookup(n.toLowerCase(), A);
    expect(found.status).toBe(302);
    expect(found.headers.get("Location")).toBe(`/track/${n}`);
    const shown = await page(n, A);
    expect(shown.status).toBe(200);
    expect(shown.data.shipment?.trackingNumber).toBe(n);
    const json = await api(n, A);
    expect(json.status).toBe(200);
    expect(json.data.trackingNumber).toBe(n);
  });

  it("an address walking the numbers is stopped with 429 + Retry-After on the JSON, the page and the form; another address is not", async () => {
    const parcels = await Promise.all([
      createParcel({ orderId: "ord_a" }),
      createParcel({ orderId: "ord_b" }),
      createParcel({ orderId: "ord_c" }),
    ]);
    const numbers = parcels.map((p) => p.shipment.trackingNumber);
    // Up to the limit every lookup of a real parcel is answered, whichever way it comes in.
    for (let i = 0; i < TRACKING_LOOKUP_LIMIT.limit; i++) {
      const n = numbers[i % numbers.length]!;
      const res =
        i % 3 === 0 ? await api(n, A) : i % 3 === 1 ? await page(n, A) : await lookup(n, A);
      expect(res.status, `lookup ${i + 1}`).toBe(i % 3 === 2 ? 302 : 200);
    }

    const json = await api(numbers[0]!, A);
    expectLimited(json);
    expect(json.data).toEqual({
      error: "rate_limited",
      message: expect.stringMatching(/Too many tracking lookups/),
    });
    expect(JSON.stringify(json.data)).not.toContain(numbers[0]);

    const shown = await page(numbers[0]!, A);
    expectLimited(shown);
    expect(shown.data.shipment).toBeNull();
    // The document response carries Retry-After too (Remix takes it from the route's headers()).
    const documentHeaders = new Headers(
      pageRoute.headers({
        loaderHeaders: shown.headers,
        actionHeaders: new Headers(),
        parentHeaders: new Headers(),
        errorHeaders: undefined,
      }) as HeadersInit,
    );
    expect(documentHeaders.get("Retry-After")).toBe(shown.headers.get("Retry-After"));

    const form = await lookup(numbers[0]!, A);
    expectLimited(form);
    expect(form.data.error).toBe("rate_limited");
    expect(form.data.retryAfterSeconds).toBeGreaterThan(0);

    // Another address (another shopper) is not affected.
    expect((await api(numbers[0]!, B)).status).toBe(200);
    expect((await page(numbers[1]!, B)).status).toBe(200);
    expect((await lookup(numbers[2]!, B)).status).toBe(302);
  });

  it(`counts a number with no parcel ${TRACKING_LOOKUP_LIMIT.missCost} times: ${TRACKING_LOOKUP_LIMIT.limit / TRACKING_LOOKUP_LIMIT.missCost} misses fill the window`, async () => {
    const { trackingNumber: n } = (await createParcel()).shipment;
    const misses = TRACKING_LOOKUP_LIMIT.limit / TRACKING_LOOKUP_LIMIT.missCost;
    for (let i = 0; i < misses - 1; i++) {
      const res = i % 2 === 0 ? await api(unknownNumber(i), A) : await lookup(unknownNumber(i), A);
      expect(res.status, `miss ${i + 1}`).toBe(404);
    }
    // Still under: a real parcel is shown.
    expect((await api(n, A)).status).toBe(200);
    expect((await page(unknownNumber(misses), A)).status).toBe(404);
    expectLimited(await api(n, A));
    expectLimited(await page(n, A));
    expect((await api(n, B)).status).toBe(200);
  });

  it("does not count what cannot reach a parcel (not a tracking number, a wrong check digit)", async () => {
    const { trackingNumber: n } = (await createParcel()).shipment;
    const wrongDigit = n.slice(0, 10) + ((Number(n[10]) + 1) % 10) + n.slice(11);
    for (let i = 0; i < TRACKING_LOOKUP_LIMIT.limit + 10; i++) {
      expect((await lookup(i % 2 ? wrongDigit : "hello", A)).status).toBe(422);
    }
    for (let i = 0; i < 20; i++) expect((await api(`not-a-number-${i}`, A)).status).toBe(404);
    expect((await api(n, A)).status).toBe(200);
  });
});
