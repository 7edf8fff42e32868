/*
 * A deal's price tiers, pure: the price everyone pays once the group's total reaches a tier's
 * minimum. Tiers come sorted by minimum quantity (tier 1 at 1, the highest price); each next one
 * needs more packs and costs less.
 */

export interface Tier {
  minQuantity: number;
  priceFen: number;
}

const sorted = (tiers: readonly Tier[]) => [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);

/** The highest tier whose minimum the joined quantity has reached; null before anyone joined. */
export function reachedTier(tiers: readonly Tier[], joined: number): Tier | null {
  let reached: Tier | null = null;
  for (const t of sorted(tiers)) if (t.minQuantity <= joined) reached = t;
  return reached;
}

/**
 * The next lower price: the first tier above tier 1 that the joined quantity has not reached, and
 * how many more packs reach it; null at the last tier. (Tier 1 is the starting price: the first
 * join is already at it, so it is never a price to work towards.)
 */
export function nextTier(
  tiers: readonly Tier[],
  joined: number,
): { tier: Tier; needed: number } | null {
  const next = sorted(tiers)
    .slice(1)
    .find((t) => t.minQuantity > joined);
  return next ? { tier: next, needed: next.minQuantity - joined } : null;
}

/** The price a join is held at: tier 1's, the highest (settlement may only lower it). */
export function heldPriceFen(tiers: readonly Tier[]): number {
  const first = sorted(tiers)[0];
  if (!first) throw new Error("a deal has at least one tier");
  return first.priceFen;
}

export interface DealProgress {
  joined: number;
  reached: Tier | null;
  next: { tier: Tier; needed: number } | null;
  /** The group has reached the minimum it needs to succeed. */
  succeeds: boolean;
  /** Packs still needed to reach the minimum (0 once reached). */
  neededForMin: number;
  /** 0–100: the way from the reached tier's minimum (or 0) to the next tier's; 100 at the last. */
  percentToNext: number;
  /** Milliseconds to the deadline (0 once past). */
  msLeft: number;
  full: boolean;
}

/** Where a deal stands: what the admin list, the deal page and the share page show. */
export function dealProgress({
  tiers,
  joined,
  minQuantity,
  maxQuantity,
  endsAt,
  now,
}: {
  tiers: readonly Tier[];
  joined: number;
  minQuantity: number;
  maxQuantity: number;
  endsAt: Date | null;
  now: Date;
}): DealProgress {
  const reached = reachedTier(tiers, joined);
  const next = nextTier(tiers, joined);
  // The bar runs from the last price drop reached (or from nothing) to the next one.
  const from = reached && reached.minQuantity > 1 ? reached.minQuantity : 0;
  const percentToNext = next
    ? Math.max(
        0,
        Math.min(100, Math.floor(((joined - from) / (next.tier.minQuantity - from)) * 100)),
      )
    : 100;
  return {
    joined,
    reached,
    next,
    succeeds: joined >= minQuantity,
    neededForMin: Math.max(0, minQuantity - joined),
    percentToNext,
    msLeft: endsAt ? Math.max(0, endsAt.getTime() - now.getTime()) : 0,
    full: joined >= maxQuantity,
  };
}
