import { z } from "zod";
import {
  beijingTime,
  decimal,
  id,
  int,
  intToDecimalInput,
  type Parsed,
} from "../catalog/admin-schemas";
import { PRICE_FEN } from "../catalog/limits";
import type { FieldErrors } from "../lib/field-errors";
import { fieldErrors } from "../lib/field-errors";
import { isProvinceCode } from "../lib/regions";
import { mobileSchema } from "../orders/address";
import type { Tier } from "./tiers";

/*
 * The group-buy admin forms. Owners type yuan, whole packs and Beijing times; errors are keys of
 * groupbuy-messages.ts (`groupbuy.admin.error.*`) or the admin shell's generic ones (`error.*`).
 */

const E = (k: string) => `groupbuy.admin.error.${k}`;
const blank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");
const noControl = (s: string) =>
  ![...s].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);
const ours = (m: string) => m.startsWith("error.") || m.startsWith("groupbuy.admin.error.");

function parseWith<S extends z.ZodTypeAny>(schema: S, values: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: fieldErrors(result.error, {
      // The orders module's mobile number schema speaks its own key.
      message: (m) => (ours(m) ? m : m === "mobile" ? E("mobile") : "error.invalid"),
    }),
  };
}

/** Tier 1 (the price, from 1 pack) and up to four more, each for more packs at a lower price. */
export const EXTRA_TIERS = [2, 3, 4, 5] as const;
/** The longest a deal may run: a charge-on-join deal holds shoppers' money until it settles. */
export const MAX_DEAL_DAYS = 60;
const MAX_PACKS = 10_000_000;

/** A deal's terms as the domain takes them (the pack and the share code aside). */
export interface DealTermsInput {
  /** Sorted by minQuantity; tier 1 is { minQuantity: 1, priceFen: the deal's price }. */
  tiers: Tier[];
  minQuantity: number;
  maxQuantity: number;
  endsAt: Date;
  pickupPointIds: string[];
  allowHomeDelivery: boolean;
}

/** The form field a tier's quantity or price is typed into (tier 1's price is `priceFen`). */
export const tierField = (index: number, what: "min" | "price") =>
  index === 0 ? "priceFen" : what === "min" ? `tierMin${index + 1}` : `tierPrice${index + 1}`;

/**
 * The rules every deal's terms keep, by form field: tier 1 from 1 pack, each next tier for more
 * packs at a strictly lower price and within the maximum; minimum ≤ maximum; a deadline in the
 * future, at most MAX_DEAL_DAYS away; somewhere to collect or home delivery.
 */
export function checkDealTerms(t: DealTermsInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const set = (field: string, key: string) => (errors[field] ??= E(key));
  if (t.tiers[0]?.minQuantity !== 1) set("priceFen", "tierOne");
  t.tiers.forEach((tier, i) => {
    if (
      !Number.isSafeInteger(tier.priceFen) ||
      tier.priceFen < PRICE_FEN.min ||
      tier.priceFen > PRICE_FEN.max
    )
      set(tierField(i, "price"), "price");
    if (i === 0) return;
    const prev = t.tiers[i - 1]!;
    if (tier.minQuantity <= prev.minQuantity) set(tierField(i, "min"), "tierOrder");
    else if (tier.minQuantity > t.maxQuantity) set(tierField(i, "min"), "tierAboveMax");
    if (tier.priceFen >= prev.priceFen) set(tierField(i, "price"), "tierNotLower");
  });
  if (t.minQuantity > t.maxQuantity) set("minQuantity", "minAboveMax");
  if (t.endsAt.getTime() <= now.getTime()) set("endsAt", "endsPast");
  else if (t.endsAt.getTime() - now.getTime() > MAX_DEAL_DAYS * 86_400_000)
    set("endsAt", "endsTooFar");
  if (!t.pickupPointIds.length && !t.allowHomeDelivery) set("pickupPointIds", "delivery");
  return errors;
}

const dealShape = z.object({
  priceFen: decimal({ scale: 2, ...PRICE_FEN, error: E("price") }),
  minQuantity: int(1, MAX_PACKS, E("minQuantity")),
  maxQuantity: int(1, MAX_PACKS, E("maxQuantity")),
  endsAt: beijingTime(E("datetime")),
  pickupPointIds: z
    .array(id("pkp"), { invalid_type_error: E("point") })
    .max(50, E("point"))
    .transform((ids) => [...new Set(ids)]),
  // A checkbox: "on" when ticked, absent when not.
  allowHomeDelivery: z.preprocess(
    (v) => (blank(v) ? false : v === "on" || v === "true" ? true : v),
    z.boolean({ invalid_type_error: "error.invalid" }),
  ),
});

