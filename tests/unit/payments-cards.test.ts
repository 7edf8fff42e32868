import { describe, expect, it } from "vitest";
import {
  cardFormSchema,
  cardOutcome,
  groupCardNumber,
  laterOutcome,
  passesLuhn,
  TEST_CARDS,
} from "~/payments/test-cards";

const NOW = new Date("2026-11-23T12:00:00Z");
const good = { number: "4242 4242 4242 4242", expiry: "12/30", cvc: "123", name: "Li Lei" };

describe("test cards", () => {
  it("every listed test card passes Luhn and maps to its outcome", () => {
    expect(
      TEST_CARDS.map((c) => [
        groupCardNumber(c.number),
        cardOutcome(c.number),
        laterOutcome(c.number),
      ]),
    ).toEqual([
      ["4242 4242 4242 4242", "succeeded", "succeeded"],
      ["4000 0027 6000 3184", "succeeded", "authentication_required"],
      ["4000 0000 0000 0341", "succeeded", "declined"],
      ["4000 0000 0000 0002", "declined", undefined],
      ["4000 0000 0000 9995", "insufficient_funds", undefined],
      ["4000 0000 0000 0119", "processing_error", undefined],
    ]);
    for (const c of TEST_CARDS) expect(passesLuhn(c.number)).toBe(true);
  });

  it("any other valid number is not accepted in test mode; invalid ones fail Luhn", () => {
    expect(passesLuhn("5555555555554444")).toBe(true);
    expect(cardOutcome("5555555555554444")).toBe("not_accepted");
    expect(passesLuhn("4242424242424241")).toBe(false);
    expect(passesLuhn("42424242")).toBe(false);
    expect(passesLuhn("4242x24242424242")).toBe(false);
  });
});

describe("card form", () => {
  const parse = (over: Partial<typeof good>) => cardFormSchema(NOW).safeParse({ ...good, ...over });
  const firstError = (over: Partial<typeof good>) => {
    const r = parse(over);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
  };

  it("accepts spaces and dashes in the number and MM/YY with spaces", () => {
    const r = parse({ number: "4242-4242 4242-4242", expiry: " 12 / 30 " });
    expect(r.success && r.data).toMatchObject({
      number: "4242424242424242",
      expiry: { month: 12, year: 2030 },
    });
  });

  it.each([
    [{ number: "4242 4242 4242 4241" }, ["number:card.error.number"]],
    [{ number: "" }, ["number:card.error.number"]],
    [{ expiry: "13/30" }, ["expiry:card.error.expiry"]],
    [{ expiry: "1230" }, ["expiry:card.error.expiry"]],
    [{ expiry: "10/26" }, ["expiry:card.error.expired"]],
    [{ cvc: "12" }, ["cvc:card.error.cvc"]],
    [{ name: "  " }, ["name:card.error.name"]],
  ])("%j is refused with a message key on its field", (over, expected) => {
    expect(firstError(over)).toEqual(expected);
  });

  it("a card is good through the end of its expiry month", () => {
    expect(parse({ expiry: "11/26" }).success).toBe(true);
  });
});
