import { and, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger } from "../../db/schema";
import { db } from "~/lib/db.server";
import { confirmReservations, reserve, restockReservations } from "~/inventory/reservations.server";
import { loader as dashboardLoader } from "~/routes/admin._index";
import { createOrangesAndGrapes } from "../factories/orders";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";

withTestDatabase();

const DAY = 86_400_000;

/** A paid sale of `quantity` oranges under `ref`, through the inventory module as payment does it. */
async function sell(variantId: string, ref: string, quantity: number) {
  const held = await reserve({
    ref,
    lines: [{ variantId, quantity }],
    expiresAt: new Date(Date.now() + 15 * 60_000),
    actor: "test",
  });
  expect(held.ok).toBe(true);
  expect((await confirmReservations({ ref, actor: "test" })).ok).toBe(true);
}

describe("dashboard: units sold per day", () => {
  it("counts paid sales from the ledger; a later cancellation is taken off the day of the sale, never below zero", async () => {
    const w = await createOrangesAndGrapes();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id }] });
    const variantId = w.oranges.variant.id;
    await sell(variantId, "ord_old", 5);
    await sell(variantId, "ord_today", 4);
    await sell(variantId, "ord_gone", 3);
    // ord_old was paid ten days ago and is cancelled today; ord_gone is paid and cancelled today.
    await db()
      .update(inventoryLedger)
      .set({ createdAt: new Date(Date.now() - 10 * DAY) })
      .where(and(eq(inventoryLedger.ref, "ord_old"), gt(inventoryLedger.soldDelta, 0)));
    await restockReservations({ ref: "ord_old", reason: "cancelled", actor: "test" });
    await restockReservations({ ref: "ord_gone", reason: "cancelled", actor: "test" });

    const res = await callRoute<{ salesByDay: { day: string; units: number }[] }>(
      dashboardLoader as RouteFn,
      { url: "http://localhost/admin", cookie },
    );
    expect(res.status).toBe(200);
    const days = res.data.salesByDay;
    expect(days.every((d) => d.units >= 0)).toBe(true);
    // Counted on the day it was sold, ord_old nets 0 ten days ago (not −5 today), ord_gone 0, ord_today 4.
    expect(days.at(-1)!.units).toBe(4);
    expect(days.at(-11)!.units).toBe(0);
    expect(days.reduce((s, d) => s + d.units, 0)).toBe(4);
  });

  it("a sale ten days ago stays on that day when nothing is cancelled", async () => {
    const w = await createOrangesAndGrapes();
    const { cookie } = await signedInUser({ memberOf: [{ cooperativeId: w.coopA.id }] });
    await sell(w.oranges.variant.id, "ord_a", 6);
    await db()
      .update(inventoryLedger)
      .set({ createdAt: new Date(Date.now() - 10 * DAY) })
      .where(eq(inventoryLedger.ref, "ord_a"));
    await sell(w.oranges.variant.id, "ord_b", 2);
    const res = await callRoute<{ salesByDay: { day: string; units: number }[] }>(
      dashboardLoader as RouteFn,
      { url: "http://localhost/admin", cookie },
    );
    expect(res.data.salesByDay.at(-11)!.units).toBe(6);
    expect(res.data.salesByDay.at(-1)!.units).toBe(2);
  });
});
