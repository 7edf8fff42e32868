import { z } from "zod";
import { isProvinceCode } from "../lib/regions";
import { SERVICES } from "./tariffs";

export const MAX_ITEM_QUANTITY = 1000;
export const MAX_ITEMS = 100;
// Bounds that keep every product of dimensions and every sum of them a safe integer.
export const MAX_UNIT_WEIGHT_G = 1_000_000;
export const MAX_DIMENSION_MM = 5_000;
export const MAX_DECLARED_FEN = 10_000_000_000;
export const MAX_SHELF_LIFE_DAYS = 3650;

const province = z
  .string({ required_error: "is required", invalid_type_error: "must be a 2-digit province code" })
  .refine(
    (code): boolean => isProvinceCode(code),
    (code) => ({ message: `unknown province code "${code.slice(0, 10)}"` }),
  );

const positiveInt = (max: number, unit: string) =>
  z
    .number({
      required_error: "is required",
      invalid_type_error: `must be a whole number of ${unit}`,
    })
    .int(`must be a whole number of ${unit}`)
    .positive("must be greater than 0")
    .max(max, `must be at most ${max}`);

export const quoteItemSchema = z.object({
  weightG: positiveInt(MAX_UNIT_WEIGHT_G, "grams"),
  lengthMm: positiveInt(MAX_DIMENSION_MM, "millimetres"),
  widthMm: positiveInt(MAX_DIMENSION_MM, "millimetres"),
  heightMm: positiveInt(MAX_DIMENSION_MM, "millimetres"),
  storage: z.enum(["ambient", "chilled"], {
    errorMap: () => ({ message: 'must be "ambient" or "chilled"' }),
  }),
  quantity: positiveInt(MAX_ITEM_QUANTITY, "units"),
  shelfLifeDays: positiveInt(MAX_SHELF_LIFE_DAYS, "days").optional(),
});

export const quoteRequestSchema = z.object({
  from: province,
  to: province,
  items: z
    .array(quoteItemSchema, {
      required_error: "is required",
      invalid_type_error: "must be a list of items",
    })
    .min(1, "must list at least one item")
    .max(MAX_ITEMS, `must list at most ${MAX_ITEMS} items`),
  service: z
    .enum(SERVICES, { errorMap: () => ({ message: `must be one of ${SERVICES.join(", ")}` }) })
    .optional(),
  declaredValueFen: z
    .number({ invalid_type_error: "must be a whole number of fen" })
    .int("must be a whole number of fen")
    .min(0, "must not be negative")
    .max(MAX_DECLARED_FEN, `must be at most ${MAX_DECLARED_FEN}`)
    .optional(),
});

export type QuoteRequest = z.infer<typeof quoteRequestSchema>;
export type QuoteItem = z.infer<typeof quoteItemSchema>;

/** `["items", 0, "weightG"]` → `items[0].weightG`, the way a caller writes the path. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    "",
  );
}

export type ParsedQuoteRequest =
  | { ok: true; request: QuoteRequest }
  | { ok: false; error: "invalid_request"; message: string; field?: string };

/** Parses an untrusted body; the first problem is reported with the field it concerns. */
export function parseQuoteRequest(body: unknown): ParsedQuoteRequest {
  const parsed = quoteRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = fieldPath(issue.path);
  if (!field)
    return { ok: false, error: "invalid_request", message: "the body must be a JSON object" };
  return { ok: false, error: "invalid_request", message: `${field}: ${issue.message}`, field };
}
