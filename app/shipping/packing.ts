import type { Service } from "./tariffs";

/** One unit of one request item; `item` is the item's index in the request. */
export interface PackUnit {
  item: number;
  weightG: number;
  volumeMm3: number;
}

export const COLD_CHAIN_LINER_G = 500;
export const COLD_CHAIN_ICE_G_PER_KG = 100;

/**
 * Packaging weight a parcel carries on top of its produce. A cold-chain parcel is an insulated
 * liner plus 100 g of ice per started kilogram of produce; other services add nothing.
 * Tare follows the service, not the goods: ambient goods sent by cold chain travel in the
 * same insulated box with ice (that is what the shopper asked and pays for).
 */
export function tareG(service: Service, produceG: number): number {
  if (service !== "cold_chain") return 0;
  return COLD_CHAIN_LINER_G + COLD_CHAIN_ICE_G_PER_KG * Math.ceil(produceG / 1000);
}

/**
 * The most produce a parcel may hold so that produce + tare stays within `maxParcelG`.
 * produce + tare(produce) only grows with produce, so first-fit "does the unit fit, counting the
 * tare the parcel would then have" is exactly "does produce + unit stay within this capacity".
 */
export function produceCapacityG(service: Service, maxParcelG: number): number {
  let lo = 0;
  let hi = maxParcelG;
  if (tareG(service, 0) > maxParcelG) return 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (mid + tareG(service, mid) <= maxParcelG) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Heaviest first; ties: larger volume first, then request order (the sort is stable). */
export function packingOrder(units: readonly PackUnit[]): PackUnit[] {
  return [...units].sort((a, b) => b.weightG - a.weightG || b.volumeMm3 - a.volumeMm3);
}

export type PackResult = { ok: true; parcels: PackUnit[][] } | { ok: false; tooHeavy: PackUnit };

/**
 * First-fit of the sorted units into parcels of `capacityG` grams of produce. A max-tree over
 * the parcels' remaining capacity finds the first parcel that fits in O(log n), so a large
 * order costs n log n rather than n² (leaves past the last open parcel stand for empty ones).
 */
export function packFirstFit(units: readonly PackUnit[], capacityG: number): PackResult {
  const sorted = packingOrder(units);
  const heaviest = sorted[0];
  if (heaviest && heaviest.weightG > capacityG) return { ok: false, tooHeavy: heaviest };
  let size = 1;
  while (size < sorted.length) size *= 2;
  const tree = new Float64Array(2 * size).fill(capacityG);
  const parcels: PackUnit[][] = [];
  for (const unit of sorted) {
    let node = 1;
    while (node < size) node = tree[2 * node]! >= unit.weightG ? 2 * node : 2 * node + 1;
    const index = node - size;
    (parcels[index] ??= []).push(unit);
    tree[node] = tree[node]! - unit.weightG;
    for (node >>= 1; node >= 1; node >>= 1)
      tree[node] = Math.max(tree[2 * node]!, tree[2 * node + 1]!);
  }
  return { ok: true, parcels };
}
