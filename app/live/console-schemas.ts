import { z } from "zod";
import { LIVE_PLATFORMS } from "../../db/live-schema";
import { PRICE_FEN } from "../catalog/limits";
import {
  beijingTime as beijingTimeField,
  decimal,
  id,
  int,
  parseWith,
  required,
  type Parsed,
} from "../catalog/admin-schemas";
import type { SaleTiming } from "./sales.server";

/*
 * The host console's forms and the owner's approvals. Error messages are keys of
 * live-console-messages.ts (or the admin shell's generic ones).
 */

/** One of a list's ids (a select's value): anything else is the field's own error. */
const choice = (prefix: string, error: string) =>
  z
    .string({ required_error: error, invalid_type_error: error })
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,40}$`), error);

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const beijingTime = beijingTimeField();

export const sessionFields = z.object({
  title: required(100),
  platform: z.enum(LIVE_PLATFORMS, { errorMap: () => ({ message: "error.platform" }) }),
  scheduledAt: beijingTime,
});

const saleBase = z.object({
  variantId: choice("var", "error.pack"),
  priceFen: decimal({ scale: 2, ...PRICE_FEN, error: "error.flashPrice" }),
  quantity: int(1, 1_000_000, "error.saleQuantity"),
  perShopperLimit: z.preprocess(blankToUndefined, int(1, 10_000, "error.limit").optional()),
  holdMinutes: z.preprocess(blankToUndefined, int(1, 60, "error.hold").optional()),
});

const countdownTiming = z.object({
  countdownSeconds: int(10, 300, "error.countdown"),
  durationMinutes: int(1, 1440, "error.duration"),
});

const fixedTiming = z
  .object({ startsAt: beijingTime, endsAt: beijingTime })
  .refine((t) => t.endsAt > t.startsAt && t.endsAt.getTime() > Date.now(), {
    path: ["endsAt"],
    message: "error.endsAt",
  });

export interface SaleInput {
  variantId: string;
  priceFen: number;
  quantity: number;
  perShopperLimit: number | null;
  holdSeconds: number | undefined;
  timing: SaleTiming;
}

/** The new-sale form: the pack and its terms, then the timing its `timing` field chose; every field's error at once. */
export function parseSaleForm(values: Record<string, unknown>): Parsed<SaleInput> {
  const base = parseWith(saleBase, values);
  const kind = values.timing === "fixed" ? "fixed" : "countdown";
  const timing =
    kind === "fixed" ? parseWith(fixedTiming, values) : parseWith(countdownTiming, values);
  if (!base.ok || !timing.ok)
    return {
      ok: false,
      errors: { ...(base.ok ? {} : base.errors), ...(timing.ok ? {} : timing.errors) },
    };
  const t = timing.data as z.infer<typeof fixedTiming> | z.infer<typeof countdownTiming>;
  return {
    ok: true,
    data: {
      variantId: base.data.variantId,
      priceFen: base.data.priceFen,
      quantity: base.data.quantity,
      perShopperLimit: base.data.perShopperLimit ?? null,
      holdSeconds: base.data.holdMinutes === undefined ? undefined : base.data.holdMinutes * 60,
      timing:
        "startsAt" in t
          ? { kind: "fixed", startsAt: t.startsAt, endsAt: t.endsAt }
          : {
              kind: "countdown",
              countdownSeconds: t.countdownSeconds,
              durationSeconds: t.durationMinutes * 60,
            },
    },
  };
}

export const SALE_INTENTS = ["start", "pause", "resume", "end", "pin", "unpin"] as const;
export const saleIdField = z.object({ saleId: id("fls") });
/** A sale or session id from the URL: anything else is simply not found. */
export const saleIdParam = id("fls");
export const sessionIdParam = id("lvs");

export const approvalFields = z.object({
  hostEmail: z
    .string({ required_error: "error.required", invalid_type_error: "error.email" })
    .trim()
    .min(1, "error.required")
    .max(254, "error.email")
    .email("error.email"),
  productId: choice("prd", "error.product"),
  // Percent with two decimals is basis points: "8.5" → 850.
  commissionBps: decimal({ scale: 2, min: 0, max: 5000, error: "error.commission" }),
});
export const approvalIdField = z.object({ approvalId: id("hap") });
