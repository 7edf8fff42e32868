import { z } from "zod";
import { addressInputSchema, emailSchema, mobileSchema } from "../orders/address";
import {
  checkoutValuesSchema,
  orderInputOf,
  readCheckoutForm,
} from "../orders/checkout-form.server";
import { submitKeySchema } from "../orders/checkout-schemas";
import { MAX_JOIN_QUANTITY, type joinDeal } from "./join.server";

/*
 * The share page's join form: how many packs, where to collect (one of the deal's pickup points,
 * or `home`), who collects (name and mobile; a guest may leave an email) or, for home delivery,
 * the checkout's own address fields read by the checkout's own parser. Errors are message keys by
 * field: `groupbuy.*` for the deal's, `address.*` / `checkout.*` for the checkout's.
 */

const text = z.string().max(200).optional().catch(undefined);
/** What the form shows back after a refusal. */
export const joinValuesSchema = checkoutValuesSchema.extend({
  quantity: text,
  pickupPointId: text,
});
export type JoinValues = z.infer<typeof joinValuesSchema>;

export const HOME = "home";

type JoinInput = Omit<Parameters<typeof joinDeal>[0], "offerId" | "now">;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function parseJoinForm(
  form: Record<string, unknown>,
  { user }: { user: { id: string; email: string } | null },
): { ok: true; join: JoinInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const q = str(form.quantity)?.trim() ?? "";
  const quantity = /^\d{1,3}$/.test(q) ? Number(q) : NaN;
  if (!(quantity >= 1 && quantity <= MAX_JOIN_QUANTITY)) errors.quantity = "groupbuy.join.quantity";
  const where = str(form.pickupPointId)?.trim() ?? "";
  if (!where || where.length > 64) errors.pickupPointId = "groupbuy.store.error.delivery";

  if (where === HOME) {
    // The checkout's fields and parser; the recipient's mobile reaches a guest who left no other.
    const read = readCheckoutForm(form);
    if (!read.ok) return { ok: false, errors: { ...read.errors, ...errors } };
    if (Object.keys(errors).length) return { ok: false, errors };
    const input = orderInputOf(read.form, user);
    return { ok: true, join: { ...input, quantity, delivery: { home: true } } };
  }

  const name = addressInputSchema.shape.name.safeParse(form.name ?? "");
  const mobile = mobileSchema.safeParse(form.mobile ?? "");
  const emailText = str(form.email)?.trim() ?? "";
  const email = emailText ? emailSchema.safeParse(emailText) : null;
  const submitKey = submitKeySchema.safeParse(form.submitKey);
  if (!name.success) errors.name = "address.name";
  if (!mobile.success) errors.mobile = "address.mobile";
  if (email && !email.success) errors.email = "checkout.email";
  if (!submitKey.success) errors.submitKey = "checkout.submitKey";
  if (!name.success || !mobile.success || (email && !email.success) || !submitKey.success)
    return { ok: false, errors };
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    join: {
      quantity,
      delivery: { pickupPointId: where },
      who: { name: name.data, mobile: mobile.data },
      userId: user?.id ?? null,
      submitKey: submitKey.data,
      contact: user
        ? { email: user.email }
        : { mobile: mobile.data, ...(email?.success ? { email: email.data } : {}) },
      ambientService: "express",
    },
  };
}
