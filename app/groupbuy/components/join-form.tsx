import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { TextField, type Region } from "~/orders/components/address-fields";
import { AddressSection } from "~/orders/components/checkout-sections";
import { checkoutTranslator } from "~/orders/checkout-messages";
import { groupbuyStoreTranslator, type GroupbuyStoreMessageKey } from "../groupbuy-store-messages";
import type { JoinValues } from "../join-form.server";
import type { StoreDeal } from "../storefront.server";

/*
 * The join form of a share page: a stepper for the packs, the deal's pickup points (or home
 * delivery where allowed), then who collects, or the checkout's address fields for home delivery.
 */

export interface JoinFormResult {
  values: JoinValues;
  errors: Record<string, string>;
  message: string | null;
  regions: { cityCode: string; districtCode: string; cities: Region[]; districts: Region[] };
  /** Packs still left when the quantity asked for was above it. */
  left?: number;
}

interface JoinPage {
  deal: Pick<
    StoreDeal,
    "tiers" | "points" | "allowHomeDelivery" | "joinLimit" | "holdMode" | "left"
  >;
  submitKey: string;
  account: { email: string } | null;
  usedSaved: boolean;
  values: JoinValues;
  regions: JoinFormResult["regions"];
}

const HOME = "home";

export function JoinForm({ page, result }: { page: JoinPage; result?: JoinFormResult }) {
  const { locale } = useI18n();
  const gt = groupbuyStoreTranslator(locale);
  const t = checkoutTranslator(locale);
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";
  const d = page.deal;
  const v = result?.values ?? page.values;
  const errors = result?.errors ?? {};
  const limit = Math.max(1, d.joinLimit);
  const sent = Number(v.quantity);
  const [quantity, setQuantity] = useState(
    Number.isInteger(sent) && sent >= 1 && sent <= limit ? sent : 1,
  );
  const firstChoice = d.points[0]?.id ?? (d.allowHomeDelivery ? HOME : "");
  const [typed, setTyped] = useState<string | null>(null);
  const [where, setWhere] = useState(
    v.pickupPointId && (v.pickupPointId === HOME || d.points.some((p) => p.id === v.pickupPointId))
      ? v.pickupPointId
      : firstChoice,
  );
  useEffect(() => {
    if (result && Object.keys(result.errors).length > 0)
      document.querySelector<HTMLElement>('.gb-join [aria-invalid="true"]')?.focus();
  }, [result]);
  const price = d.tiers[0]?.priceFen ?? 0;
  const amount = formatFen(price * quantity, locale);
  const home = where === HOME;
  const message = (key: string | undefined) =>
    key?.startsWith("groupbuy.")
      ? gt(key as GroupbuyStoreMessageKey, { count: result?.left ?? d.left })
      : key;

  return (
    <Form
      method="post"
      noValidate
      className="gb-card gb-join"
      aria-labelledby="gb-join-title"
      key={result ? JSON.stringify(result.values) : "blank"}
    >
      <h2 id="gb-join-title">{gt("groupbuy.store.joinTitle")}</h2>
      {result?.message ? (
        <div role="alert" className="notice notice--error">
          {result.message}
        </div>
      ) : null}
      <input type="hidden" name="intent" value="join" />
      <input type="hidden" name="submitKey" value={page.submitKey} />
      <div className="field">
        <label htmlFor="gb-quantity" className="field__label">
          {gt("groupbuy.store.quantity")}{" "}
          <span className="field__optional">{gt("groupbuy.store.left", { count: d.left })}</span>
        </label>
        <div className="gb-stepper">
          <button
            type="button"
            className="button gb-stepper__button"
            aria-label={gt("groupbuy.store.less")}
            aria-controls="gb-quantity"
            disabled={quantity <= 1}
            onClick={() => {
              setTyped(null);
              setQuantity((q) => Math.max(1, q - 1));
            }}
          >
            −
          </button>
          <input
            id="gb-quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={limit}
            value={typed ?? quantity}
            className="field__input gb-stepper__input"
            aria-invalid={errors.quantity ? true : undefined}
            aria-describedby={errors.quantity ? "gb-quantity-error" : undefined}
            onChange={(e) => {
              // While typing the box may be empty (deleting "1" to type "2"); the count follows
              // each whole number typed and the box is tidied when it loses focus.
              const text = e.currentTarget.value.replace(/[^0-9]/g, "").slice(0, 4);
              setTyped(text);
              const n = Number(text);
              if (text && Number.isInteger(n)) setQuantity(Math.max(1, Math.min(limit, n)));
            }}
            onBlur={() => setTyped(null)}
          />
          <button
            type="button"
            className="button gb-stepper__button"
            aria-label={gt("groupbuy.store.more")}
            aria-controls="gb-quantity"
            disabled={quantity >= limit}
            onClick={() => {
              setTyped(null);
              setQuantity((q) => Math.min(limit, q + 1));
            }}
          >
            +
          </button>
        </div>
        {errors.quantity ? (
          <p id="gb-quantity-error" className="field__error">
            {message(errors.quantity)}
          </p>
        ) : null}
      </div>

      <fieldset
        className="gb-where"
        aria-describedby={errors.pickupPointId ? "gb-where-error" : undefined}
      >
        <legend className="field__label">{gt("groupbuy.store.delivery")}</legend>
        {d.points.map((p) => (
          <label key={p.id} className="gb-where__option">
            <input
              type="radio"
              name="pickupPointId"
              value={p.id}
              checked={where === p.id}
              onChange={() => setWhere(p.id)}
            />
            <span>
              <span className="gb-where__name">{p.name}</span>
              <span className="gb-where__meta">{p.address}</span>
              {p.openingHours ? (
                <span className="gb-where__meta">
                  {gt("groupbuy.store.hours", { hours: p.openingHours })}
                </span>
              ) : null}
            </span>
          </label>
        ))}
        {d.allowHomeDelivery ? (
          // eslint-disable-next-line jsx-a11y/label-has-associated-control -- its text is the spans below (too deep for the rule)
          <label className="gb-where__option" htmlFor="gb-where-home">
            <input
              id="gb-where-home"
              type="radio"
              name="pickupPointId"
              value={HOME}
              checked={home}
              onChange={() => setWhere(HOME)}
            />
            <span>
              <span className="gb-where__name">{gt("groupbuy.store.home")}</span>
              <span className="gb-where__meta">{gt("groupbuy.store.homeHint")}</span>
            </span>
          </label>
        ) : null}
        {errors.pickupPointId ? (
          <p id="gb-where-error" className="field__error">
            {message(errors.pickupPointId)}
          </p>
        ) : null}
      </fieldset>

      {home ? (
        <HomeFields page={page} result={result} locale={locale} />
      ) : (
        <div className="checkout-fields gb-who">
          <p className="field__label">{gt("groupbuy.store.who")}</p>
          <div className="checkout-fields__row checkout-fields__row--two">
            <TextField
              t={t}
              name="name"
              label={gt("groupbuy.store.name")}
              value={v.name}
              error={errors.name}
              autoComplete="name"
              maxLength={40}
            />
            <TextField
              t={t}
              name="mobile"
              label={gt("groupbuy.store.mobile")}
              value={v.mobile}
              error={errors.mobile}
              type="tel"
              autoComplete="tel-national"
              inputMode="tel"
              maxLength={20}
            />
          </div>
          <GuestEmail page={page} values={v} errors={errors} locale={locale} />
        </div>
      )}
      {errors.submitKey ? <p className="field__error">{t("checkout.submitKey")}</p> : null}
      <p className="gb-hold">
        {gt(`groupbuy.store.hold.${d.holdMode}`, { price: formatFen(price, locale) })}
      </p>
      <button
        type="submit"
        className="button button--primary button--block gb-join__submit"
        disabled={submitting}
      >
        {submitting
          ? gt("groupbuy.store.submitting")
          : gt(home ? "groupbuy.store.submitHome" : "groupbuy.store.submit", { amount })}
      </button>
    </Form>
  );
}

