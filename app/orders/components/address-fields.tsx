import { useEffect, useRef, useState, type InputHTMLAttributes, type ReactNode } from "react";
import type { Locale } from "~/lib/i18n";
import { checkoutTranslator, fieldMessage } from "~/orders/checkout-messages";
import { PROVINCES } from "~/lib/regions";
import { fetchRegionOptions, regionLabel, type RegionOption as Region } from "~/lib/regions-client";

export type { RegionOption as Region } from "~/lib/regions-client";

/** Provinces listed for completeness that no service reaches yet. */
const NOT_SERVED = new Set(["71", "81", "82"]);

type T = ReturnType<typeof checkoutTranslator>;

/** A labelled field with its message right under it, tied together for screen readers. */
export function Field({
  name,
  label,
  error,
  hint,
  optional,
  t,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  optional?: boolean;
  t: T;
  children: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = `f-${name}`;
  const describedBy =
    [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}{" "}
        {optional ? <span className="field__optional">{t("checkout.optional")}</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {fieldMessage(t, error)}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  name,
  label,
  value,
  error,
  hint,
  optional,
  t,
  ...input
}: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  optional?: boolean;
  t: T;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field name={name} label={label} error={error} hint={hint} optional={optional} t={t}>
      {(aria) => (
        <input {...input} {...aria} name={name} defaultValue={value} className="field__input" />
      )}
    </Field>
  );
}

/**
 * Province → city → district pickers. The server renders the lists for the current values (so the
 * form works without JavaScript, with the "update" button); with JavaScript each change fetches
 * the next list from /api/regions and clears the choices below it.
 */
export function RegionPickers({
  locale,
  province: initialProvince,
  cityCode: initialCity,
  districtCode: initialDistrict,
  cities: initialCities,
  districts: initialDistricts,
  errors,
  onProvinceChange,
  onPicked,
}: {
  locale: Locale;
  province: string;
  cityCode: string;
  districtCode: string;
  cities: Region[];
  districts: Region[];
  errors: Record<string, string>;
  onProvinceChange: (province: string) => void;
  /** A choice made for the shopper (the only city or district there is), for checks that listen. */
  onPicked?: (name: "cityCode" | "districtCode", code: string) => void;
}) {
  const t = checkoutTranslator(locale);
  const [province, setProvince] = useState(initialProvince);
  const [cityCode, setCityCode] = useState(initialCity);
  const [districtCode, setDistrictCode] = useState(initialDistrict);
  const [cities, setCities] = useState(initialCities);
  const [districts, setDistricts] = useState(initialDistricts);
  const [scripted, setScripted] = useState(false);
  const latest = useRef(0);
  useEffect(() => setScripted(true), []);

  const changeProvince = async (code: string) => {
    setProvince(code);
    setCityCode("");
    setDistrictCode("");
    setCities([]);
    setDistricts([]);
    onProvinceChange(code);
    const ticket = ++latest.current;
    const list = code ? await fetchRegionOptions({ province: code }) : [];
    if (ticket !== latest.current) return;
    setCities(list);
    // A municipality has one city: choose it and go straight to its districts.
    if (list.length === 1) {
      onPicked?.("cityCode", list[0]!.code);
      await changeCity(list[0]!.code, ticket);
    }
  };
  const changeCity = async (code: string, ticket = ++latest.current) => {
    setCityCode(code);
    setDistrictCode("");
    setDistricts([]);
    const list = code ? await fetchRegionOptions({ city: code }) : [];
    if (ticket !== latest.current) return;
    setDistricts(list);
    if (list.length === 1) {
      setDistrictCode(list[0]!.code);
      onPicked?.("districtCode", list[0]!.code);
    }
  };

  const select = (
    name: string,
    label: string,
    value: string,
    options: Region[],
    onChange: (v: string) => void,
  ) => (
    <Field name={name} label={label} error={errors[name]} t={t}>
      {(aria) => (
        <select
          {...aria}
          name={name}
          value={value}
          onChange={(e) => void onChange(e.currentTarget.value)}
          className="field__input field__input--select"
          autoComplete={
            name === "province"
              ? "address-level1"
              : name === "cityCode"
                ? "address-level2"
                : "address-level3"
          }
        >
          <option value="">{t("checkout.choose")}</option>
          {options.map((o) => (
            <option
              key={o.code}
              value={o.code}
              disabled={name === "province" && NOT_SERVED.has(o.code)}
            >
              {regionLabel(o, locale)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const provinces = Object.entries(PROVINCES).map(([code, n]) => ({
    code,
    name: NOT_SERVED.has(code) ? `${n[locale]}${t("checkout.notServed")}` : n[locale],
  }));
  return (
    <>
      <div className="checkout-fields__row">
        {select("province", t("checkout.province"), province, provinces, changeProvince)}
        {select("cityCode", t("checkout.city"), cityCode, cities, (v) => changeCity(v))}
        {select("districtCode", t("checkout.district"), districtCode, districts, setDistrictCode)}
      </div>
      {scripted ? null : (
        // Only without JavaScript: reload the page with the lists for the chosen province and city.
        <button
          type="submit"
          formMethod="get"
          formAction="/checkout"
          formNoValidate
          className="button button--small"
        >
          {t("checkout.updateLists")}
        </button>
      )}
    </>
  );
}
