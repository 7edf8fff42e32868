import type { z } from "zod";
import { checkoutMessages } from "./checkout-messages";
import { checkoutFormSchema } from "./checkout-schemas";

/*
 * The checkout form's field rules as message keys, one definition for both sides: the server's
 * parse (readCheckoutForm) and the page's check as the shopper leaves each field read the same
 * zod schema (checkout-schemas.ts) and turn its short messages into the same keys. Only the
 * region chain (is this city in that province?) needs the server's table on top.
 */

/** The fields the shopper types or picks, as the form names them. */
export const CHECKED_FIELDS = [
  "mobile",
  "name",
  "province",
  "cityCode",
  "districtCode",
  "detail",
  "postcode",
  "email",
  "contactMobile",
] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

/** Each field's fallback key, and the message family (`address.` / `checkout.`) of its schema's short messages. */
const FIELD_KEYS: Record<string, string> = {
  name: "address.name",
  mobile: "address.mobile",
  province: "address.province",
  cityCode: "address.city",
  districtCode: "address.district",
  detail: "address.detail",
  postcode: "address.postcode",
  email: "checkout.email",
  contactMobile: "checkout.mobile",
  submitKey: "checkout.submitKey",
};

/** A schema's short message for a field as a message key; zod's own words (a missing field) get the field's key. */
export function messageKey(field: string, message: string): string {
  const prefixed = `${FIELD_KEYS[field]?.split(".")[0] ?? "checkout"}.${message}`;
  return prefixed in checkoutMessages.zh
    ? prefixed
    : (FIELD_KEYS[field] ?? "checkout.errorSummary");
}

/** Field → message key for every field of a failed parse, first problem first. */
export function messageKeys(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    out[field] ??= messageKey(field, issue.message);
  }
  return out;
}

export function isCheckedField(name: string): name is CheckedField {
  return (CHECKED_FIELDS as readonly string[]).includes(name);
}

/** One field's message key as the server would answer it, or undefined when the value passes. */
export function checkField(name: CheckedField, value: string): string | undefined {
  const parsed = checkoutFormSchema.shape[name].safeParse(value);
  return parsed.success ? undefined : messageKey(name, parsed.error.issues[0]?.message ?? "");
}
