import { z } from "zod";
import { SERVICES, ZONES, type Service, type Zone } from "../../db/shipping-schema";

export { SERVICES, ZONES, type Service, type Zone };

/** Price of one service in one zone, in fen; transit in days. */
export interface ZoneRate {
  firstFen: number;
  stepFen: number;
  transitDays: number;
}

export interface ServiceTariff {
  maxParcelG: number;
  volumetricDivisor: number;
  /** A zone without a rate is not served by this service. */
  zones: Partial<Record<Zone, ZoneRate>>;
}

export type Tariff = Record<Service, ServiceTariff>;

/** The first price buys this much chargeable weight; each further started step costs the step price. */
export const FIRST_WEIGHT_G = 1000;
export const STEP_WEIGHT_G = 1000;

/** Issue 4's default table; the database starts with the same rows (migration 0002_default_tariff). */
export const DEFAULT_TARIFF: Tariff = {
  express: {
    maxParcelG: 30000,
    volumetricDivisor: 6000,
    zones: {
      local: { firstFen: 1200, stepFen: 200, transitDays: 1 },
      regional: { firstFen: 1500, stepFen: 400, transitDays: 2 },
      national: { firstFen: 1800, stepFen: 600, transitDays: 3 },
      remote: { firstFen: 2800, stepFen: 1200, transitDays: 5 },
    },
  },
  economy: {
    maxParcelG: 30000,
    volumetricDivisor: 8000,
    zones: {
      local: { firstFen: 800, stepFen: 100, transitDays: 2 },
      regional: { firstFen: 1000, stepFen: 200, transitDays: 3 },
      national: { firstFen: 1200, stepFen: 400, transitDays: 5 },
      remote: { firstFen: 2000, stepFen: 800, transitDays: 7 },
    },
  },
  cold_chain: {
    maxParcelG: 20000,
    volumetricDivisor: 6000,
    zones: {
      local: { firstFen: 1800, stepFen: 500, transitDays: 1 },
      regional: { firstFen: 2400, stepFen: 800, transitDays: 1 },
      national: { firstFen: 3000, stepFen: 1200, transitDays: 2 },
    },
  },
};

/** Price of a parcel whose chargeable weight is already a whole number of steps. */
export function parcelPriceFen(rate: ZoneRate, chargeableG: number): number {
  const extraSteps = Math.max(0, Math.ceil((chargeableG - FIRST_WEIGHT_G) / STEP_WEIGHT_G));
  return rate.firstFen + extraSteps * rate.stepFen;
}

// Limits keep every sum a safe integer and catch typos (a price of ¥100,000 is not a tariff).
export const MAX_PRICE_FEN = 10_000_000;
export const MAX_PARCEL_LIMIT_G = 1_000_000;
export const MAX_DIVISOR = 1_000_000;

// Messages are keys of messages.ts, so the editor shows them in the admin's language.
const num = () =>
  z.number({ required_error: "error.required", invalid_type_error: "error.number" });
const fen = num().int("error.format").min(0, "error.negative").max(MAX_PRICE_FEN, "error.tooLarge");

export const zoneRateSchema = z.object({
  firstFen: fen,
  stepFen: fen,
  transitDays: num().int("error.whole").min(1, "error.days").max(60, "error.days"),
});

export const serviceTariffSchema = z.object({
  maxParcelG: num()
    .int("error.whole")
    .min(1, "error.positive")
    .max(MAX_PARCEL_LIMIT_G, "error.tooLarge"),
  volumetricDivisor: num()
    .int("error.whole")
    .min(1, "error.positive")
    .max(MAX_DIVISOR, "error.tooLarge"),
  zones: z.object({
    local: zoneRateSchema.optional(),
    regional: zoneRateSchema.optional(),
    national: zoneRateSchema.optional(),
    remote: zoneRateSchema.optional(),
  }),
});

/** A complete tariff as an admin may save it: every service present, rates whole and in range. */
export const tariffSchema = z.object({
  express: serviceTariffSchema,
  economy: serviceTariffSchema,
  cold_chain: serviceTariffSchema,
}) satisfies z.ZodType<Tariff>;
