import { describe, expect, it } from "vitest";
import { bodyLimitFor, bodyTooLarge, DEFAULT_BODY_LIMIT } from "~/lib/body-limit";
import { CSV_MAX_BYTES } from "~/catalog/csv-format";
import { MAX_UPLOAD_BYTES } from "~/media/images";

describe("request body limits", () => {
  it("keeps forms, JSON and webhooks under 1 MB", () => {
    for (const path of [
      "/account/sign-in",
      "/webhooks/carrier",
      "/api/shipping/quote",
      "/admin/products/prd_x",
    ]) {
      expect(bodyLimitFor(path)).toBe(DEFAULT_BODY_LIMIT);
    }
    expect(
      bodyTooLarge({ path: "/webhooks/carrier", contentLength: String(DEFAULT_BODY_LIMIT) }),
    ).toBeNull();
    expect(
      bodyTooLarge({ path: "/webhooks/carrier", contentLength: String(DEFAULT_BODY_LIMIT + 1) }),
    ).toMatch(/over/);
  });

  it("lets the photo upload and the CSV import carry their own files", () => {
    expect(bodyLimitFor("/admin/products/prd_abc/images")).toBeGreaterThan(10 * MAX_UPLOAD_BYTES);
    expect(
      bodyTooLarge({
        path: "/admin/products/prd_abc/images",
        contentLength: String(25 * 1024 * 1024),
      }),
    ).toBeNull();
    expect(
      bodyTooLarge({ path: "/admin/products/csv", contentLength: String(CSV_MAX_BYTES) }),
    ).toBeNull();
    expect(
      bodyTooLarge({ path: "/admin/products/csv", contentLength: String(CSV_MAX_BYTES * 2) }),
    ).toMatch(/over/);
    // Single fetch posts a page's <Form> to `<path>.data`: the page's limit holds there too.
    expect(bodyLimitFor("/admin/products/csv.data")).toBe(bodyLimitFor("/admin/products/csv"));
    expect(bodyLimitFor("/admin/products/prd_abc/images.data")).toBe(
      bodyLimitFor("/admin/products/prd_abc/images"),
    );
    // Only the images route of a product, not anything below a product.
    expect(bodyLimitFor("/admin/products/prd_abc/images/extra")).toBe(DEFAULT_BODY_LIMIT);
  });

  it("leaves bodies without a declared length to their handlers", () => {
    expect(bodyTooLarge({ path: "/account/sign-in", contentLength: undefined })).toBeNull();
    expect(bodyTooLarge({ path: "/account/sign-in", contentLength: "not a number" })).toBeNull();
  });
});
