import { describe, expect, it } from "vitest";
import { addToCartSchema, cartIntentSchema } from "~/orders/schemas";

const variantId = "var_7fQ2abcdEFGH2345";

describe("cart input", () => {
  it.each(["1", "2", "999", " 3 "])("accepts quantity %j", (quantity) => {
    expect(addToCartSchema.safeParse({ variantId, quantity }).success).toBe(true);
  });

  it.each(["0", "-1", "1.5", "abc", "", "1000", "1e2", "0x10", "99999"])(
    "refuses quantity %j",
    (quantity) => {
      expect(addToCartSchema.safeParse({ variantId, quantity }).success).toBe(false);
    },
  );

  it("refuses ids that are not variant ids", () => {
    for (const id of ["", "1", "prd_7fQ2abcdEFGH2345", "var_../../etc", "var_0OIl0OIl0OIl"]) {
      expect(addToCartSchema.safeParse({ variantId: id, quantity: "1" }).success).toBe(false);
    }
  });

  it("needs a known intent", () => {
    expect(cartIntentSchema.safeParse({ intent: "remove", variantId }).success).toBe(true);
    expect(cartIntentSchema.safeParse({ intent: "update", variantId, quantity: "2" }).success).toBe(
      true,
    );
    expect(cartIntentSchema.safeParse({ intent: "explode", variantId }).success).toBe(false);
    expect(cartIntentSchema.safeParse({ intent: "update", variantId, quantity: "0" }).success).toBe(
      false,
    );
  });
});
