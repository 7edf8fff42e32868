import { describe, expect, it } from "vitest";
import { sortCards } from "~/catalog/sort";
import type { ProductCard } from "~/catalog/types";

const card = (slug: string, fromPriceFen: number | null, pricePerKgFen: number | null) =>
  ({ slug, fromPriceFen, pricePerKgFen }) as ProductCard;
const cards = [
  card("a", 3990, 1596),
  card("b", null, null),
  card("c", 1990, 796),
  card("d", 3990, 1300),
  card("e", 6800, 13600),
];
const slugs = (list: ProductCard[]) => list.map((c) => c.slug).join("");

describe("sorting listings", () => {
  it("keeps the listed order for featured", () => {
    expect(slugs(sortCards(cards, "featured"))).toBe("abcde");
  });
  it("sorts by price both ways with unpriced last and stable ties", () => {
    expect(slugs(sortCards(cards, "price-asc"))).toBe("cadeb");
    expect(slugs(sortCards(cards, "price-desc"))).toBe("eadcb");
  });
  it("sorts by price per kilogram", () => {
    expect(slugs(sortCards(cards, "per-kg"))).toBe("cdaeb");
  });
  it("does not change its input", () => {
    sortCards(cards, "price-asc");
    expect(slugs(cards)).toBe("abcde");
  });
});
