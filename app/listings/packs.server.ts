import {
  createAdminProduct as createCatalogProduct,
  type WithNewPacks,
} from "../catalog/admin-products.server";
import { addAdminVariant as addCatalogVariant } from "../catalog/admin-variants.server";
import { openStockLevels } from "../inventory/stock.server";

/*
 * A new pack is a catalog row and a stock row, made in one transaction. Catalog cannot import
 * inventory (DESIGN.md's arrows), so the two meet here, above both.
 */

// Stock starts at zero; the inventory module owns every change after this.
const openStock: WithNewPacks = (tx, variantIds) => openStockLevels({ tx, variantIds });

/** A product with its first pack and that pack's (empty) stock row. */
export function createAdminProduct(
  input: Omit<Parameters<typeof createCatalogProduct>[0], "withNewPacks">,
): ReturnType<typeof createCatalogProduct> {
  return createCatalogProduct({ ...input, withNewPacks: openStock });
}

/** A pack at the end of the product's list, with its stock row at zero. */
export function addAdminVariant(
  input: Omit<Parameters<typeof addCatalogVariant>[0], "withNewPacks">,
): ReturnType<typeof addCatalogVariant> {
  return addCatalogVariant({ ...input, withNewPacks: openStock });
}
