import { describe, expect, it } from "vitest";
import {
  isOrderCode,
  newOrderCode,
  orderCodeSchema,
  ORDER_CODE_ALPHABET,
} from "~/orders/order-code";
import { partMoney, platformFeeFen, refundableFen } from "~/orders/payout";

describe("platform fee and payout", () => {
  it("takes bps of the items, rounded half up to the fen", () => {
    expect(platformFeeFen(13980, 500)).toBe(699);
    expect(platformFeeFen(10, 500)).toBe(1); // 0.5 fen rounds up
    expect(platformFeeFen(9, 500)).toBe(0); // 0.45 fen rounds down
    expect(platformFeeFen(30, 500)).toBe(2); // 1.5 → 2
    expect(platformFeeFen(0, 500)).toBe(0);
    expect(platformFeeFen(12345, 0)).toBe(0);
    expect(platformFeeFen(12345, 10_000)).toBe(12345);
  });

  it("pays the cooperative its items less the fee; shipping is not part of the payout", () => {
    expect(partMoney({ itemsFen: 8800, shippingFen: 3000, feeBps: 500 })).toEqual({
      itemsFen: 8800,
      shippingFen: 3000,
      platformFeeBps: 500,
      platformFeeFen: 440,
      payoutFen: 8360,
    });
  });

  it("never pays out a negative amount or more than the items, for any amount and rate", () => {
    for (let items = 0; items < 3000; items += 7) {
      for (const bps of [0, 1, 250, 500, 999, 5000, 9999, 10_000]) {
        const m = partMoney({ itemsFen: items, shippingFen: 0, feeBps: bps });
        expect(m.platformFeeFen + m.payoutFen).toBe(items);
        expect(m.payoutFen).toBeGreaterThanOrEqual(0);
        expect(Math.abs(m.platformFeeFen - (items * bps) / 10_000)).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it("refuses amounts and rates that are not whole fen or basis points", () => {
    expect(() => platformFeeFen(-1, 500)).toThrow(RangeError);
    expect(() => platformFeeFen(1.5, 500)).toThrow(RangeError);
    expect(() => platformFeeFen(100, 10_001)).toThrow(RangeError);
  });

  it("refundable is items + shipping less what was refunded, never below zero", () => {
    expect(refundableFen({ itemsFen: 8800, shippingFen: 3000, refundedFen: 1000 })).toBe(10800);
    expect(refundableFen({ itemsFen: 8800, shippingFen: 3000, refundedFen: 11800 })).toBe(0);
  });
});

describe("order codes", () => {
  it("are HL plus 8 characters with no look-alikes", () => {
    for (let i = 0; i < 500; i++) {
      const code = newOrderCode();
      expect(code).toMatch(/^HL[23456789ABCDEFGHJKMNPQRSTWXYZ]{8}$/);
      expect(isOrderCode(code)).toBe(true);
    }
    expect(ORDER_CODE_ALPHABET).not.toMatch(/[01ILOUV]/);
  });

  it("use every character equally often (no modulo bias)", () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 3000; i++)
      for (const ch of newOrderCode().slice(2)) seen.set(ch, (seen.get(ch) ?? 0) + 1);
    expect(seen.size).toBe(ORDER_CODE_ALPHABET.length);
    const expected = (3000 * 8) / ORDER_CODE_ALPHABET.length;
    for (const n of seen.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.25);
  });

  it("skips random bytes that would bias the draw", () => {
    // 255 is above the largest multiple of 29 below 256 and must never map to a character.
    let calls = 0;
    const code = newOrderCode(() =>
      calls++ === 0 ? new Uint8Array(8).fill(255) : new Uint8Array(8).fill(0),
    );
    expect(code).toBe("HL22222222");
  });

  it("are read back as typed: spaces, dashes and lower case tolerated, anything else refused", () => {
    expect(orderCodeSchema.parse(" hl-2345 6789 ")).toBe("HL23456789");
    expect(orderCodeSchema.safeParse("HL2345678O").success).toBe(false);
    expect(orderCodeSchema.safeParse("HL234").success).toBe(false);
  });
});
