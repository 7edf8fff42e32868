import { Link } from "@remix-run/react";
import { formatFen } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { Picture } from "~/media/components/picture";
import { provinceName } from "~/lib/regions";
import type { ProductCard as Card } from "../types";
import { Price } from "./price";

export function ProductCard({ product, priority = false }: { product: Card; priority?: boolean }) {
  const { locale, t } = useI18n();
  return (
    <article className="product-card">
      <Link to={`/p/${product.slug}`} className="product-card__link">
        <div className="product-card__media">
          {product.image ? (
            <Picture
              image={product.image}
              sizes="(min-width: 1024px) 300px, (min-width: 640px) 33vw, 50vw"
              priority={priority}
            />
          ) : null}
          {product.storageClass === "chilled" ? (
            <span className="badge badge--cold">{t("product.storage.chilled")}</span>
          ) : null}
          {product.available === 0 ? (
            <span className="badge badge--soldout">{t("product.soldOut")}</span>
          ) : null}
        </div>
        <div className="product-card__body">
          <h3 className="product-card__title">{product.name}</h3>
          <p className="product-card__origin">
            {provinceName(product.provinceCode, locale)} · {product.cooperative.name}
          </p>
          {product.fromPriceFen !== null ? (
            <p className="product-card__price">
              <Price fen={product.fromPriceFen} compareAtFen={product.compareAtFen} from />
              {product.pricePerKgFen !== null ? (
                <span className="unit-price">
                  {t("product.perKg", { price: formatFen(product.pricePerKgFen, locale) })}
                </span>
              ) : null}
            </p>
          ) : null}
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({
  products,
  priorityCount = 0,
}: {
  products: Card[];
  priorityCount?: number;
}) {
  return (
    <ul className="product-grid">
      {products.map((p, i) => (
        <li key={p.id}>
          <ProductCard product={p} priority={i < priorityCount} />
        </li>
      ))}
    </ul>
  );
}
