import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";
import {
  adjustStock,
  applyStockChanges,
  setStock,
  stockHistory,
  StockError,
} from "~/inventory/stock.server";
import { db } from "~/lib/db.server";

const t = withTestDatabase();

async function level(variantId: string) {
  const [row] = await db()
    .select()
    .from(inventoryLevels)
    .where(eq(inventoryLevels.variantId, variantId));
  return row!;
}

async function ledgerSum(variantId: string) {
  const [row] = await db()
    .select({
      sum: sql<number>`coalesce(sum(${inventoryLedger.availableDelta}), 0)`.mapWith(Number),
    })
    .from(inventoryLedger)
    .where(eq(inventoryLedger.variantId, variantId));
  return row!.sum;
}

describe("inventory stock", () => {
  it("adjusts, sets and records who, why and the delta", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 10 }] });
    const v = variants[0]!;
    const a = await adjustStock({
      variantId: v.id,
      delta: 5,
      reason: "Found a crate",
      actor: "a@example.com",
    });
    expect(a).toMatchObject({ available: 15, delta: 5 });
    const s = await setStock({
      variantId: v.id,
      available: 3,
      reason: "Stocktake",
      actor: "b@example.com",
    });
    expect(s).toMatchObject({ available: 3, delta: -12 });
    // Setting the same figure again is not a change and writes no ledger row.
    expect(
      await setStock({
        variantId: v.id,
        available: 3,
        reason: "Stocktake",
        actor: "b@example.com",
      }),
    ).toMatchObject({ delta: 0 });
    const history = await stockHistory({ variantId: v.id });
    expect(history.map((h) => [h.availableDelta, h.reason, h.actor])).toEqual([
      [-12, "Stocktake", "b@example.com"],
      [5, "Found a crate", "a@example.com"],
    ]);
    expect(await stockHistory({ variantId: v.id, before: history[0]!.id })).toHaveLength(1);
  });

  it("never goes below zero and changes nothing when refused", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 2 }] });
    const v = variants[0]!;
    await expect(
      adjustStock({ variantId: v.id, delta: -3, reason: "x", actor: "a" }),
    ).rejects.toMatchObject({
      code: "insufficient",
      current: 2,
    });
    await expect(
      setStock({ variantId: v.id, available: -1, reason: "x", actor: "a" }),
    ).rejects.toBeInstanceOf(StockError);
    await expect(
      adjustStock({ variantId: v.id, delta: 1.5, reason: "x", actor: "a" }),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      adjustStock({ variantId: "var_nope", delta: 1, reason: "x", actor: "a" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await level(v.id)).available).toBe(2);
    expect(await stockHistory({ variantId: v.id })).toHaveLength(0);
  });

  it("refuses a set when stock moved since it was read (expected)", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 7 }] });
    const v = variants[0]!;
    await expect(
      setStock({ variantId: v.id, available: 9, expected: 6, reason: "x", actor: "a" }),
    ).rejects.toMatchObject({
      code: "conflict",
      current: 7,
    });
    expect(
      await setStock({ variantId: v.id, available: 9, expected: 7, reason: "x", actor: "a" }),
    ).toMatchObject({ available: 9 });
  });

  it("applies a batch all or nothing", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 5 }, { stock: 1 }] });
    const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
    await expect(
      applyStockChanges([
        { variantId: a.id, delta: 10, reason: "bulk", actor: "a" },
        { variantId: b.id, delta: -2, reason: "bulk", actor: "a" },
      ]),
    ).rejects.toMatchObject({ code: "insufficient", variantId: b.id });
    expect((await level(a.id)).available).toBe(5);
    expect(await stockHistory({ variantId: a.id })).toHaveLength(0);
    const ok = await applyStockChanges([
      { variantId: b.id, available: 4, reason: "bulk", actor: "a" },
      { variantId: a.id, delta: -5, reason: "bulk", actor: "a" },
    ]);
    expect(ok.map((r) => r.available)).toEqual([4, 0]);
  });

  it("applies repeated changes to one variant in order within a batch", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 1 }] });
    const v = variants[0]!;
    const out = await applyStockChanges([
      { variantId: v.id, delta: -1, reason: "a", actor: "a" },
      { variantId: v.id, available: 10, reason: "b", actor: "a" },
      { variantId: v.id, delta: -4, reason: "c", actor: "a" },
    ]);
    expect(out.map((r) => [r.delta, r.available])).toEqual([
      [-1, 0],
      [10, 10],
      [-4, 6],
    ]);
    await expect(
      applyStockChanges([
        { variantId: v.id, delta: -6, reason: "d", actor: "a" },
        { variantId: v.id, delta: -1, reason: "e", actor: "a" },
      ]),
    ).rejects.toMatchObject({ code: "insufficient", current: 0 });
    expect((await level(v.id)).available).toBe(6);
    expect(await ledgerSum(v.id)).toBe(5);
  });

  it("runs crossing batches in parallel without deadlock or lost updates", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 0 }, { stock: 0 }] });
    const [a, b] = variants.map((v) => v.id) as [string, string];
    await applyStockChanges([
      { variantId: a, available: 100, reason: "count", actor: "s" },
      { variantId: b, available: 100, reason: "count", actor: "s" },
    ]);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        applyStockChanges(
          (i % 2 ? [a, b] : [b, a]).map((variantId) => ({
            variantId,
            delta: -1,
            reason: "cross",
            actor: `b${i}`,
          })),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    for (const id of [a, b]) {
      expect((await level(id)).available).toBe(60);
      expect(await ledgerSum(id)).toBe(60);
    }
  });

  it("gives a variant without a level row one at zero", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 0 }] });
    const v = variants[0]!;
    await db().delete(inventoryLevels).where(eq(inventoryLevels.variantId, v.id));
    expect(await adjustStock({ variantId: v.id, delta: 4, reason: "x", actor: "a" })).toMatchObject(
      { available: 4 },
    );
  });

  it("loses no update and never oversells under parallel adjustments", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 10 }] });
    const v = variants[0]!;
    const start = await level(v.id);
    // 50 increments and 50 decrements racing (20 pool connections on PostgreSQL), then a
    // burst of 40 decrements on what is left: only as many as there is stock may succeed.
    const mixed = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        adjustStock({
          variantId: v.id,
          delta: i % 2 ? -1 : 1,
          reason: "race",
          actor: `actor-${i}`,
        }),
      ),
    );
    const mixedOk = mixed.filter((r) => r.status === "fulfilled").length;
    const afterMixed = await level(v.id);
    const succeededDelta = mixed.reduce(
      (sum, r, i) => sum + (r.status === "fulfilled" ? (i % 2 ? -1 : 1) : 0),
      0,
    );
    expect(afterMixed.available).toBe(start.available + succeededDelta);
    expect(
      mixed.every(
        (r) => r.status === "fulfilled" || (r.reason as StockError).code === "insufficient",
      ),
    ).toBe(true);

    const drain = await Promise.allSettled(
      Array.from({ length: afterMixed.available + 15 }, () =>
        adjustStock({ variantId: v.id, delta: -1, reason: "drain", actor: "d" }),
      ),
    );
    expect(drain.filter((r) => r.status === "fulfilled")).toHaveLength(afterMixed.available);
    expect((await level(v.id)).available).toBe(0);
    // The factory's opening stock has no ledger row; everything since is in the ledger.
    expect(start.available + (await ledgerSum(v.id))).toBe(0);
    expect(await stockHistory({ variantId: v.id, limit: 200 })).toHaveLength(
      mixedOk + afterMixed.available,
    );
    expect(t.handle.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("keeps the ledger equal to the level with parallel sets and adjustments", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 0 }, { stock: 0 }] });
    const ids = variants.map((v) => v.id);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? setStock({ variantId: ids[i % 2]!, available: i, reason: "count", actor: "s" })
          : i % 3 === 1
            ? applyStockChanges([
                { variantId: ids[1]!, delta: 2, reason: "bulk", actor: "b" },
                { variantId: ids[0]!, delta: 2, reason: "bulk", actor: "b" },
              ])
            : adjustStock({ variantId: ids[i % 2]!, delta: 1, reason: "adj", actor: "a" }),
      ),
    );
    for (const id of ids) expect(await ledgerSum(id)).toBe((await level(id)).available);
  });
});
