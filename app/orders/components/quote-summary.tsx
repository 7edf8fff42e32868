import type { Locale } from "~/lib/i18n";
import { dispatchPromise } from "~/lib/dispatch";
import { formatFen, formatWeight } from "~/lib/money";
import { FreeShippingHint } from "./free-shipping-hint";
import type { CheckoutPlan } from "~/orders/checkout-plan";
import { checkoutTranslator, refusalMessage } from "~/orders/checkout-messages";
import { originPlace } from "./order-parts";
import { shipmentTranslator } from "~/shipping/shipment-messages";

type Part = CheckoutPlan["parts"][number];
type Parcel = NonNullable<Part["parcels"]>[number];

/** "1 个包裹 标准快递 + 1 个包裹 冷链快递": how many parcels go by which service. */
function parcelsByService(parcels: Parcel[], locale: Locale): string {
  const st = shipmentTranslator(locale);
  const counts = new Map<string, number>();
  for (const p of parcels) counts.set(p.service, (counts.get(p.service) ?? 0) + 1);
  const t = checkoutTranslator(locale);
  return [...counts]
    .map(([service, n]) => {
      const name = st(`service.${service as "express"}`);
      // English reads "1 parcel by cold chain"; the service name is mid-sentence.
      const vars = { count: n, service: locale === "en" ? name.toLowerCase() : name };
      return n === 1 ? t("checkout.parcelsOne", vars) : t("checkout.parcelsMany", vars);
    })
    .join(" + ");
}

function transit(parcels: Parcel[], locale: Locale): string {
  const t = checkoutTranslator(locale);
  const days = parcels.map((p) => p.transitDays);
  const from = Math.min(...days);
  const to = Math.max(...days);
  if (from !== to) return t("checkout.daysRange", { from, to });
  return from === 1 ? t("checkout.dayOne") : t("checkout.days", { days: from });
}

/**
 * One block per cooperative, because each ships from its own farm: where from, how many parcels by
 * which service (cold chain marked), what shipping costs and how long it takes; then the totals.
 */
export function QuoteSummary({
  plan,
  locale,
  province,
  stale,
  problems,
  totalLabel,
}: {
  plan: CheckoutPlan;
  locale: Locale;
  province: string;
  stale: boolean;
  problems: Record<string, string>;
  /** The total row's name when not all of it is paid now (a pre-order pays a deposit). */
  totalLabel?: string;
}) {
  const t = checkoutTranslator(locale);
  const st = shipmentTranslator(locale);
  return (
    <div
      className={stale ? "quote quote--stale" : "quote"}
      aria-busy={stale || undefined}
      data-testid="quote"
    >
      {plan.parts.map((part) => (
        <section
          key={part.cooperative.id}
          className="shipment"
          aria-label={part.cooperative.name}
          data-testid="shipment"
        >
          <p className="shipment__from">{part.cooperative.name}</p>
          <p className="shipment__how">
            {[
              t("checkout.shipsFrom", { place: originPlace(part.cooperative, locale) }),
              part.parcels ? parcelsByService(part.parcels, locale) : null,
              part.shippingFen !== null ? formatFen(part.shippingFen, locale) : null,
              part.parcels?.length ? transit(part.parcels, locale) : null,
              part.cooperative.handlingDays !== null
                ? dispatchPromise(part.cooperative.handlingDays, locale)
                : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          <ul className="shipment__lines">
            {part.lines.map((l) => (
              <li key={l.variantId}>
                <span>
                  {l.productName} · {l.variantLabel} × {l.quantity}
                  {l.storage === "chilled" ? (
                    <span className="badge badge--cold badge--inline">{t("checkout.cold")}</span>
                  ) : null}
                  {problems[l.variantId] ? (
                    <span className="field__error"> {problems[l.variantId]}</span>
                  ) : null}
                </span>
                <span>{formatFen(l.lineFen, locale)}</span>
              </li>
            ))}
          </ul>
          {part.parcels && part.parcels.length > 1 ? (
            <ul className="shipment__parcels">
              {part.parcels.map((p, i) => (
                <li key={i}>
                  <span className={p.service === "cold_chain" ? "cold" : undefined}>
                    {t("checkout.parcelOf", {
                      service: st(`service.${p.service}`),
                      weight: formatWeight(p.chargeableG, locale),
                    })}
                  </span>
                  <span>{formatFen(p.priceFen, locale)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {part.freeShipping ? (
            <FreeShippingHint
              free={part.freeShipping}
              name={part.cooperative.name}
              locale={locale}
            />
          ) : null}
          {part.refusal ? (
            <p className="notice notice--error notice--inline shipment__refusal" role="alert">
              {refusalMessage(t, notShippableError(plan, part.cooperative.id), part.refusal)}
            </p>
          ) : null}
        </section>
      ))}
      {plan.parts.length > 1 ? (
        <p className="quote__hint">{t("checkout.separate", { count: plan.parts.length })}</p>
      ) : null}
      {!province ? <p className="quote__hint">{t("checkout.chooseProvince")}</p> : null}
      <dl className="quote-totals">
        <div>
          <dt>{t("checkout.items")}</dt>
          <dd>{formatFen(plan.itemsFen, locale)}</dd>
        </div>
        <div>
          <dt>{t("checkout.shipping")}</dt>
          <dd data-testid="quote-shipping">
            {plan.shippingFen === null
              ? t("checkout.pending")
              : formatFen(plan.shippingFen, locale)}
          </dd>
        </div>
        <div className="quote-totals__total">
          <dt>{totalLabel ?? t("checkout.total")}</dt>
          <dd data-testid="quote-total">
            {plan.totalFen === null ? t("checkout.pending") : formatFen(plan.totalFen, locale)}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function notShippableError(plan: CheckoutPlan, cooperativeId: string): string | undefined {
  for (const p of plan.problems)
    if (p.kind === "not_shippable" && p.cooperativeId === cooperativeId) return p.error;
  return undefined;
}
