import { Link } from "@remix-run/react";
import type { Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { formatEventTime } from "~/shipping/shipment-messages";
import { groupbuyStoreTranslator } from "../groupbuy-store-messages";
import type { JoinCard as JoinCardData } from "../storefront.server";
import { DealProgressBar } from "./store-deal-bits";

/*
 * A group join's own story on its order page: what the payment holds until the deal settles, the
 * group's progress, then what settlement charged (and released) or that the group failed; where to
 * collect and, once the group succeeded, the pickup code.
 */
export function JoinCard({
  join: j,
  locale,
  refundedFen = 0,
}: {
  join: JoinCardData;
  locale: Locale;
  /** What the order has had back (a charge-mode join's difference, or all of it when the group failed). */
  refundedFen?: number;
}) {
  const gt = groupbuyStoreTranslator(locale);
  const money = (fen: number) => formatFen(fen, locale);
  const deadline = j.endsAt ? formatEventTime(j.endsAt, locale) : "";
  const held = j.heldFen ?? j.tierOnePriceFen * j.quantity;
  const text = (() => {
    switch (j.joinState) {
      case "pending":
        return gt("groupbuy.store.order.pending", { amount: money(held), deadline });
      case "held":
        return j.dealPhase === "settling"
          ? gt("groupbuy.store.order.settling")
          : gt(`groupbuy.store.order.held.${j.holdMode}`, { amount: money(held), deadline });
      case "captured": {
        // A hold is captured for the tier price; a charge keeps the price and refunds the difference.
        const charged = j.holdMode === "charge" ? held - refundedFen : (j.capturedFen ?? held);
        const facts = {
          price: money(j.settledPriceFen ?? 0),
          amount: money(charged),
          released: money(Math.max(0, held - charged)),
        };
        if (j.holdMode === "charge") return gt("groupbuy.store.order.capturedCharge", facts);
        return held > charged
          ? gt("groupbuy.store.order.captured", facts)
          : gt("groupbuy.store.order.capturedAll", facts);
      }
      case "voided":
        return gt(
          j.holdMode === "charge"
            ? "groupbuy.store.order.failedCharge"
            : "groupbuy.store.order.failed",
          { amount: money(held) },
        );
      case "cancelled":
        return gt("groupbuy.store.order.cancelled");
      default:
        return null;
    }
  })();
  const live = j.joinState === "pending" || (j.joinState === "held" && j.dealPhase !== "settling");
  return (
    <section className="order-card gb-order-card" aria-labelledby="gb-order-title">
      <h2 id="gb-order-title">
        {gt("groupbuy.store.order.title")} · {j.productName} × {j.quantity}
      </h2>
      <p data-testid="groupbuy-status">{text}</p>
      {live ? (
        <DealProgressBar
          progress={j.progress}
          minQuantity={j.minQuantity}
          maxQuantity={j.maxQuantity}
          tiers={j.tiers}
          locale={locale}
        />
      ) : null}
      <p>
        <Link to={`/g/${j.shareCode}`}>{gt("groupbuy.store.order.viewDeal")}</Link>
      </p>
      {j.point ? (
        <div className="gb-order-card__point">
          <h3>{gt("groupbuy.store.order.pickup")}</h3>
          <p>
            <strong>{j.point.name}</strong>
            <br />
            {j.point.address}
            {j.point.openingHours ? (
              <>
                <br />
                {gt("groupbuy.store.hours", { hours: j.point.openingHours })}
              </>
            ) : null}
          </p>
          <p className="gb-order-card__muted">
            {gt("groupbuy.store.order.leader", {
              name: j.point.leaderName,
              mobile: j.point.leaderMobile,
            })}
          </p>
          {j.joinState === "voided" || j.joinState === "cancelled" ? null : j.pickupCode ? (
            <div>
              <p className="gb-order-card__muted">{gt("groupbuy.store.order.pickupCode")}</p>
              <p className="gb-order-card__code" data-testid="pickup-code">
                {j.pickupCode}
              </p>
              <p className="gb-order-card__muted">
                {j.collectedAt
                  ? gt("groupbuy.store.order.collected", {
                      time: formatEventTime(j.collectedAt, locale),
                    })
                  : gt("groupbuy.store.order.codeHint")}
              </p>
            </div>
          ) : (
            <p className="gb-order-card__muted">{gt("groupbuy.store.order.codeLater")}</p>
          )}
        </div>
      ) : j.joinState === "held" || j.joinState === "pending" ? (
        <p className="gb-order-card__muted">{gt("groupbuy.store.order.home")}</p>
      ) : null}
    </section>
  );
}
