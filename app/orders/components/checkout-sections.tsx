import { Link } from "@remix-run/react";
import type { Locale } from "~/lib/i18n";
import type { StripeMethod } from "~/payments/methods";
import type { checkoutTranslator } from "~/orders/checkout-messages";
import { RegionPickers, TextField, type Region } from "./address-fields";

/*
 * The parts of a checkout form every order path shows (the cart's checkout, a flash-sale claim's):
 * contact, delivery address, ambient service. The page keeps its state and its summary.
 */

type T = ReturnType<typeof checkoutTranslator>;
type Values = Partial<
  Record<
    | "email"
    | "contactMobile"
    | "name"
    | "mobile"
    | "province"
    | "cityCode"
    | "districtCode"
    | "detail"
    | "postcode",
    string
  >
>;

/**
 * Who hears about the order: the signed-in account, or a guest, reached on the delivery mobile
 * (AddressSection, shown first) and, if they leave one, an email.
 */
export function ContactSection({
  t,
  account,
  values: v,
  errors,
  signInTo,
}: {
  t: T;
  account: { email: string } | null;
  values: Values;
  errors: Record<string, string>;
  /** Where a guest can sign in and come back (omitted: no link). */
  signInTo?: string;
}) {
  return (
    <section className="checkout-section" aria-labelledby="contact-title">
      <h2 id="contact-title">{t("checkout.contactTitle")}</h2>
      {account ? (
        <p className="checkout-account">{t("checkout.account", { email: account.email })}</p>
      ) : (
        <div className="checkout-fields">
          <p className="field__hint">
            {t("checkout.guestIntro")}
            {signInTo ? (
              <>
                {" "}
                <Link to={`/account/sign-in?redirectTo=${encodeURIComponent(signInTo)}`}>
                  {t("checkout.signIn")}
                </Link>
              </>
            ) : null}
          </p>
          <TextField
            t={t}
            name="email"
            label={t("checkout.emailLabel")}
            hint={t("checkout.emailHint")}
            optional
            value={v.email}
            error={errors.email}
            type="email"
            autoComplete="email"
            inputMode="email"
            maxLength={254}
          />
        </div>
      )}
    </section>
  );
}

/** The delivery address; a province change reprices the parcels (`onProvinceChange`). */
export function AddressSection({
  t,
  locale,
  values: v,
  errors,
  usedSaved,
  regions,
  resubmitted,
  onProvinceChange,
  onPicked,
}: {
  t: T;
  locale: Locale;
  values: Values;
  errors: Record<string, string>;
  /** The fields were filled from the shopper's saved address. */
  usedSaved: boolean;
  regions: { cityCode: string; districtCode: string; cities: Region[]; districts: Region[] };
  /** The form comes back refused: the pickers show what was sent. */
  resubmitted: boolean;
  onProvinceChange: (province: string) => void;
  /** A city or district the pickers chose by themselves (a municipality's one city). */
  onPicked?: (name: "cityCode" | "districtCode", code: string) => void;
}) {
  return (
    <section className="checkout-section" aria-labelledby="address-title">
      <h2 id="address-title">{t("checkout.addressTitle")}</h2>
      {usedSaved && !resubmitted ? (
        <p className="field__hint">{t("checkout.savedAddress")}</p>
      ) : null}
      <div className="checkout-fields">
        {/* The one mobile, first: the courier's number and a guest's contact. */}
        <TextField
          t={t}
          name="mobile"
          label={t("checkout.recipientMobile")}
          hint={t("checkout.mobileHint")}
          value={v.mobile}
          error={errors.mobile}
          type="tel"
          autoComplete="tel-national"
          inputMode="tel"
          maxLength={20}
        />
        <TextField
          t={t}
          name="name"
          label={t("checkout.name")}
          value={v.name}
          error={errors.name}
          autoComplete="name"
          maxLength={40}
        />
        <RegionPickers
          locale={locale}
          province={v.province ?? ""}
          cityCode={resubmitted ? (v.cityCode ?? "") : regions.cityCode}
          districtCode={resubmitted ? (v.districtCode ?? "") : regions.districtCode}
          cities={regions.cities}
          districts={regions.districts}
          errors={errors}
          onProvinceChange={onProvinceChange}
          onPicked={onPicked}
        />
        <TextField
          t={t}
          name="detail"
          label={t("checkout.detail")}
          hint={t("checkout.detailHint")}
          value={v.detail}
          error={errors.detail}
          autoComplete="street-address"
          maxLength={120}
        />
        <TextField
          t={t}
          name="postcode"
          label={t("checkout.postcode")}
          optional
          value={v.postcode}
          error={errors.postcode}
          autoComplete="postal-code"
          inputMode="numeric"
          maxLength={6}
        />
      </div>
    </section>
  );
}

/** Express or economy for ambient parcels (chilled ones always go cold chain). */
export function ServiceSection({
  t,
  hasAmbient,
  service,
  onChange,
}: {
  t: T;
  hasAmbient: boolean;
  service: "express" | "economy";
  onChange: (service: "express" | "economy") => void;
}) {
  if (!hasAmbient) return <input type="hidden" name="ambientService" value="express" />;
  return (
    <section className="checkout-section" aria-labelledby="service-title">
      <fieldset className="service-choice">
        <legend id="service-title">{t("checkout.serviceTitle")}</legend>
        {(["express", "economy"] as const).map((s) => (
          <label key={s} className="variant">
            <input
              type="radio"
              name="ambientService"
              value={s}
              checked={service === s}
              onChange={() => onChange(s)}
            />
            <span className="variant__label">{t(`checkout.service.${s}`)}</span>
            <span className="variant__meta">{t(`checkout.service.${s}Meta`)}</span>
          </label>
        ))}
        <p className="field__hint">{t("checkout.serviceHint")}</p>
      </fieldset>
    </section>
  );
}

/**
 * How the shopper will pay, as the provider lists its methods (WeChat Pay, Alipay, card); nothing
 * when its own page decides (the simulated card page, or Stripe's dashboard settings).
 */
export function PaymentSection({ t, methods }: { t: T; methods: readonly StripeMethod[] }) {
  if (methods.length === 0) return null;
  return (
    <section className="checkout-section" aria-labelledby="pay-title">
      <h2 id="pay-title">{t("checkout.payTitle")}</h2>
      <ul className="pay-methods">
        {methods.map((m) => (
          <li key={m} className={`pay-methods__item pay-methods__item--${m}`}>
            {t(`checkout.method.${m}`)}
          </li>
        ))}
      </ul>
      <p className="field__hint">{t("checkout.payHint")}</p>
    </section>
  );
}
