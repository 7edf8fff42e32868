import type { Translate } from "~/lib/i18n";
import type { CartError } from "./cart.server";

export function cartErrorMessage(error: CartError, t: Translate): string {
  switch (error.error) {
    case "variant":
      return t("error.variant");
    case "sold_out":
      return t("error.soldOut");
    case "above_stock":
      return t("error.quantityAboveStock", { count: error.remaining });
    case "cart_full":
      return t("error.cartFull", { count: error.max });
    default:
      throw new Error(`unknown cart error ${JSON.stringify(error satisfies never)}`);
  }
}
