import { describe, expect, it } from "vitest";
import { createProduct } from "../factories/catalog";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";
import { drawOfferStock, offerInvariant } from "~/inventory/offer-pools.server";
import {
  confirmReservations,
  releaseReservations,
  reserve,
  restockReservations,
  stockInvariant,
} from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { createCappedOffer, endOffer } from "~/offers/offers.server";

const t = withTestDatabase();
const LATER = new Date(Date.now() + 15 * 60_000);
const actor = "race";
const STOCK = 80;
const CAP = 50;

/** A variant with STOCK units, CAP of them drawn into a flash offer. */
async function flashOffer() {
  const { variants } = await createProduct({ variants: [{ stock: 0 }] });
  const variantId = variants[0]!.id;
  await adjustStock({ variantId, delta: STOCK, reason: "opening", actor });
  const created = await createCappedOffer({
    variantId,
    kind: "flash",
    priceFen: 990,
    cap: CAP,
    actor,
  });
  if (!created.ok) throw new Error(created.error);
  return { variantId, offerId: created.offer.id };
}

/** cap = available + reserved + sold for the offer and initial = … for the variant, both exact. */
async function expectBooks(variantId: string, offerId: string) {
  const offer = await offerInvariant({ offerId });
  expect(offer.balanced, JSON.stringify(offer)).toBe(true);
  const variant = await stockInvariant({ variantId });
  expect(variant.balanced, JSON.stringify(variant)).toBe(true);
  expect(variant.level.available + variant.level.reserved + variant.level.sold).toBe(STOCK);
  // The offer never took more than its cap, and the rest of the variant was never touched.
  expect(variant.level.available).toBe(STOCK - CAP);
  return offer.level;
}

type WorkerResult = { ok: string[]; refused: Record<string, number> };

describe("a capped offer under concurrency", () => {
  it(`200 simultaneous one-unit reservations under a ${CAP}-unit cap: exactly ${CAP} held, the rest sold out`, async () => {
    const { variantId, offerId } = await flashOffer();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserve({
          ref: `claim-${i}`,
          lines: [{ variantId, offerId, quantity: 1 }],
          expiresAt: LATER,
          actor,
        }),
      ),
    );
    const ok = results.flatMap((r, i) => (r.ok ? [`claim-${i}`] : []));
    expect(ok).toHaveLength(CAP);
    expect(results.filter((r) => !r.ok && r.error === "sold_out")).toHaveLength(200 - CAP);
    expect(await expectBooks(variantId, offerId)).toEqual({
      cap: CAP,
      available: 0,
      reserved: CAP,
      sold: 0,
    });
    const confirmed = await Promise.all(ok.map((ref) => confirmReservations({ ref, actor })));
    expect(confirmed.every((r) => r.ok && r.confirmed === 1)).toBe(true);
    expect(await expectBooks(variantId, offerId)).toEqual({
      cap: CAP,
      available: 0,
      reserved: 0,
      sold: CAP,
    });
  }, 120_000);

  it("settling holds while the pool is topped up and then closed keeps both books exact, with no deadlock and no units stranded", async () => {
    const { variants } = await createProduct({ variants: [{ stock: 0 }, { stock: 0 }] });
    const [v, w] = variants.map((x) => x.id) as [string, string];
    await adjustStock({ variantId: v, delta: 200, reason: "opening", actor });
    await adjustStock({ variantId: w, delta: 50, reason: "opening", actor });
    const created = await createCappedOffer({
      variantId: v,
      kind: "flash",
      priceFen: 990,
      cap: 60,
      actor,
    });
    if (!created.ok) throw new Error(created.error);
    const offerId = created.offer.id;
    // Orders mixing the pool, the same variant's standard offer and another variant (two lock kinds each).
    const refs = Array.from({ length: 40 }, (_, i) => `mix-${i}`);
    for (const ref of refs) {
      const held = await reserve({
        ref,
        lines: [
          { variantId: v, offerId, quantity: 1 },
          { variantId: v, quantity: 1 },
          { variantId: w, quantity: 1 },
        ],
        expiresAt: LATER,
        actor,
      });
      expect(held.ok).toBe(true);
    }
    await Promise.all(refs.slice(0, 10).map((ref) => confirmReservations({ ref, actor })));
    const settled = await Promise.all([
      ...refs.slice(10, 25).map((ref) => confirmReservations({ ref, actor })),
      ...refs.slice(25).map((ref) => releaseReservations({ ref, reason: "expired", actor })),
      ...refs.slice(0, 10).map((ref) => restockReservations({ ref, reason: "cancelled", actor })),
      ...Array.from({ length: 5 }, () => drawOfferStock({ offerId, quantity: 4, actor })),
      endOffer({ offerId, actor }),
      adjustStock({ variantId: w, delta: 5, reason: "found", actor }),
    ]);
    expect(settled).toHaveLength(15 + 15 + 10 + 5 + 2);
    const offer = await offerInvariant({ offerId });
    expect(offer.balanced, JSON.stringify(offer)).toBe(true);
    // Closed: only the 15 confirmed units stay the offer's; every other unit is the variant's again.
    expect(offer.level).toEqual({ cap: 15, available: 0, reserved: 0, sold: 15 });
    for (const [variantId, initial] of [
      [v, 200],
      [w, 55],
    ] as const) {
      const s = await stockInvariant({ variantId });
      expect(s.balanced, JSON.stringify(s)).toBe(true);
      expect(s.level.available + s.level.reserved + s.level.sold).toBe(initial);
      expect(s.level.reserved).toBe(0);
    }
    expect((await stockInvariant({ variantId: v })).level.sold).toBe(30);
  }, 120_000);

  it.skipIf(!process.env.DATABASE_URL)(
    "the same race from two processes on PostgreSQL: 100 calls each, exactly the cap held (needs DATABASE_URL)",
    async () => {
      expect(t.handle.kind).toBe("postgres");
      const { variantId, offerId } = await flashOffer();
      const url = (await testDatabaseUrl()).toString();
      const run = (prefix: string) =>
        runWorkerScript<WorkerResult>({
          script: "tests/integration/inventory-race-worker.ts",
          args: [url, variantId, prefix, "100", offerId],
          databaseUrl: url,
          label: `worker ${prefix}`,
        });
      const [a, b] = await Promise.all([run("a"), run("b")]);
      expect(a.ok.length + b.ok.length).toBe(CAP);
      expect(Object.keys({ ...a.refused, ...b.refused })).toEqual(["sold_out"]);
      expect(await expectBooks(variantId, offerId)).toEqual({
        cap: CAP,
        available: 0,
        reserved: CAP,
        sold: 0,
      });
    },
    180_000,
  );
});