function GuestEmail({
  page,
  values: v,
  errors,
  locale,
}: {
  page: JoinPage;
  values: JoinValues;
  errors: Record<string, string>;
  locale: Locale;
}) {
  const gt = groupbuyStoreTranslator(locale);
  const t = checkoutTranslator(locale);
  if (page.account)
    return (
      <p className="checkout-account">
        {gt("groupbuy.store.signedIn", { email: page.account.email })}
      </p>
    );
  return (
    <TextField
      t={t}
      name="email"
      label={gt("groupbuy.store.email")}
      optional
      value={v.email}
      error={errors.email}
      type="email"
      autoComplete="email"
      inputMode="email"
      maxLength={254}
    />
  );
}

function HomeFields({
  page,
  result,
  locale,
}: {
  page: JoinPage;
  result?: JoinFormResult;
  locale: Locale;
}) {
  const t = checkoutTranslator(locale);
  const v = result?.values ?? page.values;
  const errors = result?.errors ?? {};
  return (
    <div className="gb-home">
      <AddressSection
        t={t}
        locale={locale}
        values={v}
        errors={errors}
        usedSaved={page.usedSaved}
        regions={result?.regions ?? page.regions}
        resubmitted={Boolean(result)}
        onProvinceChange={() => undefined}
      />
      <GuestEmail page={page} values={v} errors={errors} locale={locale} />
      <input type="hidden" name="ambientService" value="express" />
    </div>
  );
}
