import { describe, expect, it } from "vitest";
import { shipments } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { isValidS10 } from "~/shipping/s10";
import { createShipments } from "~/shipping/shipments.server";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";

const t = withTestDatabase();

function expectDistinctValid(numbers: string[], n: number) {
  expect(numbers).toHaveLength(n);
  expect(new Set(numbers).size).toBe(n);
  for (const x of numbers) {
    expect(x).toMatch(/^EA\d{9}CN$/);
    expect(isValidS10(x)).toBe(true);
  }
}

function runWorker(
  url: string,
  cooperativeId: string,
  prefix: string,
  count: number,
): Promise<string[]> {
  return runWorkerScript({
    script: "tests/integration/shipments-concurrency-worker.ts",
    args: [url, cooperativeId, prefix, String(count)],
    databaseUrl: url,
    label: `worker ${prefix}`,
  });
}

describe("tracking numbers under concurrency", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "500 shipments from two processes on PostgreSQL get 500 distinct valid numbers (needs DATABASE_URL)",
    async () => {
      const coop = await createCooperative();
      const url = await testDatabaseUrl();
      const [a, b] = await Promise.all([
        runWorker(url.toString(), coop.id, "a", 250),
        runWorker(url.toString(), coop.id, "b", 250),
      ]);
      expect(t.handle.kind).toBe("postgres");
      expectDistinctValid([...a, ...b], 500);
      expect(await db().select().from(shipments)).toHaveLength(500);
    },
    180_000,
  );

  it("500 shipments created in parallel in one process get 500 distinct valid numbers", async () => {
    const coop = await createCooperative();
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        createShipments({
          orderId: `p-${i}`,
          cooperativeId: coop.id,
          origin: "36",
          destination: "11",
          sender: SENDER,
          recipient: RECIPIENT,
          items: [
            {
              weightG: 1000,
              lengthMm: 100,
              widthMm: 100,
              heightMm: 100,
              storage: "ambient",
              quantity: 1,
            },
          ],
        }),
      ),
    );
    const numbers = results.flatMap((r) => (r.ok ? r.shipments.map((s) => s.trackingNumber) : []));
    expectDistinctValid(numbers, 500);
  }, 180_000);

  it.skipIf(!process.env.DATABASE_URL)(
    "the same orders submitted from two processes at once create one set each (needs DATABASE_URL)",
    async () => {
      const coop = await createCooperative();
      const url = await testDatabaseUrl();
      // Both processes submit orders same-0 … same-99.
      const [a, b] = await Promise.all([
        runWorker(url.toString(), coop.id, "same", 100),
        runWorker(url.toString(), coop.id, "same", 100),
      ]);
      expect(new Set(a)).toEqual(new Set(b));
      expect(await db().select().from(shipments)).toHaveLength(100);
    },
    180_000,
  );
});
