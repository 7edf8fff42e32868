import type { AmbientService, Delivery } from "../../db/orders-schema";
import type { OfferKind } from "../../db/schema";
import { pick, type Locale } from "../lib/i18n";
import type { Tariff } from "../shipping/tariffs";
import { MAX_ORDER_TOTAL_FEN } from "./schemas";
import { planShipping, type PlannedParcel } from "../shipping/shipping-plan";

export type { PlannedParcel };

/** A line with everything checkout needs: its offer's current price, stock and shipping facts. */
export interface CheckoutSourceLine {
  variantId: string;
  offerId: string;
  offerKind: OfferKind;
  productId: string;
  sku: string;
  productNameZh: string;
  productNameEn: string;
  variantLabelZh: string;
  variantLabelEn: string;
  storage: "ambient" | "chilled";
  shelfLifeDays: number;
  shippingWeightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  priceFen: number;
  quantity: number;
  available: number;
  sellable: boolean;
  cooperative: {
    id: string;
    slug: string;
    nameZh: string;
    nameEn: string;
    provinceCode: string;
    cityZh: string;
    cityEn: string;
    /** The cooperative's free-shipping threshold on its goods in one order; null or absent: none. */
    freeShippingMinFen?: number | null;
    /** Days from payment to dispatch (the cooperative's promise); absent where not loaded. */
    handlingDays?: number;
  };
}

export interface CheckoutPlanLine {
  variantId: string;
  sku: string;
  productName: string;
  variantLabel: string;
  storage: "ambient" | "chilled";
  priceFen: number;
  quantity: number;
  lineFen: number;
  available: number;
}

export interface CheckoutPlanPart {
  cooperative: {
    id: string;
    slug: string;
    name: string;
    provinceCode: string;
    city: string;
    handlingDays: number | null;
  };
  lines: CheckoutPlanLine[];
  itemsFen: number;
  /** Null until a province is chosen, or when this part cannot ship there (see `refusal`). */
  parcels: PlannedParcel[] | null;
  shippingFen: number | null;
  refusal: string | null;
  /** The cooperative's free-shipping threshold, and what this part still lacks to reach it (0: reached). */
  freeShipping: { minFen: number; missingFen: number } | null;
}

export type CheckoutProblem =
  | { kind: "sold_out" | "unavailable"; variantId: string; available: 0 }
  | { kind: "above_stock"; variantId: string; available: number }
  | { kind: "not_shippable"; cooperativeId: string; error: string; message: string }
  | { kind: "too_large"; maxFen: number };

export interface CheckoutPlan {
  parts: CheckoutPlanPart[];
  itemsFen: number;
  shippingFen: number | null;
  totalFen: number | null;
  problems: CheckoutProblem[];
  /** Whether this plan can be submitted as it is. */
  ready: boolean;
}

/**
 * Groups lines by cooperative (each ships from its own province) and prices each part with the
 * same planShipping that creates the shipments later, so what the shopper sees is what ships.
 */
export function planParts({
  lines,
  to,
  ambientService,
  tariff,
  locale,
  delivery = "ship",
}: {
  lines: CheckoutSourceLine[];
  to: string | undefined;
  ambientService: AmbientService;
  tariff: Tariff | null;
  locale: Locale;
  /** `pickup`: parcels are still planned (to the point), but the shopper pays no shipping. */
  delivery?: Delivery;
}): CheckoutPlan {
  const problems: CheckoutProblem[] = [];
  const groups = new Map<string, CheckoutSourceLine[]>();
  for (const line of lines) {
    if (!line.sellable)
      problems.push({ kind: "unavailable", variantId: line.variantId, available: 0 });
    else if (line.available <= 0)
      problems.push({ kind: "sold_out", variantId: line.variantId, available: 0 });
    else if (line.quantity > line.available) {
      problems.push({ kind: "above_stock", variantId: line.variantId, available: line.available });
    }
    const list = groups.get(line.cooperative.id) ?? [];
    list.push(line);
    groups.set(line.cooperative.id, list);
  }

  const parts: CheckoutPlanPart[] = [];
  for (const group of groups.values()) {
    const c = group[0]!.cooperative;
    const part: CheckoutPlanPart = {
      cooperative: {
        id: c.id,
        slug: c.slug,
        name: pick(c, "name", locale),
        provinceCode: c.provinceCode,
        city: pick(c, "city", locale),
        handlingDays: c.handlingDays ?? null,
      },
      lines: group.map((l) => ({
        variantId: l.variantId,
        sku: l.sku,
        productName: pick({ nameZh: l.productNameZh, nameEn: l.productNameEn }, "name", locale),
        variantLabel: pick(
          { labelZh: l.variantLabelZh, labelEn: l.variantLabelEn },
          "label",
          locale,
        ),
        storage: l.storage,
        priceFen: l.priceFen,
        quantity: l.quantity,
        lineFen: l.priceFen * l.quantity,
        available: l.available,
      })),
      itemsFen: group.reduce((sum, l) => sum + l.priceFen * l.quantity, 0),
      parcels: null,
      shippingFen: null,
      refusal: null,
      freeShipping: null,
    };
    part.freeShipping = freeShippingOf(c.freeShippingMinFen, part.itemsFen);
    if (to && tariff) {
      const planned = planShipping({
        from: c.provinceCode,
        to,
        ambientService,
        tariff,
        lines: group.map((l) => ({
          quantity: l.quantity,
          weightG: l.shippingWeightG,
          lengthMm: l.lengthMm,
          widthMm: l.widthMm,
          heightMm: l.heightMm,
          storage: l.storage,
          shelfLifeDays: l.shelfLifeDays,
        })),
      });
      if (planned.ok) {
        part.parcels = planned.parcels;
        part.shippingFen =
          delivery === "pickup" || part.freeShipping?.missingFen === 0 ? 0 : planned.totalFen;
      } else {
        part.refusal = planned.message;
        problems.push({
          kind: "not_shippable",
          cooperativeId: c.id,
          error: planned.error,
          message: planned.message,
        });
      }
    }
    parts.push(part);
  }

  const itemsFen = parts.reduce((sum, p) => sum + p.itemsFen, 0);
  const priced = parts.length > 0 && parts.every((p) => p.shippingFen !== null);
  const shippingFen = priced ? parts.reduce((sum, p) => sum + (p.shippingFen ?? 0), 0) : null;
  if (itemsFen + (shippingFen ?? 0) > MAX_ORDER_TOTAL_FEN)
    problems.push({ kind: "too_large", maxFen: MAX_ORDER_TOTAL_FEN });
  return {
    parts,
    itemsFen,
    shippingFen,
    totalFen: shippingFen === null ? null : itemsFen + shippingFen,
    problems,
    ready: priced && problems.length === 0,
  };
}

/**
 * A cooperative's free-shipping threshold against its goods in one order: reached (missing 0)
 * when the goods come to the threshold or more. The parcels are still planned and shipped; the
 * cooperative pays the courier.
 */
export function freeShippingOf(
  minFen: number | null | undefined,
  itemsFen: number,
): { minFen: number; missingFen: number } | null {
  if (minFen == null) return null;
  return { minFen, missingFen: Math.max(0, minFen - itemsFen) };
}
