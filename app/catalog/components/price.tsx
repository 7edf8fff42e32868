import { formatFen } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";

export function Price({
  fen,
  compareAtFen,
  from = false,
  size = "md",
}: {
  fen: number;
  compareAtFen?: number | null;
  from?: boolean;
  size?: "md" | "lg";
}) {
  const { locale, t } = useI18n();
  return (
    <span className={`price price--${size}`}>
      <span className="price__now">{formatFen(fen, locale)}</span>
      {from ? <span className="price__from"> {t("product.from")}</span> : null}
      {compareAtFen && compareAtFen > fen ? (
        <s className="price__was">
          <span className="visually-hidden">{t("product.was")} </span>
          {formatFen(compareAtFen, locale)}
        </s>
      ) : null}
    </span>
  );
}
