/**
 * What each cooperative is owed for its part of an order. Pure, integer fen throughout.
 * The platform's fee is taken on the items only; shipping is passed through to the carrier.
 */

/** `items × bps / 10000`, rounded half up to the fen (0.5 fen goes to the platform). */
export function platformFeeFen(itemsFen: number, feeBps: number): number {
  if (!Number.isSafeInteger(itemsFen) || itemsFen < 0) throw new RangeError(`itemsFen ${itemsFen}`);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000)
    throw new RangeError(`feeBps ${feeBps}`);
  // Integer arithmetic: itemsFen × 10000 stays far below 2^53 for any real order.
  return Math.floor((itemsFen * feeBps + 5_000) / 10_000);
}

export interface PartMoney {
  itemsFen: number;
  shippingFen: number;
  platformFeeBps: number;
  platformFeeFen: number;
  payoutFen: number;
}

export function partMoney({
  itemsFen,
  shippingFen,
  feeBps,
}: {
  itemsFen: number;
  shippingFen: number;
  feeBps: number;
}): PartMoney {
  const fee = platformFeeFen(itemsFen, feeBps);
  return {
    itemsFen,
    shippingFen,
    platformFeeBps: feeBps,
    platformFeeFen: fee,
    payoutFen: itemsFen - fee,
  };
}

/** How much of a part can still be refunded: its items and shipping, less what was refunded. */
export function refundableFen(part: {
  itemsFen: number;
  shippingFen: number;
  refundedFen: number;
}): number {
  return Math.max(0, part.itemsFen + part.shippingFen - part.refundedFen);
}
