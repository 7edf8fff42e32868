import { Form } from "@remix-run/react";
import type { Locale } from "../../lib/i18n";
import { formatFen } from "../../lib/money";
import { presaleOrderTranslator } from "../presale-order-messages";

export interface ChoiceOffer {
  packs: number;
  balanceFen: number;
  refundFen: number;
}

/**
 * What a shopper a short harvest could not fill may do: take the packs a release offered (when it
 * offered some), wait for the next batch, or cancel with a full refund. Each button says what it
 * does underneath. The order page posts it with its intent; the choice link's page without.
 */
export function ChoiceOptions({
  locale,
  quantity,
  offer,
  intent,
  busy,
}: {
  locale: Locale;
  quantity: number;
  offer: ChoiceOffer | null;
  intent?: string;
  busy: boolean;
}) {
  const pt = presaleOrderTranslator(locale);
  const facts: Record<string, string | number> = offer
    ? {
        packs: offer.packs,
        count: quantity,
        rest: quantity - offer.packs,
        balance: formatFen(offer.balanceFen, locale),
        refund: formatFen(offer.refundFen, locale),
      }
    : {};
  return (
    <Form method="post" className="presale-choice__options">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {offer ? (
        <div className="presale-choice__option">
          <button
            type="submit"
            name="choice"
            value="partial"
            className="button button--primary button--block"
            disabled={busy}
          >
            {pt("presale.choice.partial", facts)}
          </button>
          <p className="presale-choice__hint">
            {pt(
              offer.refundFen > 0
                ? "presale.choice.partialRefundHint"
                : "presale.choice.partialHint",
              facts,
            )}
          </p>
        </div>
      ) : null}
      <div className="presale-choice__option">
        <button
          type="submit"
          name="choice"
          value="wait"
          className={offer ? "button button--block" : "button button--primary button--block"}
          disabled={busy}
        >
          {pt("presale.choice.wait")}
        </button>
        <p className="presale-choice__hint">
          {offer ? pt("presale.choice.waitWholeHint", facts) : pt("presale.choice.waitHint")}
        </p>
      </div>
      <div className="presale-choice__option">
        <button
          type="submit"
          name="choice"
          value="cancel"
          className="button button--block"
          disabled={busy}
        >
          {pt("presale.choice.cancel")}
        </button>
        <p className="presale-choice__hint">{pt("presale.choice.cancelHint")}</p>
      </div>
    </Form>
  );
}
