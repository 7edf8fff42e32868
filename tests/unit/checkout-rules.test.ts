import { describe, expect, it } from "vitest";
import { readCheckoutForm } from "~/orders/checkout-form.server";
import { CHECKED_FIELDS, checkField, type CheckedField } from "~/orders/checkout-rules";

/** A form the server takes: a Beijing address, a mobile typed with spaces, no email. */
const GOOD: Record<CheckedField | "submitKey" | "ambientService", string> = {
  submitKey: "chk_0123456789abcdefghij",
  ambientService: "express",
  mobile: "138 1234 5678",
  name: "王小梅",
  province: "11",
  cityCode: "1101",
  districtCode: "110105",
  detail: "朝阳路 88 号 3 单元 502",
  postcode: "",
  email: "",
  contactMobile: "",
};

// What a shopper can get wrong in each field the page checks as they leave it.
const BAD: Array<[CheckedField, string]> = [
  ["mobile", ""],
  ["mobile", "1381234567"],
  ["mobile", "23812345678"],
  ["mobile", "138 1234 5678 9"],
  ["name", "   "],
  ["name", "名".repeat(41)],
  ["name", "王\u0000"],
  ["province", ""],
  ["province", "99"],
  ["cityCode", ""],
  ["cityCode", "11a1"],
  ["districtCode", ""],
  ["detail", "1号"],
  ["detail", "路".repeat(121)],
  ["postcode", "10002"],
  ["email", "mei@"],
  ["email", "not an email"],
  ["contactMobile", "12345"],
];

describe("checkout field rules: the page's check and the server's parse are one definition", () => {
  it("the good form passes both, field by field", () => {
    expect(readCheckoutForm(GOOD)).toMatchObject({ ok: true });
    for (const field of CHECKED_FIELDS)
      expect(checkField(field, GOOD[field]), field).toBeUndefined();
    // Optional fields left out, and spaces and dashes in a mobile, are fine on both sides.
    expect(checkField("email", "")).toBeUndefined();
    expect(checkField("postcode", "")).toBeUndefined();
    expect(checkField("mobile", "138-1234-5678")).toBeUndefined();
  });

  it.each(BAD)("%s = %j gets the same message key from both", (field, value) => {
    const server = readCheckoutForm({ ...GOOD, [field]: value });
    expect(server.ok).toBe(false);
    const errors = server.ok ? {} : server.errors;
    const key = checkField(field, value);
    expect(key).toBeDefined();
    expect(errors[field]).toBe(key);
  });
});
