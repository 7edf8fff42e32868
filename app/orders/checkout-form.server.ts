import { z } from "zod";
import { citiesOf, districtsOf } from "../lib/regions.server";
import { messageKeys } from "./checkout-rules";
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
 * The form parsed, or the fields to fix as message keys (checkout-rules.ts, the page's own check
 * as the shopper leaves each field). The mobile is required of everyone: it is the courier's
 * number and a guest's contact; an email is optional. The city must be in the province, the
 * district in the city.
 */
export function readCheckoutForm(
  form: Record<string, unknown>,
): { ok: true; form: CheckoutForm } | { ok: false; errors: Record<string, string> } {
  const parsed = checkoutFormSchema.safeParse(form);
  const errors = parsed.success ? {} : messageKeys(parsed.error);
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

/** What a parsed checkout form gives placeOrder: the submit key, contact, address and service. */
export function orderInputOf(f: CheckoutForm, user: { id: string; email: string } | null) {
  return {
    userId: user?.id ?? null,
    submitKey: f.submitKey,
    // A guest is reached on the delivery mobile unless they gave another (or an email as well).
    contact: user ? { email: user.email } : { email: f.email, mobile: f.contactMobile ?? f.mobile },
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
