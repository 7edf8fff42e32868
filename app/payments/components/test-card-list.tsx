import { groupCardNumber, TEST_CARDS } from "../test-cards";
import type { PaymentMessageKey } from "../messages";

/** The test cards, shown on the page itself so nobody has to look them up. */
export function TestCardList({ t }: { t: (key: PaymentMessageKey) => string }) {
  return (
    <section className="pay-card" aria-labelledby="test-cards-title">
      <h2 id="test-cards-title">{t("pay.testCards")}</h2>
      <p className="pay-note">{t("pay.simulatedNote")}</p>
      <ul className="test-cards">
        {TEST_CARDS.map((card) => (
          <li key={card.number}>
            <code>{groupCardNumber(card.number)}</code>
            <span className={card.outcome === "succeeded" ? "test-cards__ok" : "test-cards__bad"}>
              {t(`pay.outcome.${card.outcome}`)}
            </span>
            {card.later ? <small>{t(`pay.later.${card.later}`)}</small> : null}
          </li>
        ))}
      </ul>
      <p className="pay-note" style={{ marginTop: 10, marginBottom: 0 }}>
        {t("pay.testCardsHint")}
      </p>
    </section>
  );
}
