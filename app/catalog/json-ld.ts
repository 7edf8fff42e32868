import { fenToDecimal } from "~/lib/money";
import { mediaUrl } from "~/media/images";
import type { ProductDetail } from "./catalog.server";

/** schema.org Product with one Offer per pack, for search engines. */
export function productJsonLd(product: ProductDetail, origin: string) {
  const url = new URL(`/p/${product.slug}`, origin).toString();
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    url,
    image: product.images.map((i) =>
      new URL(mediaUrl(i.hash, i.widths.at(-1)!, "jpg"), origin).toString(),
    ),
    brand: { "@type": "Brand", name: product.cooperative.name },
    category: product.category,
    offers: product.variants.map((v) => ({
      "@type": "Offer",
      sku: v.sku,
      name: v.label,
      price: fenToDecimal(v.priceFen),
      priceCurrency: "CNY",
      availability:
        v.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      url: `${url}?variant=${v.id}`,
      seller: { "@type": "Organization", name: product.cooperative.name },
    })),
  };
}
