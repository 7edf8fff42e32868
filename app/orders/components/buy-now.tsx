import { useEffect } from "react";
import { useI18n } from "~/lib/use-i18n";
import { isProvinceCode } from "~/lib/regions";
import { lastProvinceCookie } from "../last-province";

/** Says, on a buy-now checkout, that only this item is bought and the cart is kept. */
export function BuyNowNote() {
  const { t } = useI18n();
  return <p className="checkout__buy-now">{t("checkout.buyNowNote")}</p>;
}

/** Remembers the province chosen at checkout, so product pages estimate shipping there. */
export function useRememberProvince(province: string) {
  useEffect(() => {
    if (isProvinceCode(province)) document.cookie = lastProvinceCookie(province);
  }, [province]);
}
