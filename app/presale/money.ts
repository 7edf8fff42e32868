import type { DepositKind } from "../../db/presale-schema";

/** A presale's deposit rule: fixed fen per pack, a percent of the price, or the full price. */
export interface DepositRule {
  depositKind: DepositKind;
  depositValue: number;
}

/** The deposit of one pack at `priceFen` (the full price for `full`). */
export function depositPerPack(rule: DepositRule, priceFen: number): number {
  if (rule.depositKind === "fixed") return Math.min(rule.depositValue, priceFen);
  if (rule.depositKind === "percent") return Math.round((priceFen * rule.depositValue) / 100);
  return priceFen;
}

/**
 * What is paid now and what when the fruit ships, for `quantity` packs of an order totalling
 * `totalFen` (items and shipping). Full price pays everything now, shipping included.
 */
export function splitPayment(
  rule: DepositRule,
  { priceFen, quantity, totalFen }: { priceFen: number; quantity: number; totalFen: number },
): { depositFen: number; balanceFen: number } {
  const depositFen =
    rule.depositKind === "full"
      ? totalFen
      : Math.max(1, Math.min(totalFen, depositPerPack(rule, priceFen) * quantity));
  return { depositFen, balanceFen: totalFen - depositFen };
}
