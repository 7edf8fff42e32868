import { describe, expect, it } from "vitest";
import type { ProductDetail } from "~/catalog/catalog.server";
import { productJsonLd } from "~/catalog/json-ld";
import { srcSet, widthsFor } from "~/media/images";

const product = {
  id: "prd_x",
  slug: "gannan-navel-oranges",
  name: "赣南脐橙",
  description: "甜",
  originStory: "",
  category: "fruit",
  storageClass: "ambient",
  shelfLifeDays: 30,
  seasonMonths: [11],
  updatedAt: "2026-11-01T00:00:00.000Z",
  cooperative: {
    id: "coop_x",
    slug: "c",
    name: "信丰合作社",
    provinceCode: "36",
    city: "赣州",
    handlingDays: 2,
  },
  images: [
    {
      hash: "a".repeat(64),
      width: 1600,
      height: 1200,
      widths: [320, 640, 1280],
      formats: ["webp", "jpg"],
      placeholder: "",
      alt: "",
    },
  ],
  variants: [
    {
      id: "var_1",
      sku: "S1",
      label: "5 kg",
      netWeightG: 5000,
      priceFen: 6990,
      compareAtFen: null,
      pricePerKgFen: 1398,
      available: 3,
    },
    {
      id: "var_2",
      sku: "S2",
      label: "10 kg",
      netWeightG: 10000,
      priceFen: 12900,
      compareAtFen: null,
      pricePerKgFen: 1290,
      available: 0,
    },
  ],
  harvestBatches: [],
} satisfies ProductDetail;

describe("structured data", () => {
  it("describes each pack as an Offer in CNY with its availability", () => {
    const ld = productJsonLd(product, "https://shop.example");
    expect(ld["@type"]).toBe("Product");
    expect(ld.url).toBe("https://shop.example/p/gannan-navel-oranges");
    expect(ld.image).toEqual([`https://shop.example/media/${"a".repeat(64)}/1280.jpg`]);
    expect(ld.offers.map((o) => [o.sku, o.price, o.priceCurrency, o.availability])).toEqual([
      ["S1", "69.90", "CNY", "https://schema.org/InStock"],
      ["S2", "129.00", "CNY", "https://schema.org/OutOfStock"],
    ]);
  });
});

describe("responsive images", () => {
  it("never upscales and always offers one width", () => {
    expect(widthsFor(1600)).toEqual([320, 640, 960, 1280]);
    expect(widthsFor(4000)).toEqual([320, 640, 960, 1280, 1920]);
    expect(widthsFor(200)).toEqual([320]);
  });

  it("lists every width in srcset", () => {
    expect(srcSet({ hash: "h", widths: [320, 640] }, "webp")).toBe(
      "/media/h/320.webp 320w, /media/h/640.webp 640w",
    );
  });
});
