import { describe, expect, it } from "vitest";
import { HOLD_DAYS, holdModeFor, latestDeadlineForHolds } from "~/groupbuy/hold-mode";
import { dealProgress, heldPriceFen, nextTier, reachedTier } from "~/groupbuy/tiers";

const TIERS = [
  { minQuantity: 1, priceFen: 3_000 },
  { minQuantity: 10, priceFen: 2_600 },
  { minQuantity: 50, priceFen: 2_200 },
];

describe("group deal tiers", () => {
  it("the reached tier is the highest whose minimum the total has reached", () => {
    expect(reachedTier(TIERS, 0)).toBeNull();
    expect(reachedTier(TIERS, 1)).toEqual(TIERS[0]);
    expect(reachedTier(TIERS, 9)).toEqual(TIERS[0]);
    expect(reachedTier(TIERS, 10)).toEqual(TIERS[1]);
    expect(reachedTier(TIERS, 49)).toEqual(TIERS[1]);
    expect(reachedTier(TIERS, 500)).toEqual(TIERS[2]);
    // Order given does not matter.
    expect(reachedTier([...TIERS].reverse(), 12)).toEqual(TIERS[1]);
  });

  it("the next tier says how many more packs reach it, none past the last", () => {
    // Tier 1 is where everyone starts: the first price to work towards is tier 2's.
    expect(nextTier(TIERS, 0)).toEqual({ tier: TIERS[1], needed: 10 });
    expect(nextTier(TIERS.slice(0, 1), 0)).toBeNull();
    expect(nextTier(TIERS, 7)).toEqual({ tier: TIERS[1], needed: 3 });
    expect(nextTier(TIERS, 10)).toEqual({ tier: TIERS[2], needed: 40 });
    expect(nextTier(TIERS, 50)).toBeNull();
  });

  it("joins are held at tier 1's price", () => {
    expect(heldPriceFen([...TIERS].reverse())).toBe(3_000);
    expect(() => heldPriceFen([])).toThrow();
  });

  it("progress: the way to the next tier, the minimum, time left, full", () => {
    const now = new Date("2026-12-07T10:00:00Z");
    const p = dealProgress({
      tiers: TIERS,
      joined: 30,
      minQuantity: 20,
      maxQuantity: 100,
      endsAt: new Date(now.getTime() + 3_600_000),
      now,
    });
    expect(p).toMatchObject({
      joined: 30,
      reached: TIERS[1],
      next: { tier: TIERS[2], needed: 20 },
      succeeds: true,
      neededForMin: 0,
      percentToNext: 50,
      msLeft: 3_600_000,
      full: false,
    });
    const early = dealProgress({
      tiers: TIERS,
      joined: 5,
      minQuantity: 5,
      maxQuantity: 100,
      endsAt: null,
      now,
    });
    expect(early).toMatchObject({ percentToNext: 50, succeeds: true, msLeft: 0 });
    const done = dealProgress({
      tiers: TIERS,
      joined: 100,
      minQuantity: 120,
      maxQuantity: 100,
      endsAt: new Date(now.getTime() - 1),
      now,
    });
    expect(done).toMatchObject({ percentToNext: 100, msLeft: 0, full: true, neededForMin: 20 });
  });
});

describe("hold mode", () => {
  const now = new Date("2026-12-07T10:00:00Z");
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
  it("authorize up to HOLD_DAYS away, charge beyond", () => {
    expect(HOLD_DAYS).toBe(5);
    expect(holdModeFor({ endsAt: days(1), now })).toBe("authorize");
    expect(holdModeFor({ endsAt: days(5), now })).toBe("authorize");
    expect(holdModeFor({ endsAt: new Date(days(5).getTime() + 1), now })).toBe("charge");
    expect(holdModeFor({ endsAt: days(30), now })).toBe("charge");
  });
  it("a held deal's deadline may reach HOLD_DAYS past its first join", () => {
    expect(latestDeadlineForHolds(now)).toEqual(days(5));
  });
});