/** The deal form: tier 1's price, extra tiers (a row left blank is no tier), quantities, deadline, delivery. */
export function parseDealTerms(values: Record<string, unknown>, now: Date): Parsed<DealTermsInput> {
  const base = parseWith(dealShape, { ...values, pickupPointIds: values.pickupPointIds ?? [] });
  const errors: FieldErrors = {};
  // A stray point id is one problem with the points, not a field of its own.
  for (const [field, key] of Object.entries(base.ok ? {} : base.errors))
    if (field.startsWith("pickupPointIds.")) errors.pickupPointIds ??= E("point");
    else errors[field] = key;
  const tiers: Tier[] = [];
  for (const n of EXTRA_TIERS) {
    const min = values[`tierMin${n}`];
    const price = values[`tierPrice${n}`];
    if (blank(min) && blank(price)) continue;
    const q = int(2, MAX_PACKS, E("tierMin")).safeParse(blank(min) ? undefined : min);
    const p = decimal({ scale: 2, ...PRICE_FEN, error: E("price") }).safeParse(
      blank(price) ? undefined : price,
    );
    if (!q.success) errors[`tierMin${n}`] = E("tierMin");
    if (!p.success) errors[`tierPrice${n}`] = blank(price) ? E("tierPrice") : E("price");
    if (q.success && p.success) tiers.push({ minQuantity: q.data, priceFen: p.data });
  }
  // The rules are checked even when some fields did not parse, so the owner sees every problem
  // at once; a field that did not parse stands in with a value no rule objects to.
  const one = <K extends keyof typeof dealShape.shape>(
    k: K,
    fallback: z.infer<typeof dealShape>[K],
  ) => {
    const r = dealShape.shape[k].safeParse(k === "pickupPointIds" ? (values[k] ?? []) : values[k]);
    return r.success ? (r.data as z.infer<typeof dealShape>[K]) : fallback;
  };
  const priceFen = base.ok ? base.data.priceFen : one("priceFen", PRICE_FEN.max);
  const terms: DealTermsInput = base.ok
    ? { ...base.data, tiers: [] }
    : {
        tiers: [],
        minQuantity: one("minQuantity", 1),
        maxQuantity: one("maxQuantity", MAX_PACKS),
        endsAt: one("endsAt", new Date(now.getTime() + 86_400_000)),
        pickupPointIds: one("pickupPointIds", ["pkp_unparsed"]),
        allowHomeDelivery: one("allowHomeDelivery", true),
      };
  // Rows in the order typed: checkDealTerms says which one is out of order.
  terms.tiers = [{ minQuantity: 1, priceFen }, ...tiers];
  const tierRowsParsed = !Object.keys(errors).some((f) => f.startsWith("tier"));
  const rules = Object.entries(renumber(checkDealTerms(terms, now), values)).filter(
    ([f]) => tierRowsParsed || !f.startsWith("tier"),
  );
  const all = { ...Object.fromEntries(rules), ...errors };
  if (!base.ok || Object.keys(all).length) return { ok: false, errors: all };
  return { ok: true, data: terms };
}

/** checkDealTerms names tiers by their place among the filled rows; the form names them by row. */
function renumber(errors: FieldErrors, values: Record<string, unknown>): FieldErrors {
  const rows = EXTRA_TIERS.filter(
    (n) => !blank(values[`tierMin${n}`]) || !blank(values[`tierPrice${n}`]),
  );
  const out: FieldErrors = {};
  for (const [field, key] of Object.entries(errors)) {
    const m = /^tier(Min|Price)(\d)$/.exec(field);
    out[m ? `tier${m[1]}${rows[Number(m[2]) - 2]}` : field] = key;
  }
  return out;
}

/** The new-deal form: the pack, then its terms. */
export function parseDealCreate(
  values: Record<string, unknown>,
  now: Date,
): Parsed<DealTermsInput & { variantId: string }> {
  const pack = z.object({ variantId: id("var") }).safeParse(values);
  const terms = parseDealTerms(values, now);
  const errors = {
    ...(pack.success ? {} : { variantId: E("pack") }),
    ...(terms.ok ? {} : terms.errors),
  };
  if (!terms.ok || !pack.success) return { ok: false, errors };
  return { ok: true, data: { ...terms.data, variantId: pack.data.variantId } };
}

