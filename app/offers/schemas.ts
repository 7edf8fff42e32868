import { z } from "zod";
import { PRICE_FEN } from "../catalog/limits";

/** A capped offer (flash, presale, group-buy) as a channel creates it; the standard offer is the variant's own. */
export const cappedOfferSchema = z
  .object({
    variantId: z.string().min(1).max(64),
    kind: z.enum(["flash", "presale", "groupbuy"]),
    priceFen: z.number().int().min(PRICE_FEN.min).max(PRICE_FEN.max),
    cap: z.number().int().min(1).max(10_000_000),
    startsAt: z.date().nullable().default(null),
    endsAt: z.date().nullable().default(null),
    perShopperLimit: z.number().int().min(1).max(10_000).nullable().default(null),
  })
  .refine((o) => !o.startsAt || !o.endsAt || o.endsAt > o.startsAt, {
    path: ["endsAt"],
    message: "ends before it starts",
  });
export type CappedOfferInput = z.input<typeof cappedOfferSchema>;

export const offerIdSchema = z.string().regex(/^ofr_[0-9A-Za-z]{8,40}$/);
