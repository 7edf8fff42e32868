import { packFirstFit, produceCapacityG, tareG, type PackUnit } from "./packing";
import { provinceName } from "../lib/regions";
import type { QuoteItem, QuoteRequest } from "./schemas";
import { parcelPriceFen, type Service, type Tariff, type Zone } from "./tariffs";
import { NOT_SERVED_PROVINCES, zoneFor } from "./zones";

export type { QuoteRequest };
export type Storage = QuoteItem["storage"];

export interface QuoteParcel {
  service: Service;
  storage: Storage;
  units: number;
  actualG: number;
  volumetricG: number;
  chargeableG: number;
  priceFen: number;
  transitDays: number;
  /** Which request items (by index) are in this parcel, and how many units of each. Not public. */
  contents: Array<{ item: number; quantity: number }>;
}

export interface Quote {
  zone: Zone;
  parcels: QuoteParcel[];
  insuranceFen: number;
  totalFen: number;
}

export type QuoteOutcome =
  { ok: true; quote: Quote } | { ok: false; error: string; message: string; field?: string };

type Refusal = Extract<QuoteOutcome, { ok: false }>;
const refuse = (error: string, message: string, field?: string): Refusal => ({
  ok: false,
  error,
  message,
  field,
});

/** Insurance on a declared value: 0.5 %, rounded up to the fen, never below 1 yuan. */
export function insuranceFen(declaredValueFen: number): number {
  return Math.max(100, Math.ceil(declaredValueFen / 200));
}

/** Chargeable weight: the larger of actual and volumetric, rounded up to a whole kilogram, at least 1 kg. */
export function chargeableG(actualG: number, volumetricG: number): number {
  return Math.max(1000, Math.ceil(Math.max(actualG, volumetricG) / 1000) * 1000);
}

/**
 * Prices a request against a tariff. Pure: the caller loads the tariff and parses the request
 * (`parseQuoteRequest`); every refusal says why and, where one field is at fault, which.
 */
export function quote(request: QuoteRequest, tariff: Tariff): QuoteOutcome {
  for (const field of ["from", "to"] as const) {
    const code = request[field];
    if (NOT_SERVED_PROVINCES.includes(code as never)) {
      return refuse(
        "not_served",
        `${field}: ${provinceName(code, "en")} (${code}) is not served yet`,
        field,
      );
    }
  }
  const zone = zoneFor(request.from, request.to);

  const chilled: number[] = [];
  const ambient: number[] = [];
  request.items.forEach((item, i) => (item.storage === "chilled" ? chilled : ambient).push(i));

  const groups: Array<{ storage: Storage; service: Service; items: number[] }> = [];
  if (ambient.length) {
    // Cold chain can carry ambient goods, so a request that names it gets it (with its tare and
    // its zones); with no service named, ambient goods go express, or economy where express
    // does not reach.
    const service = request.service ?? (tariff.express.zones[zone] ? "express" : "economy");
    groups.push({ storage: "ambient", service, items: ambient });
  }
  if (chilled.length) {
    if (request.service && request.service !== "cold_chain") {
      return refuse(
        "service_cannot_carry",
        `service: ${request.service} cannot carry chilled items (items[${chilled[0]}]); they ship only by cold_chain`,
        "service",
      );
    }
    groups.push({ storage: "chilled", service: "cold_chain", items: chilled });
  }

  // Every group must be deliverable before any is packed, so the reason given is the same
  // whatever the order of the lines.
  const rates = [];
  for (const group of groups) {
    const rate = tariff[group.service].zones[zone];
    if (!rate) {
      return refuse(
        "zone_not_served",
        `${group.service} does not serve the ${zone} zone (${request.from} → ${request.to})`,
        request.service ? "service" : "to",
      );
    }
    if (group.storage === "chilled") {
      for (const i of group.items) {
        const shelf = request.items[i]!.shelfLifeDays;
        if (shelf !== undefined && shelf < rate.transitDays) {
          return refuse(
            "shelf_life_too_short",
            `items[${i}].shelfLifeDays: ${shelf} days is shorter than the ${rate.transitDays}-day cold-chain transit to the ${zone} zone`,
            `items[${i}].shelfLifeDays`,
          );
        }
      }
    }
    rates.push(rate);
  }

  const parcels: QuoteParcel[] = [];
  for (const [g, group] of groups.entries()) {
    const rate = rates[g]!;
    const { maxParcelG, volumetricDivisor } = tariff[group.service];
    const units: PackUnit[] = [];
    for (const i of group.items) {
      const it = request.items[i]!;
      const unit = {
        item: i,
        weightG: it.weightG,
        volumeMm3: it.lengthMm * it.widthMm * it.heightMm,
      };
      for (let q = 0; q < it.quantity; q++) units.push(unit);
    }
    const packed = packFirstFit(units, produceCapacityG(group.service, maxParcelG));
    if (!packed.ok) {
      const i = packed.tooHeavy.item;
      const tare = tareG(group.service, packed.tooHeavy.weightG);
      return refuse(
        "unit_too_heavy",
        `items[${i}].weightG: one unit weighs ${packed.tooHeavy.weightG} g${tare ? ` (${packed.tooHeavy.weightG + tare} g with ${tare} g of cold-chain packing)` : ""}, over the ${maxParcelG} g ${group.service} parcel limit`,
        `items[${i}].weightG`,
      );
    }
    for (const contents of packed.parcels) {
      let produceG = 0;
      let volume = 0;
      const perItem = new Map<number, number>();
      for (const u of contents) {
        produceG += u.weightG;
        volume += u.volumeMm3;
        perItem.set(u.item, (perItem.get(u.item) ?? 0) + 1);
      }
      const actualG = produceG + tareG(group.service, produceG);
      const volumetricG = Math.ceil(volume / volumetricDivisor);
      const charged = chargeableG(actualG, volumetricG);
      parcels.push({
        service: group.service,
        storage: group.storage,
        units: contents.length,
        actualG,
        volumetricG,
        chargeableG: charged,
        priceFen: parcelPriceFen(rate, charged),
        transitDays: rate.transitDays,
        contents: [...perItem]
          .sort((a, b) => a[0] - b[0])
          .map(([item, quantity]) => ({ item, quantity })),
      });
    }
  }

  const insurance =
    request.declaredValueFen === undefined ? 0 : insuranceFen(request.declaredValueFen);
  const totalFen = parcels.reduce((sum, p) => sum + p.priceFen, insurance);
  return { ok: true, quote: { zone, parcels, insuranceFen: insurance, totalFen } };
}

/** The public JSON of a quote (the fixed contract): parcels without their contents. */
export function publicQuote(q: Quote) {
  return {
    zone: q.zone,
    parcels: q.parcels.map(({ contents: _contents, ...p }) => p),
    insuranceFen: q.insuranceFen,
    totalFen: q.totalFen,
  };
}
