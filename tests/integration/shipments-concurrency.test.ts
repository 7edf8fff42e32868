import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { shipments } from "../../db/shipping-schema";
import { db } from "~/lib/db.server";
import { isValidS10 } from "~/shipping/s10";
import { createShipments } from "~/shipping/shipments.server";
import { createCooperative } from "../factories/catalog";
import { RECIPIENT, SENDER } from "../factories/shipments";
import { withTestDatabase } from "../setup/test-db";

const t = withTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "../..");

function expectDistinctValid(numbers: string[], n: number) {
  expect(numbers).toHaveLength(n);
  expect(new Set(numbers).size).toBe(n);
  for (const x of numbers) {
    expect(x).toMatch(/^EA\d{9}CN$/);
    expect(isValidS10(x)).toBe(true);
  }
}

function runWorker(url: string, cooperativeId: string, prefix: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "tests/integration/shipments-concurrency-worker.ts"), url, cooperativeId, prefix, String(count)],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`worker ${prefix} exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as string[]);
    });
  });
}

describe("tracking numbers under concurrency", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "500 shipments from two processes on PostgreSQL get 500 distinct valid numbers (needs DATABASE_URL)",
    async () => {
      const coop = await createCooperative();
      const rows = (await db().execute(sql`select current_database() as name`)) as unknown as { rows: Array<{ name: string }> };
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${rows.rows[0]!.name}`;
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
          items: [{ weightG: 1000, lengthMm: 100, widthMm: 100, heightMm: 100, storage: "ambient", quantity: 1 }],
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
      const rows = (await db().execute(sql`select current_database() as name`)) as unknown as { rows: Array<{ name: string }> };
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${rows.rows[0]!.name}`;
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
