import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryLevels } from "../../db/schema";
import { createCooperative, createProduct } from "../factories/catalog";
import { signedInUser } from "../factories/users";
import { callRoute, type RouteFn } from "../setup/routes";
import { withTestDatabase } from "../setup/test-db";
import { db } from "~/lib/db.server";
import * as stockRoute from "~/routes/admin.stock._index";

withTestDatabase();

const U = "http://localhost";

/** The status Remix would answer (callRoute maps any non-Response throw to 500). */
const statusOf = async (fn: RouteFn, request: Request, params: Record<string, string> = {}) =>
  (await callRoute(fn, { request, params })).status;

function post(url: string, cookie: string, form: Record<string, string>) {
  return new Request(url, {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams(form),
  });
}

async function ownerWithStock(stock = 5) {
  const coop = await createCooperative();
  const product = await createProduct({ cooperativeId: coop.id, variants: [{ stock }] });
  const owner = await signedInUser({ memberOf: [{ cooperativeId: coop.id, role: "owner" }] });
  return { coop, variant: product.variants[0]!, owner };
}

describe("review: a stock adjustment past the 32-bit column is refused, not a 500", () => {
  it("answers 4xx and changes nothing", async () => {
    const { owner, variant } = await ownerWithStock();
    // Reachable by ~215 adjustments of the largest allowed delta; set directly to keep the test fast.
    await db()
      .update(inventoryLevels)
      .set({ available: 2_140_000_000 })
      .where(eq(inventoryLevels.variantId, variant.id));
    const ledgerBefore = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.variantId, variant.id));
    const status = await statusOf(
      stockRoute.action,
      post(`${U}/admin/stock`, owner.cookie, {
        intent: "adjust",
        variantId: variant.id,
        delta: "+10000000",
        reason: "delivery",
      }),
    );
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    const [level] = await db()
      .select()
      .from(inventoryLevels)
      .where(eq(inventoryLevels.variantId, variant.id));
    expect(level!.available).toBe(2_140_000_000);
    const ledgerAfter = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.variantId, variant.id));
    expect(ledgerAfter.length).toBe(ledgerBefore.length);
  });
});
