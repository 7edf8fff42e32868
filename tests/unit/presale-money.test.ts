import { describe, expect, it } from "vitest";
import { depositPerPack, splitPayment } from "~/presale/money";

const split = (
  rule: Parameters<typeof splitPayment>[0],
  priceFen: number,
  quantity: number,
  shippingFen: number,
) => splitPayment(rule, { priceFen, quantity, totalFen: priceFen * quantity + shippingFen });

describe("presale deposit and balance", () => {
  it("a fixed deposit per pack, times the quantity; the balance carries the shipping", () => {
    const rule = { depositKind: "fixed" as const, depositValue: 2_000 };
    expect(depositPerPack(rule, 6_800)).toBe(2_000);
    expect(split(rule, 6_800, 3, 1_200)).toEqual({ depositFen: 6_000, balanceFen: 15_600 });
  });

  it("a fixed deposit never exceeds the price (a price lowered after the terms were set)", () => {
    const rule = { depositKind: "fixed" as const, depositValue: 5_000 };
    expect(depositPerPack(rule, 3_000)).toBe(3_000);
    expect(split(rule, 3_000, 2, 800)).toEqual({ depositFen: 6_000, balanceFen: 800 });
  });

  it("a percent of the price, rounded to the fen", () => {
    const pct = (depositValue: number) => ({ depositKind: "percent" as const, depositValue });
    expect(depositPerPack(pct(30), 6_800)).toBe(2_040);
    expect(depositPerPack(pct(33), 1_001)).toBe(330); // 330.33
    expect(depositPerPack(pct(50), 1_001)).toBe(501); // 500.5 → 501
    expect(split(pct(30), 6_800, 2, 1_000)).toEqual({ depositFen: 4_080, balanceFen: 10_520 });
    // An order's deposit is at least one fen, even when a pack's rounds to nothing.
    expect(split(pct(1), 49, 1, 500)).toEqual({ depositFen: 1, balanceFen: 548 });
  });

  it("full price: the whole total, shipping included, nothing left to pay", () => {
    const rule = { depositKind: "full" as const, depositValue: 0 };
    expect(depositPerPack(rule, 6_800)).toBe(6_800);
    expect(split(rule, 6_800, 2, 1_500)).toEqual({ depositFen: 15_100, balanceFen: 0 });
  });

  it("deposit + balance = total and 0 < deposit ≤ items for every percent and price", () => {
    for (const price of [1, 2, 99, 100, 101, 999, 6_800, 123_457])
      for (let p = 1; p <= 99; p++)
        for (const q of [1, 3]) {
          const m = split({ depositKind: "percent", depositValue: p }, price, q, 700);
          expect(m.depositFen + m.balanceFen).toBe(price * q + 700);
          expect(m.depositFen).toBeGreaterThan(0);
          expect(m.depositFen).toBeLessThanOrEqual(price * q);
        }
  });
});
