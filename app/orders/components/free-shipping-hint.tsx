import { translator, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";

/** A cooperative's free-shipping threshold against what is in the cart or order from it. */
export function FreeShippingHint({
  free,
  name,
  locale,
}: {
  free: { minFen: number; missingFen: number };
  name: string;
  locale: Locale;
}) {
  const t = translator(locale);
  const min = formatFen(free.minFen, locale);
  return (
    <p
      className={free.missingFen === 0 ? "free-hint free-hint--reached" : "free-hint"}
      data-testid="free-shipping"
    >
      {free.missingFen === 0
        ? t("free.reached", { name, min })
        : t("free.missing", { name, min, missing: formatFen(free.missingFen, locale) })}
    </p>
  );
}
