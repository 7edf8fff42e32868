import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { produceCapacityG, tareG } from "~/shipping/packing";
import { quote } from "~/shipping/quote";
import type { QuoteItem, QuoteRequest } from "~/shipping/schemas";
import { DEFAULT_TARIFF, parcelPriceFen } from "~/shipping/tariffs";
import { zoneFor } from "~/shipping/zones";

const served = ["11", "14", "15", "31", "36", "44", "46", "51", "54", "61", "65"];
const itemArb: fc.Arbitrary<QuoteItem> = fc.record(
  {
    weightG: fc.oneof(
      fc.integer({ min: 1, max: 17700 }),
      fc.constantFrom(1000, 1001, 15000, 17700),
    ),
    lengthMm: fc.integer({ min: 1, max: 800 }),
    widthMm: fc.integer({ min: 1, max: 800 }),
    heightMm: fc.integer({ min: 1, max: 800 }),
    storage: fc.constantFrom("ambient" as const, "chilled" as const),
    quantity: fc.integer({ min: 1, max: 40 }),
  },
  { requiredKeys: ["weightG", "lengthMm", "widthMm", "heightMm", "storage", "quantity"] },
);
const requestArb: fc.Arbitrary<QuoteRequest> = fc.record(
  {
    from: fc.constantFrom(...served),
    to: fc.constantFrom(...served),
    items: fc.array(itemArb, { minLength: 1, maxLength: 8 }),
    service: fc.constantFrom("express" as const, "economy" as const, "cold_chain" as const),
    declaredValueFen: fc.integer({ min: 0, max: 10_000_000 }),
  },
  { requiredKeys: ["from", "to", "items"] },
);

describe("quote properties (random orders, default tariff)", () => {
  it("every parcel within the max, every unit packed once, total = sum of parts, storage never mixed", () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const outcome = quote(request, DEFAULT_TARIFF);
        const hasChilled = request.items.some((i) => i.storage === "chilled");
        if (!outcome.ok) {
          // Only two reasons can refuse these orders: a named service that cannot carry chilled
          // goods, or cold chain asked for (or needed) where it does not go.
          const wrongService =
            hasChilled && request.service !== undefined && request.service !== "cold_chain";
          const coldToRemote =
            zoneFor(request.from, request.to) === "remote" &&
            (hasChilled || request.service === "cold_chain");
          expect(outcome.error).toBe(wrongService ? "service_cannot_carry" : "zone_not_served");
          expect(wrongService || coldToRemote).toBe(true);
          return;
        }
        const q = outcome.quote;
        expect(q.zone).toBe(zoneFor(request.from, request.to));
        const packed = request.items.map(() => 0);
        let sum = q.insuranceFen;
        for (const p of q.parcels) {
          const service = DEFAULT_TARIFF[p.service];
          const rate = service.zones[q.zone]!;
          expect(p.actualG).toBeLessThanOrEqual(service.maxParcelG);
          let produce = 0;
          let volume = 0;
          let units = 0;
          for (const { item, quantity } of p.contents) {
            const it = request.items[item]!;
            expect(it.storage).toBe(p.storage); // chilled never with ambient
            packed[item]! += quantity;
            units += quantity;
            produce += it.weightG * quantity;
            volume += it.lengthMm * it.widthMm * it.heightMm * quantity;
          }
          expect(p.units).toBe(units);
          expect(p.actualG).toBe(produce + tareG(p.service, produce));
          expect(p.volumetricG).toBe(Math.ceil(volume / service.volumetricDivisor));
          expect(p.chargeableG % 1000).toBe(0);
          expect(p.chargeableG).toBeGreaterThanOrEqual(Math.max(1000, p.actualG, p.volumetricG));
          expect(p.chargeableG - 1000).toBeLessThan(Math.max(1000, p.actualG, p.volumetricG));
          expect(p.priceFen).toBe(parcelPriceFen(rate, p.chargeableG));
          expect(p.service === "cold_chain" || p.storage === "ambient").toBe(true);
          sum += p.priceFen;
        }
        expect(packed).toEqual(request.items.map((i) => i.quantity));
        expect(q.totalFen).toBe(sum);
        expect(q.insuranceFen).toBe(
          request.declaredValueFen === undefined
            ? 0
            : Math.max(100, Math.ceil(request.declaredValueFen * 0.005)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("first fit leaves no two parcels of one service and storage that could have been one", () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        const outcome = quote({ ...request, service: undefined }, DEFAULT_TARIFF);
        if (!outcome.ok) return;
        // Lightest unit of each parcel never fits the room left in an earlier parcel of its kind.
        outcome.quote.parcels.forEach((later, j) => {
          const lightest = Math.min(...later.contents.map((c) => request.items[c.item]!.weightG));
          const cap = produceCapacityG(later.service, DEFAULT_TARIFF[later.service].maxParcelG);
          for (const earlier of outcome.quote.parcels.slice(0, j)) {
            if (earlier.service !== later.service || earlier.storage !== later.storage) continue;
            const produce = earlier.contents.reduce(
              (s, c) => s + request.items[c.item]!.weightG * c.quantity,
              0,
            );
            expect(produce + lightest).toBeGreaterThan(cap);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("produce capacity is the largest produce whose parcel, with tare, stays within the max", () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 100000 }), (max) => {
        const cap = produceCapacityG("cold_chain", max);
        expect(cap + tareG("cold_chain", cap)).toBeLessThanOrEqual(max);
        expect(cap + 1 + tareG("cold_chain", cap + 1)).toBeGreaterThan(max);
        expect(produceCapacityG("express", max)).toBe(max);
      }),
    );
  });
});
