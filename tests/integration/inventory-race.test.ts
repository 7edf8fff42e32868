import { describe, expect, it } from "vitest";
import { inventoryReservations } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { runWorkerScript, testDatabaseUrl } from "../setup/processes";
import { withTestDatabase } from "../setup/test-db";
import {
  confirmReservations,
  releaseReservations,
  reserve,
  reserveBatch,
  restockReservations,
  stockInvariant,
} from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";

const t = withTestDatabase();
const LATER = new Date(Date.now() + 15 * 60_000);
const actor = "race";

async function stocked(...amounts: number[]): Promise<string[]> {
  const { variants } = await createProduct({ variants: amounts.map(() => ({ stock: 0 })) });
  for (const [i, v] of variants.entries())
    await adjustStock({ variantId: v.id, delta: amounts[i]!, reason: "opening", actor });
  return variants.map((v) => v.id);
}

async function expectBalanced(variantId: string, initial: number) {
  const s = await stockInvariant({ variantId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  expect(s.level.available + s.level.reserved + s.level.sold).toBe(initial);
  // Nothing sells except through a confirmed reservation here.
  expect(s.reservations.confirmed).toBe(s.level.sold);
  return s.level;
}

async function confirmAll(refs: string[]) {
  const results = await Promise.all(refs.map((ref) => confirmReservations({ ref, actor })));
  expect(results.every((r) => r.ok && r.confirmed === 1)).toBe(true);
}

type WorkerResult = { ok: string[]; refused: Record<string, number> };

function runWorker(
  url: string,
  variantId: string,
  prefix: string,
  count: number,
): Promise<WorkerResult> {
  return runWorkerScript({
    script: "tests/integration/inventory-race-worker.ts",
    args: [url, variantId, prefix, String(count)],
    databaseUrl: url,
    label: `worker ${prefix}`,
  });
}
/** Small deterministic PRNG so a failing storm can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("reservations under concurrency", () => {
  it("200 simultaneous one-unit reservations for 50 units: exactly 50 held, 150 sold out, all 50 confirmable", async () => {
    const [v] = await stocked(50);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserve({
          ref: `race-${i}`,
          lines: [{ variantId: v!, quantity: 1 }],
          expiresAt: LATER,
          actor,
        }),
      ),
    );
    const ok = results.flatMap((r, i) => (r.ok ? [`race-${i}`] : []));
    expect(ok).toHaveLength(50);
    expect(results.filter((r) => !r.ok && r.error === "sold_out")).toHaveLength(150);
    expect(await expectBalanced(v!, 50)).toEqual({ available: 0, reserved: 50, sold: 0 });
    await confirmAll(ok);
    expect(await expectBalanced(v!, 50)).toEqual({ available: 0, reserved: 0, sold: 50 });
  }, 120_000);

  it("batches and single reservations racing for 120 units grant exactly 120", async () => {
    const [v] = await stocked(120);
    const batches = Array.from({ length: 10 }, (_, b) =>
      reserveBatch({
        variantId: v!,
        requests: Array.from({ length: 20 }, (_, i) => ({ ref: `rb-${b}-${i}`, quantity: 1 })),
        expiresAt: LATER,
        actor,
      }),
    );
    const singles = Array.from({ length: 50 }, (_, i) =>
      reserve({ ref: `rs-${i}`, lines: [{ variantId: v!, quantity: 1 }], expiresAt: LATER, actor }),
    );
    const [b, s] = await Promise.all([Promise.all(batches), Promise.all(singles)]);
    expect(b.flat().filter((r) => r.ok).length + s.filter((r) => r.ok).length).toBe(120);
    expect(await expectBalanced(v!, 120)).toEqual({ available: 0, reserved: 120, sold: 0 });
  }, 120_000);

  it("the same ref submitted 20 times at once holds once, and every call gets the same holds", async () => {
    const [a, b] = await stocked(10, 10);
    const lines = [
      { variantId: a!, quantity: 2 },
      { variantId: b!, quantity: 3 },
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        reserve({ ref: "double-submit", lines, expiresAt: LATER, actor }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await expectBalanced(a!, 10)).toEqual({ available: 8, reserved: 2, sold: 0 });
    expect(await expectBalanced(b!, 10)).toEqual({ available: 7, reserved: 3, sold: 0 });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "the same race from two processes on PostgreSQL: 100 calls each, 50 units, exactly 50 held (needs DATABASE_URL)",
    async () => {
      expect(t.handle.kind).toBe("postgres");
      const [v] = await stocked(50);
      const url = await testDatabaseUrl();
      const [a, b] = await Promise.all([
        runWorker(url.toString(), v!, "a", 100),
        runWorker(url.toString(), v!, "b", 100),
      ]);
      expect(a.ok.length + b.ok.length).toBe(50);
      expect((a.refused.sold_out ?? 0) + (b.refused.sold_out ?? 0)).toBe(150);
      expect(Object.keys({ ...a.refused, ...b.refused })).toEqual(["sold_out"]);
      expect(await expectBalanced(v!, 50)).toEqual({ available: 0, reserved: 50, sold: 0 });
      await confirmAll([...a.ok, ...b.ok]);
      expect(await expectBalanced(v!, 50)).toEqual({ available: 0, reserved: 0, sold: 50 });
    },
    180_000,
  );

  it("a mixed storm of reserve, batch, confirm, release and restock on two variants keeps the books exact", async () => {
    const initial = [120, 80];
    const ids = await stocked(...initial);
    const rand = prng(20_261_123);
    const refs: string[] = [];
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const granted = new Set<string>(); // "ref|variant" pairs the calls said they hold
    const seen = {
      reserveOk: 0,
      reserveRefused: 0,
      batchOk: 0,
      batchRefused: 0,
      confirmed: 0,
      confirmRefused: 0,
      released: 0,
      restocked: 0,
    };
    // Planned up front so every lane's script is fixed by the seed; refs exist before lanes touch them.
    const ops = Array.from({ length: 600 }, (_, n) => {
      const roll = rand();
      if (roll < 0.35) {
        const lines = ids
          .filter(() => rand() < 0.7)
          .map((variantId) => ({ variantId, quantity: 1 + Math.floor(rand() * 3) }));
        // Mostly new refs; some replay an earlier one (a retried submit).
        const ref = roll < 0.3 || !refs.length ? `s-${n}` : pick(refs);
        refs.push(ref);
        return {
          kind: "reserve" as const,
          ref,
          lines: lines.length ? lines : [{ variantId: ids[0]!, quantity: 1 }],
        };
      }
      if (roll < 0.45) {
        const requests = Array.from({ length: 2 + Math.floor(rand() * 7) }, (_, i) => ({
          ref: `sb-${n}-${i}`,
          quantity: 1 + Math.floor(rand() * 2),
        }));
        refs.push(...requests.map((r) => r.ref));
        return { kind: "batch" as const, variantId: pick(ids), requests };
      }
      const kind =
        roll < 0.65
          ? ("confirm" as const)
          : roll < 0.88
            ? ("release" as const)
            : ("restock" as const);
      return {
        kind,
        ref: refs.length ? pick(refs) : "none",
        only: rand() < 0.3 ? [ids[0]!] : undefined,
      };
    });
    const lanes = 12;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < ops.length; i += lanes) {
          const op = ops[i]!;
          if (op.kind === "reserve") {
            const r = await reserve({ ref: op.ref, lines: op.lines, expiresAt: LATER, actor });
            if (!r.ok) seen.reserveRefused++;
            else {
              seen.reserveOk++;
              for (const x of r.reservations) granted.add(`${op.ref}|${x.variantId}`);
            }
          } else if (op.kind === "batch") {
            for (const r of await reserveBatch({
              variantId: op.variantId,
              requests: op.requests,
              expiresAt: LATER,
              actor,
            })) {
              if (!r.ok) seen.batchRefused++;
              else {
                seen.batchOk++;
                granted.add(`${r.ref}|${op.variantId}`);
              }
            }
          } else if (op.kind === "confirm") {
            const r = await confirmReservations({ ref: op.ref, actor });
            if (r.ok) seen.confirmed += r.confirmed;
            else seen.confirmRefused++;
          } else if (op.kind === "release") {
            seen.released += (
              await releaseReservations({ ref: op.ref, reason: "storm", actor })
            ).released;
          } else {
            seen.restocked += (
              await restockReservations({
                ref: op.ref,
                variantIds: op.only,
                reason: "storm",
                actor,
              })
            ).restocked;
          }
        }
      }),
    );
    // Every kind of movement happened, including refusals, so the storm exercised the contended paths.
    for (const [k, n] of Object.entries(seen))
      if (k !== "confirmRefused") expect(n, k).toBeGreaterThan(0);
    for (const [i, id] of ids.entries()) {
      const level = await expectBalanced(id, initial[i]!);
      expect(Math.min(level.available, level.reserved, level.sold)).toBeGreaterThanOrEqual(0);
    }
    const rows = await db().select().from(inventoryReservations);
    expect(new Set(rows.map((r) => `${r.ref}|${r.variantId}`))).toEqual(granted);
  }, 180_000);
});
