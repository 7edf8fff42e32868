import { z } from "zod";
import { DEPOSIT_KINDS, LAPSE_DEPOSITS, SHORT_DEFAULTS } from "../../db/presale-schema";
import {
  beijingTime,
  decimal,
  id,
  int,
  intToDecimalInput,
  isoDay,
  type Parsed,
} from "../catalog/admin-schemas";
import { fieldErrors } from "../lib/field-errors";
import { PRICE_FEN } from "../catalog/limits";

/*
 * The presale admin forms. Owners type yuan and Beijing times; errors are keys of
 * presale-messages.ts (`presale.admin.error.*`) or the admin shell's generic ones.
 */

const E = (k: string) => `presale.admin.error.${k}`;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const choose = (error: string) => ({ errorMap: () => ({ message: error }) });
const policy = z
  .string({ invalid_type_error: "error.invalid" })
  .trim()
  .max(2000, "error.tooLong")
  .refine((s) => !s.includes("\u0000"), "error.invalid")
  .default("");

/** Like the catalog's parseWith, keeping this module's own message keys (zod's own English becomes "invalid"). */
function parseWith<S extends z.ZodTypeAny>(schema: S, values: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const ours = (m: string) => m.startsWith("error.") || m.startsWith("presale.admin.error.");
  return {
    ok: false,
    errors: fieldErrors(result.error, { message: (m) => (ours(m) ? m : "error.invalid") }),
  };
}

/** The day (YYYY-MM-DD) a moment falls on in Beijing. */
export const beijingDay = (d: Date): string =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const termsShape = z.object({
  priceFen: decimal({ scale: 2, ...PRICE_FEN, error: E("price") }),
  depositKind: z.enum(DEPOSIT_KINDS, choose(E("depositKind"))),
  depositFixed: z.preprocess(
    blankToUndefined,
    decimal({ scale: 2, ...PRICE_FEN, error: E("depositFixed") }).optional(),
  ),
  depositPercent: z.preprocess(blankToUndefined, int(1, 99, E("depositPercent")).optional()),
  cap: int(1, 10_000_000, E("cap")),
  startsAt: beijingTime(E("datetime")),
  endsAt: beijingTime(E("datetime")),
  harvestFrom: isoDay(E("date")),
  harvestTo: isoDay(E("date")),
  shortDefault: z.enum(SHORT_DEFAULTS, choose(E("shortDefault"))),
  // Older forms do not send it: a lapsed balance refunds the deposit unless the owner chose to keep it.
  lapseDeposit: z.preprocess(
    (v) => blankToUndefined(v) ?? "refund",
    z.enum(LAPSE_DEPOSITS, choose(E("lapseDeposit"))),
  ),
  policyZh: policy,
  policyEn: policy,
  deadlineHours: z.preprocess((v) => blankToUndefined(v) ?? "48", int(1, 720, E("deadlineHours"))),
});

/** The terms as they are stored: the deposit as its kind and value (fen, percent, or 0 for full). */
export interface PresaleTermsInput {
  priceFen: number;
  depositKind: (typeof DEPOSIT_KINDS)[number];
  depositValue: number;
  cap: number;
  startsAt: Date;
  endsAt: Date;
  harvestFrom: string;
  harvestTo: string;
  shortDefault: (typeof SHORT_DEFAULTS)[number];
  lapseDeposit: (typeof LAPSE_DEPOSITS)[number];
  policyZh: string;
  policyEn: string;
  deadlineHours: number;
}

const termsFields = termsShape
  .superRefine((v, ctx) => {
    const issue = (path: string, key: string) =>
      ctx.addIssue({ code: "custom", path: [path], message: E(key) });
    if (v.depositKind === "fixed") {
      if (v.depositFixed === undefined) issue("depositFixed", "depositFixed");
      else if (v.depositFixed > v.priceFen) issue("depositFixed", "depositAbovePrice");
    }
    if (v.depositKind === "percent" && v.depositPercent === undefined)
      issue("depositPercent", "depositPercent");
    if (v.endsAt <= v.startsAt) issue("endsAt", "endsBeforeStart");
    if (v.harvestTo < v.harvestFrom) issue("harvestTo", "harvestOrder");
    if (v.harvestFrom < beijingDay(v.startsAt)) issue("harvestFrom", "harvestBeforeSales");
  })
  .transform(({ depositFixed, depositPercent, ...v }): PresaleTermsInput => ({
    ...v,
    depositValue:
      v.depositKind === "fixed" ? depositFixed! : v.depositKind === "percent" ? depositPercent! : 0,
  }));

/** The new-presale form: the pack, then its terms. */
export function parsePresaleCreate(
  values: Record<string, unknown>,
): Parsed<PresaleTermsInput & { variantId: string }> {
  const pack = parseWith(z.object({ variantId: id("var").catch("") }), values);
  const variantId = pack.ok ? pack.data.variantId : "";
  const terms = parseWith(termsFields, values);
  const errors = {
    ...(variantId ? {} : { variantId: E("pack") }),
    ...(terms.ok ? {} : terms.errors),
  };
  if (!terms.ok || !variantId) return { ok: false, errors };
  return { ok: true, data: { ...terms.data, variantId } };
}

/** The edit form: its terms (the pack never changes). */
export function parsePresaleEdit(values: Record<string, unknown>): Parsed<PresaleTermsInput> {
  return parseWith(termsFields, values);
}

/** The offer an edit form names: it must be the page's own (a mangled form moves nothing). */
export const presaleIdField = z.object({ offerId: id("ofr") });

/** A moment as a `datetime-local` value in Beijing time (the reverse of the form's parser). */
export const beijingInput = (d: Date | null): string =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16) : "";

/** Stored terms written back as the owner would type them into the form. */
export function presaleFormValues(p: {
  priceFen: number;
  cap: number;
  startsAt: Date | null;
  endsAt: Date | null;
  terms: {
    depositKind: (typeof DEPOSIT_KINDS)[number];
    depositValue: number;
    harvestFrom: string;
    harvestTo: string;
    shortDefault: string;
    lapseDeposit: string;
    policyZh: string;
    policyEn: string;
    deadlineHours: number;
  };
}) {
  const t = p.terms;
  return {
    variantId: "",
    priceFen: intToDecimalInput(p.priceFen, 2),
    depositKind: t.depositKind,
    depositFixed: t.depositKind === "fixed" ? intToDecimalInput(t.depositValue, 2) : "",
    depositPercent: t.depositKind === "percent" ? String(t.depositValue) : "",
    cap: String(p.cap),
    startsAt: beijingInput(p.startsAt),
    endsAt: beijingInput(p.endsAt),
    harvestFrom: t.harvestFrom,
    harvestTo: t.harvestTo,
    shortDefault: t.shortDefault,
    lapseDeposit: t.lapseDeposit,
    policyZh: t.policyZh,
    policyEn: t.policyEn,
    deadlineHours: String(t.deadlineHours),
  };
}
