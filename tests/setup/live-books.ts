import { and, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { flashSales, liveClaims } from "../../db/live-schema";
import { inventoryReservations } from "../../db/schema";
import { offerInvariant } from "~/inventory/offer-pools.server";
import { stockInvariant } from "~/inventory/reservations.server";
import { db } from "~/lib/db.server";
import type { ClaimRequest } from "~/live/claims.server";

/** Shared by the flash-sale suites: a claim request, and a sale's books checked exact. */

export const claimRequest = (i: number, o: Partial<ClaimRequest> = {}): ClaimRequest => ({
  key: `key-${i.toString().padStart(6, "0")}`,
  shopperKey: `d:shopper-${i}`,
  userId: null,
  quantity: 1,
  ...o,
});

export async function saleRow(saleId: string) {
  const [s] = await db().select().from(flashSales).where(eq(flashSales.id, saleId));
  return s!;
}

/** Claims and holds as committed, and both ledgers exact. */
export async function saleBooks(saleId: string) {
  const sale = await saleRow(saleId);
  const offer = await offerInvariant({ offerId: sale.offerId });
  expect(offer.balanced, JSON.stringify(offer)).toBe(true);
  const variant = await stockInvariant({ variantId: sale.variantId });
  expect(variant.balanced, JSON.stringify(variant)).toBe(true);
  const [held] = await db()
    .select({ units: sql<number>`coalesce(sum(${liveClaims.quantity}), 0)`.mapWith(Number) })
    .from(liveClaims)
    .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.status, "held")));
  const [holds] = await db()
    .select({
      units: sql<number>`coalesce(sum(${inventoryReservations.quantity}), 0)`.mapWith(Number),
    })
    .from(inventoryReservations)
    .where(
      and(
        eq(inventoryReservations.offerId, sale.offerId),
        eq(inventoryReservations.status, "held"),
      ),
    );
  // Units held by claims, and by the orders claims became, are exactly the held holds: nothing
  // granted without stock, no stock held by nothing.
  const [ordered] = await db()
    .select({ units: sql<number>`coalesce(sum(${liveClaims.quantity}), 0)`.mapWith(Number) })
    .from(liveClaims)
    .innerJoin(
      inventoryReservations,
      and(
        eq(inventoryReservations.ref, liveClaims.orderId),
        eq(inventoryReservations.status, "held"),
      ),
    )
    .where(and(eq(liveClaims.saleId, saleId), eq(liveClaims.status, "ordered")));
  expect(holds!.units).toBe(held!.units + ordered!.units);
  expect(offer.level.reserved).toBe(holds!.units);
  return { offer: offer.level, heldUnits: held!.units };
}
