import type { ProductCard } from "./types";

export const SORTS = ["featured", "price-asc", "price-desc", "per-kg"] as const;
export type Sort = (typeof SORTS)[number];

/** Orders listing cards; products without a price go last, ties keep their listed order. */
export function sortCards(cards: readonly ProductCard[], sort: Sort): ProductCard[] {
  if (sort === "featured") return [...cards];
  const key = (c: ProductCard) => (sort === "per-kg" ? c.pricePerKgFen : c.fromPriceFen);
  const direction = sort === "price-desc" ? -1 : 1;
  return cards
    .map((card, index) => ({ card, index, value: key(card) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      }
      return (a.value - b.value) * direction || a.index - b.index;
    })
    .map((x) => x.card);
}
