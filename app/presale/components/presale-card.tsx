import { Form, useNavigation } from "@remix-run/react";
import type { Locale } from "../../lib/i18n";
import { formatFen } from "../../lib/money";
import { formatEventTime } from "../../shipping/shipment-messages";
import { harvestWindowText } from "../harvest-window";
import { presaleOrderTranslator, type PresaleOrderMessageKey } from "../presale-order-messages";
import { ChoiceOptions } from "./choice-options";
import type { PresaleStatus } from "../status.server";

/** When the card asks for something, its title says what (the order page shows no banner above it). */
const TITLES: Partial<Record<PresaleStatus["state"], PresaleOrderMessageKey>> = {
  short: "presale.order.shortTitle",
  offered: "presale.order.offeredTitle",
  action_needed: "presale.order.actionNeededTitle",
};

/** A presale order's own story on its page: deposit, place in line, balance, what to do and by when. */
export function PresaleCard({
  presale: p,
  locale,
  refundedFen = 0,
}: {
  presale: PresaleStatus;
  locale: Locale;
  /** What the order has had back so far: once the refund lands, the card says how much. */
  refundedFen?: number;
}) {
  const pt = presaleOrderTranslator(locale);
  const busy = useNavigation().state !== "idle";
  const money = (fen: number) => formatFen(fen, locale);
  const when = harvestWindowText(p.harvestFrom, p.harvestTo);
  const deadline = p.deadlineAt ? formatEventTime(p.deadlineAt, locale) : "";
  const facts = {
    deposit: money(p.depositFen),
    balance: money(p.balanceFen),
    place: p.place ?? "",
    when,
    deadline,
    count: p.quantity,
  };
  const text = (() => {
    switch (p.state) {
      case "pending":
        return pt("presale.order.pending", facts);
      case "waiting":
        return pt(p.balanceFen > 0 ? "presale.order.waiting" : "presale.order.waitingFull", facts);
      case "allocated":
        return pt("presale.order.allocated", facts);
      case "action_needed":
        return pt("presale.order.actionNeeded", facts);
      case "paid":
        return pt("presale.order.paid", facts);
      case "short":
        return pt("presale.order.short", facts);
      case "offered":
        return pt("presale.order.offered", { ...facts, packs: p.offer?.packs ?? "" });
      case "lapsed":
        return pt("presale.order.lapsed", facts);
      case "cancelled":
        return refundedFen > 0
          ? pt("presale.order.cancelledRefunded", { refunded: money(refundedFen) })
          : pt("presale.order.cancelled", facts);
    }
  })();
  const urgent = p.state === "action_needed" || p.state === "short" || p.state === "offered";
  return (
    <section
      className={
        urgent
          ? "order-banner order-banner--pending"
          : p.state === "cancelled" || p.state === "lapsed"
            ? "order-banner order-banner--stopped"
            : "order-banner presale-card"
      }
      aria-labelledby="presale-title"
      data-testid="presale-card"
      data-state={p.state}
    >
      <p className="order-banner__title" id="presale-title">
        {pt(TITLES[p.state] ?? "presale.order.title")}
      </p>
      <p>{text}</p>
      {p.state === "action_needed" ? (
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value="pay"
            className="button button--primary"
            disabled={busy}
          >
            {pt("presale.order.payBalance", { amount: money(p.balanceFen) })}
          </button>
        </Form>
      ) : null}
      {p.state === "short" || p.state === "offered" ? (
        <ChoiceOptions
          locale={locale}
          quantity={p.quantity}
          offer={p.offer}
          intent="presale_choice"
          busy={busy}
        />
      ) : null}
    </section>
  );
}
