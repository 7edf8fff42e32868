import type { AmbientService } from "../../db/orders-schema";
import { quote, type QuoteParcel } from "./quote";
import type { QuoteItem } from "./schemas";
import type { Tariff, Zone } from "./tariffs";

/**
 * How one cooperative's lines ship to one destination. Pure, and the single place that decides
 * it: the checkout page prices the cart with it and shipment creation packs the paid order with
 * it, so the parcels the shopper paid for are the parcels that ship.
 */

/** One order (or cart) line as the shipping engine needs it: the unit's packed size, and how many. */
export type PlanLine = Pick<
  QuoteItem,
  "weightG" | "lengthMm" | "widthMm" | "heightMm" | "storage" | "quantity" | "shelfLifeDays"
>;

export interface PlannedParcel extends Omit<QuoteParcel, "contents"> {
  /** Which lines (by index into the request's lines) travel in this parcel, and how many units of each. */
  lines: Array<{ line: number; quantity: number }>;
}

export type ShippingPlan =
  | { ok: true; zone: Zone; parcels: PlannedParcel[]; totalFen: number }
  | {
      ok: false;
      /** The shipping engine's reason: not_served, zone_not_served, shelf_life_too_short, unit_too_heavy, … */
      error: string;
      message: string;
      /** The line at fault, when one is. */
      line?: number;
    };

/**
 * Ambient lines go by the shopper's chosen service (express or economy), chilled lines only by
 * cold chain; the two groups are quoted separately and never share a parcel. Ambient parcels come
 * first, then chilled ones, in the order the shipment numbers them.
 */
export function planShipping({
  from,
  to,
  lines,
  ambientService,
  tariff,
}: {
  from: string;
  to: string;
  lines: PlanLine[];
  ambientService: AmbientService;
  tariff: Tariff;
}): ShippingPlan {
  if (lines.length === 0)
    return { ok: false, error: "no_lines", message: "there is nothing to ship" };
  const groups = [
    {
      service: ambientService,
      indexes: lines.flatMap((l, i) => (l.storage === "ambient" ? [i] : [])),
    },
    {
      service: "cold_chain" as const,
      indexes: lines.flatMap((l, i) => (l.storage === "chilled" ? [i] : [])),
    },
  ].filter((g) => g.indexes.length > 0);

  let zone: Zone | undefined;
  const parcels: PlannedParcel[] = [];
  for (const group of groups) {
    const items = group.indexes.map((i) => {
      const { weightG, lengthMm, widthMm, heightMm, storage, quantity, shelfLifeDays } = lines[i]!;
      return {
        weightG,
        lengthMm,
        widthMm,
        heightMm,
        storage,
        quantity,
        ...(shelfLifeDays === undefined ? {} : { shelfLifeDays }),
      };
    });
    const outcome = quote({ from, to, items, service: group.service }, tariff);
    if (!outcome.ok) {
      // The engine names items of the sub-request; name the caller's lines instead.
      const local = /items\[(\d+)\]/.exec(`${outcome.field ?? ""} ${outcome.message}`);
      const line = local ? group.indexes[Number(local[1])] : undefined;
      const message = outcome.message.replace(
        /items\[(\d+)\]/g,
        (_m, k: string) => `lines[${group.indexes[Number(k)]}]`,
      );
      return { ok: false, error: outcome.error, message, ...(line === undefined ? {} : { line }) };
    }
    zone = outcome.quote.zone;
    for (const { contents, ...parcel } of outcome.quote.parcels) {
      parcels.push({
        ...parcel,
        lines: contents.map(({ item, quantity }) => ({ line: group.indexes[item]!, quantity })),
      });
    }
  }
  return {
    ok: true,
    zone: zone!,
    parcels,
    totalFen: parcels.reduce((sum, p) => sum + p.priceFen, 0),
  };
}
