import { z } from "zod";
import { AMBIENT_SERVICES } from "../../db/order-values";
import { isProvinceCode } from "../lib/regions";
import { addressInputSchema, emailSchema, mobileSchema } from "./address";

/**
 * The checkout form, shared by the page (field messages) and the server (the only parse that
 * counts). Messages are keys the page translates: `address.<key>` for address fields,
 * `checkout.<key>` for the rest.
 */
export const ambientServiceSchema = z.enum(AMBIENT_SERVICES).catch("express");

/** The page's one-time token: a double click or a resubmitted form carries the same one. */
export const submitKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "submitKey");

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/** Guest contact: an email or a mobile (or both); a signed-in shopper's account email is used. */
export const contactInputSchema = z.object({
  email: optionalText.pipe(emailSchema.optional()),
  contactMobile: optionalText.pipe(mobileSchema.optional()),
});

export const checkoutFormSchema = addressInputSchema.merge(contactInputSchema).extend({
  submitKey: submitKeySchema,
  ambientService: ambientServiceSchema,
});
export type CheckoutForm = z.infer<typeof checkoutFormSchema>;

/** The live quote's query (`?province=36&service=economy`); anything malformed means "no province yet". */
export const planQuerySchema = z.object({
  province: z
    .string()
    .optional()
    .transform((v) => (v && isProvinceCode(v) ? v : undefined)),
  // A service the store does not offer is read as the default, as an unknown province is read as none.
  service: ambientServiceSchema
    .optional()
    .catch(undefined)
    .transform((v) => v ?? "express"),
});
