import { cachedRead } from "../catalog/cache.server";
import { db } from "../lib/db.server";
import { PROVINCES } from "../lib/regions";
import { standardOffers } from "../offers/offers.server";
import { loadTariff } from "../shipping/tariffs.server";
import { planParts } from "./checkout-plan";
import { loadOfferLines } from "./place-order.server";

export interface ShippingEstimates {
  /** Per pack, per destination province: shipping for one pack, the cheapest service; null: not served. */
  byVariant: Record<string, Record<string, number | null>>;
  /** The cooperative's free-shipping threshold on its goods in one order. */
  freeShippingMinFen: number | null;
}

/**
 * What one pack of each of a product's packs costs to ship to every province, before checkout:
 * the very lines and plan checkout prices (loadOfferLines, planParts, the live tariff and the
 * cooperative's free-shipping threshold), for one unit by the cheaper ambient service (chilled
 * goods go cold chain either way). Every province at once, so the page is the same for everyone
 * and the browser picks the shopper's. The same for all visitors: cached like the catalog.
 */
export function shippingEstimates({
  productId,
  variantIds,
}: {
  productId: string;
  variantIds: string[];
}): Promise<ShippingEstimates> {
  return cachedRead(`shipping-estimates:${productId}:${variantIds.join(",")}`, async () => {
    const offers = await standardOffers({ variantIds });
    const wanted = [...offers.values()].map((offerId) => ({ offerId, quantity: 1 }));
    const [lines, tariff] = await Promise.all([
      loadOfferLines(db(), wanted, new Date()),
      loadTariff(),
    ]);
    const byVariant: ShippingEstimates["byVariant"] = {};
    for (const line of lines) {
      const perProvince: Record<string, number | null> = {};
      for (const to of Object.keys(PROVINCES)) {
        let best: number | null = null;
        for (const ambientService of ["economy", "express"] as const) {
          const plan = planParts({ lines: [line], to, ambientService, tariff, locale: "zh" });
          if (plan.shippingFen !== null && (best === null || plan.shippingFen < best))
            best = plan.shippingFen;
          if (line.storage === "chilled") break;
        }
        perProvince[to] = best;
      }
      byVariant[line.variantId] = perProvince;
    }
    return { byVariant, freeShippingMinFen: lines[0]?.cooperative.freeShippingMinFen ?? null };
  });
}
