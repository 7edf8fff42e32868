import { describe, expect, it } from "vitest";
import * as parcelRoute from "~/routes/_store.track.$trackingNumber";
import { loader } from "~/routes/_store.track._index";
import { createParcel } from "../factories/shipments";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

type Page = { input: string; error: string | null; trackingNumber: string | null };
const lookup = (number?: string) =>
  callRoute<Page>(loader, {
    url:
      number === undefined
        ? "http://localhost/track"
        : `http://localhost/track?${new URLSearchParams({ number })}`,
  });

describe("GET /track", () => {
  it("shows the empty form without a number", async () => {
    const page = await lookup();
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ input: "", error: null });
  });

  it("redirects a known number to its page, however it was typed", async () => {
    const { trackingNumber: n } = (await createParcel({ orderId: "ord_lookup" })).shipment;
    const typed = [
      n,
      n.toLowerCase(),
      ` ${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6, 10)} ${n.slice(10, 11)} ${n.slice(11)} `,
      `${n.slice(0, 6)}-${n.slice(6)}`.toLowerCase(),
    ];
    for (const t of typed) {
      const res = await lookup(t);
      expect(res.status, t).toBe(302);
      expect(res.headers.get("Location")).toBe(`/track/${n}`);
    }
  });

  it("answers 404 for a well-formed number with no parcel, keeping what was typed", async () => {
    await createParcel({ orderId: "ord_lookup" });
    const res = await lookup("ea 1000 0014 0 cn");
    expect(res.status).toBe(404);
    expect(res.data).toEqual({
      locale: "zh",
      input: "ea 1000 0014 0 cn",
      error: "unknown",
      trackingNumber: "EA100000140CN",
      retryAfterSeconds: 0,
    });
  });

  it("answers 422 for what is not a tracking number, or has a wrong check digit, keeping the input", async () => {
    const { trackingNumber: n } = (await createParcel({ orderId: "ord_lookup" })).shipment;
    const wrongDigit = n.slice(0, 10) + ((Number(n[10]) + 1) % 10) + n.slice(11);
    const cases: Array<[string, string]> = [
      ["", "empty"],
      ["  - ", "empty"],
      ["hello", "malformed"],
      ["EA12345678CN", "malformed"],
      [`${n}X`, "malformed"],
      ["<script>", "malformed"],
      [wrongDigit, "check_digit"],
    ];
    for (const [typed, error] of cases) {
      const res = await lookup(typed);
      expect(res.status, typed).toBe(422);
      expect(res.data, typed).toMatchObject({ input: typed, error });
    }
  });

  it("refuses an over-long query with 422 without looking it up, and keeps a readable part", async () => {
    const res = await lookup("E".repeat(5000));
    expect(res.status).toBe(422);
    expect(res.data.error).toBe("malformed");
    expect(res.data.input).toHaveLength(100);
  });
});

type ParcelPage = {
  shipment: { trackingNumber: string } | null;
  refused: { input: string; error: string; trackingNumber: string } | null;
};
const parcelPage = (n: string) =>
  callRoute<ParcelPage>(parcelRoute.loader, {
    url: `http://localhost/track/${encodeURIComponent(n)}`,
    params: { trackingNumber: n },
  });

describe("GET /track/:trackingNumber with a number that finds no parcel", () => {
  it("answers with the lookup form's data and what is wrong, not the store's 404", async () => {
    const { trackingNumber: n } = (await createParcel({ orderId: "ord_lookup" })).shipment;
    const wrongDigit = n.slice(0, 10) + ((Number(n[10]) + 1) % 10) + n.slice(11);
    const cases: Array<[string, number, string]> = [
      ["EA1234", 400, "malformed"],
      ["<script>", 400, "malformed"],
      ["E".repeat(500), 400, "malformed"],
      [wrongDigit, 400, "check_digit"],
      ["EA100000140CN", 404, "unknown"],
    ];
    for (const [typed, status, error] of cases) {
      const res = await parcelPage(typed);
      expect(res.status, typed).toBe(status);
      expect(res.data.shipment, typed).toBeNull();
      expect(res.data.refused, typed).toMatchObject({ input: typed.slice(0, 100), error });
    }
    const shown = await parcelPage(n);
    expect(shown.status).toBe(200);
    expect(shown.data).toMatchObject({ shipment: { trackingNumber: n }, refused: null });
  });
});
