import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels, variants } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { bulkSave, type BulkRow } from "../factories/admin-world";
import { signedInUser } from "../factories/users";
import { callRoute } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";
import * as bulkRoute from "~/routes/admin.products.bulk";

withTestDatabase();

const U = "http://localhost/admin/products/bulk";

async function setup() {
  const a = await createCooperative();
  const { variants: vs } = await createProduct({
    cooperativeId: a.id,
    variants: [
      { stock: 5, priceFen: 3990 },
      { stock: 8, priceFen: 6990, compareAtFen: 8800 },
      { stock: 0, priceFen: 1000 },
    ],
  });
  const owner = await signedInUser({ memberOf: [{ cooperativeId: a.id }] });
  return { vs, owner };
}

async function state() {
  const vs = await db()
    .select({ id: variants.id, price: variants.priceFen, cmp: variants.compareAtFen })
    .from(variants)
    .orderBy(asc(variants.id));
  const ls = await db()
    .select({ id: inventoryLevels.variantId, a: inventoryLevels.available })
    .from(inventoryLevels)
    .orderBy(asc(inventoryLevels.variantId));
  const [l] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryLedger);
  return { vs, ls, ledger: l!.n };
}

describe("bulk edit", () => {
  it("saves prices and stock of many rows at once and records the stock changes", async () => {
    const { vs, owner } = await setup();
    const res = await bulkSave(owner.cookie, [
      { id: vs[0]!.id, price: "35.5", compareAt: "39.90", available: "5", expected: "5" },
      { id: vs[1]!.id, price: "69.90", compareAt: "88.00", available: "20", expected: "8" },
      { id: vs[2]!.id, price: "10", compareAt: "", available: "3", expected: "0" },
    ]);
    expect(res).toEqual({ status: 200, data: { ok: true, prices: 1, stock: 2 } });
    const s = await state();
    expect(s.vs.find((v) => v.id === vs[0]!.id)).toMatchObject({ price: 3550, cmp: 3990 });
    expect(Object.fromEntries(s.ls.map((l) => [l.id, l.a]))).toMatchObject({
      [vs[1]!.id]: 20,
      [vs[2]!.id]: 3,
    });
    const ledger = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.variantId, vs[1]!.id));
    expect(ledger).toMatchObject([
      { availableDelta: 12, actor: owner.user.email, reason: "批量编辑" },
    ]);
  });

  it("changes nothing when one row is bad, with the error beside each bad field", async () => {
    const { vs, owner } = await setup();
    const before = await state();
    const res = await bulkSave(owner.cookie, [
      { id: vs[0]!.id, price: "30.00", compareAt: "", available: "50", expected: "5" },
      { id: vs[1]!.id, price: "69.999", compareAt: "10.00", available: "-2", expected: "8" },
      { id: vs[2]!.id, price: "12", compareAt: "11", available: "1", expected: "0" },
    ]);
    expect(res.status).toBe(422);
    expect(res.data.errors).toEqual({
      [vs[1]!.id]: { price: { key: "error.price" }, available: { key: "error.available" } },
      [vs[2]!.id]: { compareAt: { key: "error.compareAt" } },
    });
    // The user's input comes back intact.
    expect((res.data.values as Record<string, BulkRow>)[vs[1]!.id]).toMatchObject({
      price: "69.999",
      available: "-2",
    });
    expect(await state()).toEqual(before);
  });

  it("refuses to overwrite stock that moved since the page loaded, and rolls back the prices too", async () => {
    const { vs, owner } = await setup();
    await adjustStock({ variantId: vs[1]!.id, delta: -3, reason: "sold at market", actor: "x" });
    const before = await state();
    const res = await bulkSave(owner.cookie, [
      { id: vs[0]!.id, price: "1.00", compareAt: "", available: "5", expected: "5" },
      { id: vs[1]!.id, price: "69.90", compareAt: "88.00", available: "20", expected: "8" },
    ]);
    expect(res.status).toBe(409);
    expect(res.data.errors).toEqual({
      [vs[1]!.id]: { available: { key: "error.conflict", current: 5 } },
    });
    expect(await state()).toEqual(before);
  });

  it("answers 400 to a malformed form and an unknown intent", async () => {
    const { owner } = await setup();
    const bad = await callRoute(bulkRoute.action, {
      url: U,
      method: "POST",
      cookie: owner.cookie,
      form: { intent: "save" },
    });
    expect(bad.status).toBe(400);
    const unknown = await callRoute(bulkRoute.action, {
      url: U,
      method: "POST",
      cookie: owner.cookie,
      form: { intent: "drop" },
    });
    expect(unknown.status).toBe(400);
  });
});
