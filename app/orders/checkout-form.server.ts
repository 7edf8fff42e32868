import { z } from "zod";
import { fieldErrors } from "../lib/field-errors";
import { citiesOf, districtsOf } from "../lib/regions.server";
import { checkoutMessages } from "./checkout-messages";
import { checkoutFormSchema, type CheckoutForm } from "./checkout-schemas";

/*
 * The checkout form as every checkout reads it (the cart's, `/checkout`; a flash-sale claim's,
 * `/claims/:id/checkout`; a pre-order's, `/presale/:offerId`): what to show back, the region lists, and the one parse that counts.
 */

/** What the form shows: the saved address, or what the shopper sent. */
const text = z.string().max(200).optional().catch(undefined);
export const checkoutValuesSchema = z.object({
  name: text,
  mobile: text,
  province: text,
  cityCode: text,
  districtCode: text,
  detail: text,
  postcode: text,
  email: text,
  contactMobile: text,
  ambientService: text,
});
export type CheckoutValues = z.infer<typeof checkoutValuesSchema>;

/** The city and district lists the pickers start with, for whatever is chosen so far. */
export function regionLists(v: CheckoutValues) {
  const cities = v.province ? citiesOf(v.province) : [];
  const cityCode = cities.some((c) => c.code === v.cityCode)
    ? v.cityCode!
    : cities.length === 1
      ? cities[0]!.code
      : "";
  const districts = cityCode ? districtsOf(cityCode) : [];
  const districtCode = districts.some((d) => d.code === v.districtCode)
    ? v.districtCode!
    : districts.length === 1
      ? districts[0]!.code
      : "";
  return { cities, districts, cityCode, districtCode };
}

/**
 * The form parsed, or the fields to fix as message keys. A guest must leave a way to reach them
 * (a signed-in shopper has the account's email); the city must be in the province, the district
 * in the city.
 */
export function readCheckoutForm(
  form: Record<string, unknown>,
  { signedIn }: { signedIn: boolean },
): { ok: true; form: CheckoutForm } | { ok: false; errors: Record<string, string> } {
  const values = checkoutValuesSchema.parse(form);
  const parsed = checkoutFormSchema.safeParse(form);
  const errors = parsed.success ? {} : messageKeys(fieldErrors(parsed.error));
  if (
    !signedIn &&
    !errors.email &&
    !errors.contactMobile &&
    !values.email?.trim() &&
    !values.contactMobile?.trim()
  )
    errors.email = "checkout.contact";
  if (!errors.province && !errors.cityCode && !errors.districtCode) {
    const province = String(form.province);
    const cityCode = String(form.cityCode);
    if (!cityCode.startsWith(province) || !citiesOf(province).some((c) => c.code === cityCode))
      errors.cityCode = "address.city";
    else if (!districtsOf(cityCode).some((d) => d.code === String(form.districtCode)))
      errors.districtCode = "address.district";
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, form: parsed.data };
}

/** The schemas' short messages as message keys; a missing field (zod's own message) gets the field's key. */
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
function messageKeys(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const prefixed = `${FIELD_KEYS[field]?.split(".")[0] ?? "checkout"}.${message}`;
    out[field] =
      prefixed in checkoutMessages.zh ? prefixed : (FIELD_KEYS[field] ?? "checkout.errorSummary");
  }
  return out;
}

/** What a parsed checkout form gives placeOrder: the submit key, contact, address and service. */
export function orderInputOf(f: CheckoutForm, user: { id: string; email: string } | null) {
  return {
    userId: user?.id ?? null,
    submitKey: f.submitKey,
    contact: user ? { email: user.email } : { email: f.email, mobile: f.contactMobile },
    address: {
      name: f.name,
      mobile: f.mobile,
      province: f.province,
      cityCode: f.cityCode,
      districtCode: f.districtCode,
      detail: f.detail,
      postcode: f.postcode,
    },
    ambientService: f.ambientService,
  };
}
