/**
 * A leader's commission on what was collected at their point: `counted × bps / 10000`, rounded
 * half up to the fen, like the platform's fee. `counted` is the collected orders' items less what
 * was refunded of them (docs/group-deals-pickup.md).
 */
export function commissionFen(countedFen: number, bps: number): number {
  if (!Number.isSafeInteger(countedFen) || countedFen < 0)
    throw new RangeError(`countedFen ${countedFen}`);
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw new RangeError(`bps ${bps}`);
  return Math.floor((countedFen * bps + 5_000) / 10_000);
}
