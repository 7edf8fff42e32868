import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inventoryLedger, inventoryReservations } from "../../db/schema";
import { createProduct } from "../factories/catalog";
import { withTestDatabase } from "../setup/test-db";
import {
  confirmReservations,
  expiredHolds,
  releaseReservations,
  reserve,
  reserveBatch,
  restockReservations,
  stockInvariant,
} from "~/inventory/reservations.server";
import { adjustStock } from "~/inventory/stock.server";
import { db } from "~/lib/db.server";

withTestDatabase();

const LATER = new Date(Date.now() + 15 * 60_000);
const actor = "test";

/** Variants whose opening stock went through the ledger, so the invariant can be checked exactly. */
async function stocked(...amounts: number[]): Promise<string[]> {
  const { variants } = await createProduct({ variants: amounts.map(() => ({ stock: 0 })) });
  for (const [i, v] of variants.entries()) {
    if (amounts[i]! > 0)
      await adjustStock({ variantId: v.id, delta: amounts[i]!, reason: "opening", actor });
  }
  return variants.map((v) => v.id);
}

async function levels(variantId: string, initial: number) {
  const s = await stockInvariant({ variantId });
  expect(s.balanced, JSON.stringify(s)).toBe(true);
  expect(s.level.available + s.level.reserved + s.level.sold).toBe(initial);
  return s.level;
}

async function writes(): Promise<number> {
  const [a] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryLedger);
  const [b] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(inventoryReservations);
  return a!.n + b!.n;
}

