import type { OfferKind, OfferStatus } from "../../db/schema";

/** What prices a line: the offer's terms (no I/O, so the cart, checkout and tests share it). */
export interface OfferTerms {
  kind: OfferKind;
  priceFen: number;
  status: OfferStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  perShopperLimit: number | null;
}

export type LinePrice =
  | { ok: true; unitFen: number; lineFen: number }
  | { ok: false; reason: "paused" | "ended" | "not_started" | "over_limit"; limit?: number };

/**
 * The one price rule: a line costs the offer's price per unit, while the offer is active and in
 * its window, and within its per-shopper limit (`bought`: what this shopper already holds or
 * bought under it). `held`: the units are already held for the shopper (a flash-sale claim), taken
 * while the offer was open; a pause since stops new claims, not the payment of those.
 */
export function priceLine({
  offer,
  quantity,
  now,
  bought = 0,
  held = false,
}: {
  offer: OfferTerms;
  quantity: number;
  now: Date;
  bought?: number;
  held?: boolean;
}): LinePrice {
  if (offer.status === "paused" && !held) return { ok: false, reason: "paused" };
  if (offer.status === "ended" || (offer.endsAt && offer.endsAt.getTime() <= now.getTime())) {
    return { ok: false, reason: "ended" };
  }
  if (offer.startsAt && offer.startsAt.getTime() > now.getTime()) {
    return { ok: false, reason: "not_started" };
  }
  if (offer.perShopperLimit !== null && bought + quantity > offer.perShopperLimit) {
    return { ok: false, reason: "over_limit", limit: Math.max(0, offer.perShopperLimit - bought) };
  }
  return { ok: true, unitFen: offer.priceFen, lineFen: offer.priceFen * quantity };
}
