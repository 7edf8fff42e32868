import { describe, expect, it } from "vitest";
import { fenToDecimal, formatFen, formatWeight, pricePerKgFen } from "~/lib/money";

describe("money", () => {
  it("formats fen as yuan with two decimals in both languages", () => {
    expect(formatFen(3990, "zh")).toBe("¥39.90");
    expect(formatFen(3990, "en")).toBe("¥39.90");
    expect(formatFen(5, "zh")).toBe("¥0.05");
    expect(formatFen(1234567, "en")).toBe("¥12,345.67");
  });

  it("computes price per kilogram to the nearest fen", () => {
    expect(pricePerKgFen(6990, 5000)).toBe(1398);
    expect(pricePerKgFen(3990, 2500)).toBe(1596);
    expect(pricePerKgFen(6800, 500)).toBe(13600);
    expect(pricePerKgFen(1000, 3000)).toBe(333);
    expect(() => pricePerKgFen(100, 0)).toThrow(RangeError);
  });

  it("renders decimal strings for feeds without float error", () => {
    expect(fenToDecimal(3990)).toBe("39.90");
    expect(fenToDecimal(5)).toBe("0.05");
    expect(fenToDecimal(100)).toBe("1.00");
    expect(fenToDecimal(-250)).toBe("-2.50");
  });

  it("formats weights in grams, kilograms and tonnes", () => {
    expect(formatWeight(500, "en")).toBe("500 g");
    expect(formatWeight(500, "zh")).toBe("500克");
    expect(formatWeight(2500, "en")).toBe("2.5 kg");
    expect(formatWeight(5000, "zh")).toBe("5公斤");
    expect(formatWeight(80_000_000, "en")).toBe("80 t");
    expect(formatWeight(18_000_000, "zh")).toBe("18吨");
  });
});