describe("reserve", () => {
  it("holds stock for a ref across lines, with ledger rows carrying the ref; a replay returns the same holds", async () => {
    const [a, b] = await stocked(10, 5);
    const first = await reserve({
      ref: "ord_1",
      lines: [
        { variantId: a!, quantity: 3 },
        { variantId: b!, quantity: 5 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(first.ok).toBe(true);
    expect(await levels(a!, 10)).toEqual({ available: 7, reserved: 3, sold: 0 });
    expect(await levels(b!, 5)).toEqual({ available: 0, reserved: 5, sold: 0 });
    const ledger = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.ref, "ord_1"));
    expect(ledger.map((l) => [l.availableDelta, l.reservedDelta, l.soldDelta]).sort()).toEqual([
      [-3, 3, 0],
      [-5, 5, 0],
    ]);

    const again = await reserve({
      ref: "ord_1",
      lines: [
        { variantId: a!, quantity: 3 },
        { variantId: b!, quantity: 5 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(again).toEqual(first);
    expect(await levels(a!, 10)).toEqual({ available: 7, reserved: 3, sold: 0 });
  });

  it("is all or nothing: a short second line leaves the first untouched and says what is left", async () => {
    const [a, b] = await stocked(10, 2);
    const before = await writes();
    const out = await reserve({
      ref: "ord_2",
      lines: [
        { variantId: a!, quantity: 4 },
        { variantId: b!, quantity: 3 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(out).toEqual({ ok: false, error: "insufficient", variantId: b!, available: 2 });
    expect(await writes()).toBe(before);
    expect(await levels(a!, 10)).toEqual({ available: 10, reserved: 0, sold: 0 });
    expect(await levels(b!, 2)).toEqual({ available: 2, reserved: 0, sold: 0 });
  });

  it("says sold_out at zero and not_found for an unknown variant, writing nothing", async () => {
    const [a, b] = await stocked(3, 0);
    const before = await writes();
    expect(
      await reserve({
        ref: "r",
        lines: [
          { variantId: a!, quantity: 1 },
          { variantId: b!, quantity: 1 },
        ],
        expiresAt: LATER,
        actor,
      }),
    ).toEqual({
      ok: false,
      error: "sold_out",
      variantId: b!,
      available: 0,
    });
    expect(
      await reserve({
        ref: "r",
        lines: [
          { variantId: a!, quantity: 1 },
          { variantId: "var_nope", quantity: 1 },
        ],
        expiresAt: LATER,
        actor,
      }),
    ).toEqual({
      ok: false,
      error: "not_found",
      variantId: "var_nope",
      available: 0,
    });
    expect(await writes()).toBe(before);
    expect(await levels(a!, 3)).toEqual({ available: 3, reserved: 0, sold: 0 });
  });

  it("refuses bad input with an error and no writes", async () => {
    const [a] = await stocked(5);
    const before = await writes();
    const line = (quantity: number) => [{ variantId: a!, quantity }];
    for (const bad of [
      { ref: "r", lines: line(0), expiresAt: LATER, actor },
      { ref: "r", lines: line(-1), expiresAt: LATER, actor },
      { ref: "r", lines: line(1.5), expiresAt: LATER, actor },
      { ref: "r", lines: line(Number.NaN), expiresAt: LATER, actor },
      { ref: "", lines: line(1), expiresAt: LATER, actor },
      { ref: "r", lines: [], expiresAt: LATER, actor },
      { ref: "r", lines: line(1), expiresAt: new Date("nope"), actor },
      { ref: "r", lines: line(1), expiresAt: LATER, actor: " " },
    ]) {
      await expect(reserve(bad), JSON.stringify(bad)).rejects.toMatchObject({ code: "invalid" });
    }
    await expect(
      reserveBatch({
        variantId: a!,
        requests: [{ ref: "x", quantity: 0 }],
        expiresAt: LATER,
        actor,
      }),
    ).rejects.toMatchObject({ code: "invalid" });
    await expect(
      reserveBatch({
        variantId: "var_nope",
        requests: [{ ref: "x", quantity: 1 }],
        expiresAt: LATER,
        actor,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(confirmReservations({ ref: "", actor })).rejects.toMatchObject({
      code: "invalid",
    });
    await expect(releaseReservations({ ref: "r", reason: "", actor })).rejects.toMatchObject({
      code: "invalid",
    });
    expect(await writes()).toBe(before);
    expect(await levels(a!, 5)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it("merges two lines for one variant into one hold", async () => {
    const [a] = await stocked(5);
    const out = await reserve({
      ref: "m",
      lines: [
        { variantId: a!, quantity: 2 },
        { variantId: a!, quantity: 1 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(out).toMatchObject({ ok: true, reservations: [{ variantId: a!, quantity: 3 }] });
    expect(await levels(a!, 5)).toEqual({ available: 2, reserved: 3, sold: 0 });
  });

  it("runs inside the caller's transaction: rolled back with it, and a refusal does not spoil it", async () => {
    const [a, b] = await stocked(4, 1);
    await expect(
      db().transaction(async (tx) => {
        expect(
          (
            await reserve({
              ref: "t1",
              lines: [{ variantId: a!, quantity: 2 }],
              expiresAt: LATER,
              actor,
              tx,
            })
          ).ok,
        ).toBe(true);
        throw new Error("payment failed");
      }),
    ).rejects.toThrow("payment failed");
    expect(await levels(a!, 4)).toEqual({ available: 4, reserved: 0, sold: 0 });

    await db().transaction(async (tx) => {
      const refused = await reserve({
        ref: "t2",
        lines: [
          { variantId: a!, quantity: 1 },
          { variantId: b!, quantity: 2 },
        ],
        expiresAt: LATER,
        actor,
        tx,
      });
      expect(refused).toMatchObject({ ok: false, error: "insufficient", variantId: b! });
      expect(
        (
          await reserve({
            ref: "t3",
            lines: [{ variantId: a!, quantity: 1 }],
            expiresAt: LATER,
            actor,
            tx,
          })
        ).ok,
      ).toBe(true);
    });
    expect(await levels(a!, 4)).toEqual({ available: 3, reserved: 1, sold: 0 });
    expect(await levels(b!, 1)).toEqual({ available: 1, reserved: 0, sold: 0 });
  });
});

describe("confirm, release, restock", () => {
  it("confirms held stock as sold once, however often it is called", async () => {
    const [a, b] = await stocked(5, 5);
    await reserve({
      ref: "c",
      lines: [
        { variantId: a!, quantity: 2 },
        { variantId: b!, quantity: 1 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(await confirmReservations({ ref: "c", actor })).toEqual({ ok: true, confirmed: 2 });
    expect(await confirmReservations({ ref: "c", actor })).toEqual({ ok: true, confirmed: 0 });
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect(await levels(b!, 5)).toEqual({ available: 4, reserved: 0, sold: 1 });
    // Released after confirming: nothing is held any more, so nothing moves.
    expect(await releaseReservations({ ref: "c", reason: "expired", actor })).toEqual({
      released: 0,
    });
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it("two confirms of one ref at the same moment move the stock once", async () => {
    const [a] = await stocked(5);
    await reserve({ ref: "cc", lines: [{ variantId: a!, quantity: 2 }], expiresAt: LATER, actor });
    const both = await Promise.all([
      confirmReservations({ ref: "cc", actor }),
      confirmReservations({ ref: "cc", actor }),
    ]);
    expect(both.map((r) => (r.ok ? r.confirmed : -1)).sort()).toEqual([0, 1]);
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it("releases a hold back to available, once; release racing confirm: exactly one wins", async () => {
    const [a] = await stocked(5);
    await reserve({ ref: "r1", lines: [{ variantId: a!, quantity: 2 }], expiresAt: LATER, actor });
    expect(await releaseReservations({ ref: "r1", reason: "expired", actor })).toEqual({
      released: 1,
    });
    expect(await releaseReservations({ ref: "r1", reason: "expired", actor })).toEqual({
      released: 0,
    });
    expect(await levels(a!, 5)).toEqual({ available: 5, reserved: 0, sold: 0 });
    const [ledger] = await db()
      .select()
      .from(inventoryLedger)
      .where(eq(inventoryLedger.reason, "expired"));
    expect(ledger).toMatchObject({ ref: "r1", availableDelta: 2, reservedDelta: -2, soldDelta: 0 });

    await reserve({ ref: "r2", lines: [{ variantId: a!, quantity: 1 }], expiresAt: LATER, actor });
    await Promise.all([
      releaseReservations({ ref: "r2", reason: "expired", actor }),
      confirmReservations({ ref: "r2", actor }),
    ]);
    const l = await levels(a!, 5);
    // Either the release won and confirm took the unit again, or confirm won and release found nothing held.
    expect(l).toEqual({ available: 4, reserved: 0, sold: 1 });
  });

  it("confirm after a lapsed hold takes the stock again when every line can, else refuses and changes nothing", async () => {
    const [a, b] = await stocked(5, 3);
    await reserve({
      ref: "late",
      lines: [
        { variantId: a!, quantity: 2 },
        { variantId: b!, quantity: 2 },
      ],
      expiresAt: LATER,
      actor,
    });
    await releaseReservations({ ref: "late", reason: "expired", actor });
    await reserve({
      ref: "other",
      lines: [{ variantId: b!, quantity: 2 }],
      expiresAt: LATER,
      actor,
    });
    const before = await writes();
    expect(await confirmReservations({ ref: "late", actor })).toEqual({
      ok: false,
      error: "insufficient",
      variantId: b!,
      available: 1,
    });
    expect(await writes()).toBe(before);
    expect(await levels(a!, 5)).toEqual({ available: 5, reserved: 0, sold: 0 });

    await releaseReservations({ ref: "other", reason: "cancelled", actor });
    expect(await confirmReservations({ ref: "late", actor })).toEqual({ ok: true, confirmed: 2 });
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect(await levels(b!, 3)).toEqual({ available: 1, reserved: 0, sold: 2 });
  });

  it("restocks a cancelled paid ref, optionally only some variants, once", async () => {
    const [a, b] = await stocked(5, 5);
    await reserve({
      ref: "p",
      lines: [
        { variantId: a!, quantity: 2 },
        { variantId: b!, quantity: 3 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(await restockReservations({ ref: "p", reason: "cancelled", actor })).toEqual({
      restocked: 0,
    }); // only held: nothing sold yet
    await confirmReservations({ ref: "p", actor });
    expect(
      await restockReservations({
        ref: "p",
        variantIds: [b!],
        reason: "cooperative cancelled",
        actor,
      }),
    ).toEqual({ restocked: 1 });
    expect(
      await restockReservations({
        ref: "p",
        variantIds: [b!],
        reason: "cooperative cancelled",
        actor,
      }),
    ).toEqual({ restocked: 0 });
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect(await levels(b!, 5)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await restockReservations({ ref: "p", reason: "refunded", actor })).toEqual({
      restocked: 1,
    });
    expect(await levels(a!, 5)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it("reserving a released ref again holds it again", async () => {
    const [a] = await stocked(5);
    const first = await reserve({
      ref: "again",
      lines: [{ variantId: a!, quantity: 2 }],
      expiresAt: LATER,
      actor,
    });
    await releaseReservations({ ref: "again", reason: "expired", actor });
    const second = await reserve({
      ref: "again",
      lines: [{ variantId: a!, quantity: 2 }],
      expiresAt: LATER,
      actor,
    });
    expect(second).toEqual(first);
    expect(await levels(a!, 5)).toEqual({ available: 3, reserved: 2, sold: 0 });
  });

  it("lists refs whose holds lapsed, oldest first, once each, and not confirmed ones", async () => {
    const [a, b] = await stocked(10, 10);
    const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 12, min));
    await reserve({
      ref: "old",
      lines: [
        { variantId: a!, quantity: 1 },
        { variantId: b!, quantity: 1 },
      ],
      expiresAt: at(0),
      actor,
    });
    await reserve({
      ref: "newer",
      lines: [{ variantId: a!, quantity: 1 }],
      expiresAt: at(5),
      actor,
    });
    await reserve({
      ref: "paid",
      lines: [{ variantId: a!, quantity: 1 }],
      expiresAt: at(1),
      actor,
    });
    await reserve({
      ref: "future",
      lines: [{ variantId: a!, quantity: 1 }],
      expiresAt: at(30),
      actor,
    });
    await confirmReservations({ ref: "paid", actor });
    expect(await expiredHolds({ now: at(10) })).toEqual(["old", "newer"]);
    expect(await expiredHolds({ now: at(10), limit: 1 })).toEqual(["old"]);
    expect(await expiredHolds({ now: at(0) })).toEqual(["old"]);
    await releaseReservations({ ref: "old", reason: "expired", actor });
    expect(await expiredHolds({ now: at(10) })).toEqual(["newer"]);
  });
});

describe("reserveBatch", () => {
  it("grants a whole batch in one go and answers in request order", async () => {
    const [a] = await stocked(100);
    const requests = Array.from({ length: 10 }, (_, i) => ({ ref: `b${i}`, quantity: i + 1 }));
    const out = await reserveBatch({ variantId: a!, requests, expiresAt: LATER, actor });
    expect(out.map((r) => [r.ref, r.ok])).toEqual(requests.map((r) => [r.ref, true]));
    expect(await levels(a!, 100)).toEqual({ available: 45, reserved: 55, sold: 0 });
    expect(
      await db().select().from(inventoryLedger).where(eq(inventoryLedger.ref, "b3")),
    ).toMatchObject([{ availableDelta: -4, reservedDelta: 4 }]);
    // The same batch again (retried claims) gets the same holds and takes nothing more.
    const again = await reserveBatch({
      variantId: a!,
      requests: [...requests, { ref: "b10", quantity: 1 }],
      expiresAt: LATER,
      actor,
    });
    expect(again.slice(0, 10)).toEqual(out);
    expect(again[10]).toMatchObject({ ref: "b10", ok: true });
    expect(await levels(a!, 100)).toEqual({ available: 44, reserved: 56, sold: 0 });
  });

  it("at the last units grants in order while requests fit; replays and repeats get the same hold", async () => {
    const [a] = await stocked(7);
    const out = await reserveBatch({
      variantId: a!,
      requests: [
        { ref: "x1", quantity: 3 },
        { ref: "x2", quantity: 3 },
        { ref: "x3", quantity: 3 },
        { ref: "x4", quantity: 1 },
        { ref: "x1", quantity: 3 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(out.map((r) => r.ok)).toEqual([true, true, false, true, true]);
    expect(out[2]).toEqual({ ref: "x3", ok: false, error: "sold_out" });
    expect((out[4] as { reservationId: string }).reservationId).toBe(
      (out[0] as { reservationId: string }).reservationId,
    );
    expect(await levels(a!, 7)).toEqual({ available: 0, reserved: 7, sold: 0 });

    const replay = await reserveBatch({
      variantId: a!,
      requests: [
        { ref: "x2", quantity: 3 },
        { ref: "x5", quantity: 1 },
      ],
      expiresAt: LATER,
      actor,
    });
    expect(replay).toEqual([
      { ref: "x2", ok: true, reservationId: (out[1] as { reservationId: string }).reservationId },
      { ref: "x5", ok: false, error: "sold_out" },
    ]);
    expect(await confirmReservations({ ref: "x2", actor })).toEqual({ ok: true, confirmed: 1 });
    expect(await levels(a!, 7)).toEqual({ available: 0, reserved: 4, sold: 3 });
  });
});
