import { z } from "zod";

/** What a simulated card does. The numbers follow Stripe's test cards, so testers know them. */
export type CardOutcome =
  "succeeded" | "declined" | "insufficient_funds" | "processing_error" | "not_accepted";

/** What a later off-session charge to a card saved by a payment does (a presale balance). */
export type LaterOutcome = "succeeded" | "authentication_required" | "declined";
export const LATER_OUTCOMES = [
  "succeeded",
  "authentication_required",
  "declined",
] as const satisfies readonly LaterOutcome[];

export interface TestCard {
  number: string;
  outcome: Exclude<CardOutcome, "not_accepted">;
  /** Cards that pay now can be saved; this is what charging the saved card later does. */
  later?: LaterOutcome;
}

export const TEST_CARDS: TestCard[] = [
  { number: "4242424242424242", outcome: "succeeded", later: "succeeded" },
  { number: "4000002760003184", outcome: "succeeded", later: "authentication_required" },
  { number: "4000000000000341", outcome: "succeeded", later: "declined" },
  { number: "4000000000000002", outcome: "declined" },
  { number: "4000000000009995", outcome: "insufficient_funds" },
  { number: "4000000000000119", outcome: "processing_error" },
];

export function digitsOnly(value: string): string {
  return value.replace(/[\s-]/g, "");
}

/** "4242424242424242" → "4242 4242 4242 4242". */
export function groupCardNumber(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export function passesLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Any other well-formed number is refused: only the listed cards mean anything in test mode. */
export function cardOutcome(digits: string): CardOutcome {
  return TEST_CARDS.find((c) => c.number === digits)?.outcome ?? "not_accepted";
}

/** What a later charge to this card, once saved, does; undefined for a card that cannot pay now. */
export function laterOutcome(digits: string): LaterOutcome | undefined {
  return TEST_CARDS.find((c) => c.number === digits)?.later;
}

/** Message keys (see messages.ts) for each field problem, so the page can translate them. */
export type CardFieldError =
  | "card.error.number"
  | "card.error.expiry"
  | "card.error.expired"
  | "card.error.cvc"
  | "card.error.name";

/**
 * The card form. `now` decides whether MM/YY has passed (a card is good through the end of its
 * month). Errors carry message keys, not prose.
 */
export function cardFormSchema(now: Date) {
  return z.object({
    number: z
      .string()
      .max(40, "card.error.number")
      .transform(digitsOnly)
      .refine(passesLuhn, "card.error.number"),
    expiry: z
      .string()
      .trim()
      .regex(/^(0[1-9]|1[0-2])\s*\/\s*(\d{2})$/, "card.error.expiry")
      .transform((s) => {
        const [mm, yy] = s.split("/").map((p) => Number(p.trim()));
        return { month: mm!, year: 2000 + yy! };
      })
      .refine(({ month, year }) => Date.UTC(year, month, 1) > now.getTime(), "card.error.expired"),
    cvc: z
      .string()
      .trim()
      .regex(/^\d{3,4}$/, "card.error.cvc"),
    name: z
      .string()
      .trim()
      .min(1, "card.error.name")
      .max(80, "card.error.name")
      .refine((s) => !s.includes("\u0000"), "card.error.name"),
  });
}

export type CardForm = z.infer<ReturnType<typeof cardFormSchema>>;