/** The offer an edit form names: it must be the page's own (a mangled form changes nothing). */
export const dealIdField = z.object({ offerId: id("ofr") });
/** The pickup point an edit form names. */
export const pointIdField = z.object({ pointId: id("pkp") });

/** A moment as a `datetime-local` value in Beijing time (the reverse of the form's parser). */
export const beijingInput = (d: Date | null): string =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16) : "";

/** Stored terms written back as the owner would type them. */
export function dealFormValues(d: {
  tiers: Tier[];
  minQuantity: number;
  maxQuantity: number;
  endsAt: Date | null;
  pickupPointIds: string[];
  allowHomeDelivery: boolean;
}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    variantId: "",
    priceFen: d.tiers[0] ? intToDecimalInput(d.tiers[0].priceFen, 2) : "",
    minQuantity: String(d.minQuantity),
    maxQuantity: String(d.maxQuantity),
    endsAt: beijingInput(d.endsAt),
    pickupPointIds: d.pickupPointIds,
    allowHomeDelivery: d.allowHomeDelivery ? "on" : "",
  };
  EXTRA_TIERS.forEach((n, i) => {
    const t = d.tiers[i + 1];
    out[`tierMin${n}`] = t ? String(t.minQuantity) : "";
    out[`tierPrice${n}`] = t ? intToDecimalInput(t.priceFen, 2) : "";
  });
  return out;
}

// ---------------------------------------------------------------- pickup points

const text = (max: number, { required = true } = {}) =>
  z
    .string({ required_error: "error.required", invalid_type_error: "error.invalid" })
    .trim()
    .min(required ? 1 : 0, "error.required")
    .max(max, "error.tooLong")
    .refine(noControl, "error.invalid");

export const pointFields = z.object({
  name: text(60),
  provinceCode: z
    .string({ required_error: E("province"), invalid_type_error: E("province") })
    .refine(isProvinceCode, E("province")),
  cityCode: z
    .string({ required_error: E("city"), invalid_type_error: E("city") })
    .regex(/^\d{4}$/, E("city")),
  districtCode: z
    .string({ required_error: E("district"), invalid_type_error: E("district") })
    .regex(/^\d{6}$/, E("district")),
  addressLine: text(120),
  openingHours: text(120, { required: false }).default(""),
  leaderEmail: z
    .string({ required_error: "error.required", invalid_type_error: "error.email" })
    .trim()
    .toLowerCase()
    .min(1, "error.required")
    .max(254, "error.tooLong")
    .email("error.email"),
  leaderName: text(40),
  leaderMobile: z
    .string({ required_error: E("mobile"), invalid_type_error: E("mobile") })
    .pipe(mobileSchema),
  // A percent with up to two decimals ("7.5" → 750 basis points), 0–30 %.
  commissionBps: decimal({ scale: 2, min: 0, max: 3_000, error: E("commission") }),
  active: z.preprocess(
    (v) => (blank(v) ? false : v === "on" || v === "true" ? true : v),
    z.boolean({ invalid_type_error: "error.invalid" }),
  ),
});

export type PointInput = z.infer<typeof pointFields>;

/** The pickup point form. The region's codes are checked against each other on the server. */
export function parsePoint(values: Record<string, unknown>): Parsed<PointInput> {
  return parseWith(pointFields, values);
}

/** A stored point written back as the owner would type it. */
export function pointFormValues(p: {
  name: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  addressLine: string;
  openingHours: string;
  leaderEmail: string;
  leaderName: string;
  leaderMobile: string;
  commissionBps: number;
  active: boolean;
}): Record<string, string> {
  return {
    name: p.name,
    provinceCode: p.provinceCode,
    cityCode: p.cityCode,
    districtCode: p.districtCode,
    addressLine: p.addressLine,
    openingHours: p.openingHours,
    leaderEmail: p.leaderEmail,
    leaderName: p.leaderName,
    leaderMobile: p.leaderMobile,
    commissionBps: intToDecimalInput(p.commissionBps, 2),
    active: p.active ? "on" : "",
  };
}
