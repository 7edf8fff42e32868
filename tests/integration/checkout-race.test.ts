import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, orders, payments } from "../../db/orders-schema";
import { db } from "~/lib/db.server";
import { stockInvariant } from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { submitCheckout, type SubmitOutcome } from "~/orders/checkout.server";
import { recordPaymentSucceeded, startPayment } from "~/orders/payment-flow.server";
import { createProduct } from "../factories/catalog";
import { BEIJING, cartWith, newSubmitKey } from "../factories/orders";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";

const t = withTestDatabase();
const SHOPPERS = 200;
const STOCK = 50;

/** A variant with exactly STOCK units, entered through the ledger so the invariant can be checked. */
async function lastUnits() {
  const {
    variants: [v],
  } = await createProduct({ variants: [{ stock: 0, priceFen: 2990 }] });
  await adjustStock({ variantId: v!.id, delta: STOCK, reason: "harvest", actor: "test" });
  // Every shopper put one in the cart while there was stock (the cart holds none).
  const carts: string[] = [];
  for (let i = 0; i < SHOPPERS; i++)
    carts.push(await cartWith([{ variantId: v!.id, quantity: 1 }]));
  return { variantId: v!.id, carts };
}

/** Pays every order won, all at once, and checks: 50 sold, nothing reserved, the ledger balances. */
async function payAllAndCheck(variantId: string, outcomes: SubmitOutcome[]) {
  const won = outcomes.filter((o): o is Extract<SubmitOutcome, { ok: true }> => o.ok);
  expect(won).toHaveLength(STOCK);
  expect(outcomes.filter((o) => !o.ok && o.error === "sold_out")).toHaveLength(SHOPPERS - STOCK);
  expect(
    outcomes.every(
      (o) => o.ok || (o.error === "sold_out" && o.variantId === variantId && o.available === 0),
    ),
  ).toBe(true);
  expect(await stockInvariant({ variantId })).toMatchObject({
    level: { available: 0, reserved: STOCK, sold: 0 },
    balanced: true,
  });
  const [n] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(orders);
  expect(n!.n).toBe(STOCK);

  for (const o of won) {
    const started = await startPayment({ orderId: o.orderId, origin: "http://shop.test" });
    expect(started.ok).toBe(true);
  }
  const rows = await db().select().from(payments);
  const paid = await Promise.all(
    rows.map((p) =>
      recordPaymentSucceeded({
        provider: "simulated",
        providerRef: p.providerRef!,
        amountFen: p.amountFen,
        actor: "simulated",
      }),
    ),
  );
  expect(paid.every((r) => r.ok && r.outcome === "paid")).toBe(true);
  const inv = await stockInvariant({ variantId });
  expect(inv).toMatchObject({
    level: { available: 0, reserved: 0, sold: STOCK },
    reservations: { held: 0, confirmed: STOCK },
    balanced: true,
  });
  expect(inv.ledger).toEqual({ available: 0, reserved: 0, sold: STOCK });
  const shipJobs = await db().select().from(jobs).where(eq(jobs.kind, "create_shipments"));
  expect(shipJobs).toHaveLength(STOCK);
  expect((await db().select().from(orders)).every((o) => o.status === "paid")).toBe(true);
}

describe("200 shoppers race for the last 50 units", () => {
  it("in one process: exactly 50 orders, 150 told sold out; paying all 50 sells 50 and the ledger balances", async () => {
    const { variantId, carts } = await lastUnits();
    const outcomes = await Promise.all(
      carts.map((cartId, i) =>
        submitCheckout({
          cartId,
          submitKey: newSubmitKey(),
          contact: { email: `s${i}@example.com` },
          address: BEIJING,
          ambientService: "express",
        }),
      ),
    );
    await payAllAndCheck(variantId, outcomes);
  }, 180_000);

  it.skipIf(!process.env.DATABASE_URL)(
    "from two app processes on PostgreSQL: exactly 50 orders, 150 sold out, 50 sold after payment (needs DATABASE_URL)",
    async () => {
      expect(t.handle.kind).toBe("postgres");
      const { variantId, carts } = await lastUnits();
      const url = await testDatabaseUrl();
      const half = SHOPPERS / 2;
      const [a, b] = await Promise.all([
        runWorker(url.toString(), carts.slice(0, half)),
        runWorker(url.toString(), carts.slice(half)),
      ]);
      await payAllAndCheck(variantId, [...a, ...b]);
    },
    180_000,
  );
});

function runWorker(url: string, carts: string[]): Promise<SubmitOutcome[]> {
  return runWorkerScript({
    script: "tests/integration/checkout-race-worker.ts",
    args: [url, carts.join(",")],
    databaseUrl: url,
  });
}
