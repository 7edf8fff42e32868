import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  displayTrackingNumber,
  formatTrackingNumber,
  isValidS10,
  normalizeTrackingNumber,
  parseS10,
  s10CheckDigit,
} from "~/shipping/s10";

describe("S10 check digit", () => {
  it("matches the UPU example RB123456785US", () => {
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5
    expect(s10CheckDigit("12345678")).toBe(5);
    expect(isValidS10("RB123456785US")).toBe(true);
    expect(parseS10("RB123456785US")).toEqual({
      prefix: "RB",
      serial: "12345678",
      checkDigit: 5,
      country: "US",
    });
  });

  it("maps a remainder giving 10 to 0", () => {
    // 1·8 + 1·9 + 4·7 = 45; 45 mod 11 = 1; 11 − 1 = 10 → 0
    expect(s10CheckDigit("10000014")).toBe(0);
    expect(formatTrackingNumber({ service: "express", serial: 10000014 })).toBe("EA100000140CN");
  });

  it("maps a remainder giving 11 to 5", () => {
    // 1·8 + 2·7 = 22; 22 mod 11 = 0; 11 − 0 = 11 → 5
    expect(s10CheckDigit("10000002")).toBe(5);
    expect(s10CheckDigit("00000000")).toBe(5);
    expect(formatTrackingNumber({ service: "cold_chain", serial: 10000002 })).toBe("EF100000025CN");
  });

  it("uses the ordinary 11 − remainder otherwise", () => {
    expect(s10CheckDigit("10000000")).toBe(3); // 8 → 11 − 8
    expect(s10CheckDigit("00000001")).toBe(4); // 7 → 11 − 7
  });

  it("refuses serials that are not 8 digits", () => {
    expect(() => s10CheckDigit("1234567")).toThrow(RangeError);
    expect(() => s10CheckDigit("1234567a")).toThrow(RangeError);
    expect(() => formatTrackingNumber({ service: "express", serial: 123456789 })).toThrow(
      RangeError,
    );
  });
});

describe("S10 format and validation", () => {
  it("prefixes by service and ends in CN", () => {
    expect(formatTrackingNumber({ service: "express", serial: 12345678 })).toBe("EA123456785CN");
    expect(formatTrackingNumber({ service: "economy", serial: 12345678 })).toBe("CA123456785CN");
    expect(formatTrackingNumber({ service: "cold_chain", serial: 12345678 })).toBe("EF123456785CN");
  });

  it("rejects a wrong check digit, wrong shape or lower case", () => {
    expect(isValidS10("RB123456784US")).toBe(false);
    expect(isValidS10("RB12345678US")).toBe(false);
    expect(isValidS10("R1123456785US")).toBe(false);
    expect(isValidS10("rb123456785us")).toBe(false);
    expect(isValidS10("RB123456785USX")).toBe(false);
    expect(parseS10("EA123456784CN")).toBeNull();
  });

  it("normalizes what people type and groups for print", () => {
    expect(normalizeTrackingNumber(" ea 1234-5678 5 cn ")).toBe("EA123456785CN");
    expect(displayTrackingNumber("EA123456785CN")).toBe("EA 1234 5678 5 CN");
  });

  it("every formatted number validates, and changing any one serial digit breaks it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000_000, max: 99_999_999 }),
        fc.constantFrom("express", "economy", "cold_chain" as const),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (serial, service, position, delta) => {
          const number = formatTrackingNumber({ service, serial });
          expect(isValidS10(number)).toBe(true);
          const digits = number.split("");
          digits[2 + position] = String((Number(digits[2 + position]) + delta) % 10);
          // Weights are non-zero mod 11 and 11 is prime, so a one-digit change always moves the
          // remainder; only the 11 → 5 fold can land on the same printed digit.
          const mutated = digits.join("");
          const m = parseS10(mutated);
          if (m) expect(m.checkDigit).toBe(5);
        },
      ),
    );
  });
});
