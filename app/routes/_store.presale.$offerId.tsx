import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { getUser, hasSessionCookie } from "~/auth/session.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { notFound } from "~/lib/not-found";
import { siteOrigin } from "~/lib/origin.server";
import { readFormObject } from "~/lib/read-form.server";
import { useI18n } from "~/lib/use-i18n";
import {
  checkoutValuesSchema,
  orderInputOf,
  readCheckoutForm,
  regionLists,
  type CheckoutValues,
} from "~/orders/checkout-form.server";
import { checkoutTranslator } from "~/orders/checkout-messages";
import { checkoutFormStart } from "~/orders/checkout.server";
import {
  AddressSection,
  ContactSection,
  PaymentSection,
  ServiceSection,
} from "~/orders/components/checkout-sections";
import { FieldAnnouncer, useFieldChecks } from "~/orders/components/field-checks";
import { QuoteSummary } from "~/orders/components/quote-summary";
import { grantOrderAccess } from "~/orders/order-access.server";
import { startPayment } from "~/orders/payment-flow.server";
import {
  MAX_PRESALE_QUANTITY,
  placePresaleOrder,
  planPresaleCheckout,
  presaleOffer,
} from "~/presale/place.server";
import { harvestWindowText } from "~/presale/harvest-window";
import { presaleOrderTranslator } from "~/presale/presale-order-messages";
import checkoutStyles from "~/styles/checkout.css";

/*
 * A pre-order's checkout: the cart checkout's form for one presale pack, the deposit paid now
 * (the method saved for the balance), the order through placeOrder (placePresaleOrder), then to
 * payment the way every checkout goes.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

const quantityOf = (value: unknown) => {
  const n = Number(value ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= MAX_PRESALE_QUANTITY ? n : null;
};

async function openPresale(offerId: string | undefined) {
  const found = offerId ? await presaleOffer(offerId) : null;
  if (!found) throw notFound();
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const found = await openPresale(params.offerId);
  const url = new URL(request.url);
  const quantity = quantityOf(url.searchParams.get("quantity")) ?? 1;
  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const { province, ambientService, form } = await checkoutFormStart(url, user);
  const { plan, split } = await planPresaleCheckout({
    offerId: found.offer.id,
    quantity,
    province,
    ambientService,
    locale,
  });
  const limit = Math.min(MAX_PRESALE_QUANTITY, found.offer.perShopperLimit ?? MAX_PRESALE_QUANTITY);
  return {
    locale,
    offerId: found.offer.id,
    product: { nameZh: found.product.nameZh, nameEn: found.product.nameEn },
    terms: {
      harvestFrom: found.terms.harvestFrom,
      harvestTo: found.terms.harvestTo,
      shortDefault: found.terms.shortDefault,
      policyZh: found.terms.policyZh,
      policyEn: found.terms.policyEn,
      full: found.terms.depositKind === "full",
    },
    quantity,
    limit,
    plan,
    split,
    ...form,
  };
}

type ActionResult = {
  values: CheckoutValues;
  errors: Record<string, string>;
  message: string | null;
  regions: ReturnType<typeof regionLists>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const t = checkoutTranslator(locale);
  const pt = presaleOrderTranslator(locale);
  const found = await openPresale(params.offerId);
  const form = await readFormObject(request);
  const values = checkoutValuesSchema.parse(form);
  const refuse = (r: Partial<ActionResult>, status = 422) =>
    data<ActionResult>(
      { values, errors: {}, message: null, regions: regionLists(values), ...r },
      { status },
    );
  const quantity = quantityOf(form.quantity);
  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const read = readCheckoutForm(form);
  if (!read.ok || quantity === null)
    return refuse({
      errors: {
        ...(read.ok ? {} : read.errors),
        ...(quantity === null ? { quantity: "presale.quantity" } : {}),
      },
      message: t("checkout.errorSummary"),
    });
  const f = read.form;
  const outcome = await placePresaleOrder({
    offerId: found.offer.id,
    quantity,
    ...orderInputOf(f, user),
  });
  if (!outcome.ok) {
    switch (outcome.error) {
      case "invalid":
        return refuse({
          errors: { [outcome.field ?? "form"]: outcome.message },
          message: t("checkout.errorSummary"),
        });
      case "not_presale":
        return refuse({ message: pt(outcome.message as "presale.notFound") }, 404);
      case "not_shippable":
        return refuse({ message: t("checkout.notShippable", { reason: outcome.message }) });
      case "submit_key_used":
        return refuse({ message: t("checkout.submitKeyUsed") }, 409);
      case "sold_out":
      case "above_stock":
        return refuse({ message: pt("presale.soldOut") }, 409);
      case "empty_cart":
      case "too_large":
        return refuse({ message: pt("presale.closed") }, 409);
      default:
        throw new Error(`unhandled presale refusal ${JSON.stringify(outcome satisfies never)}`);
    }
  }
  const headers = new Headers();
  if (!user) headers.append("Set-Cookie", await grantOrderAccess(request, outcome.orderId));
  const payment = await startPayment({ orderId: outcome.orderId, origin: siteOrigin(request) });
  return redirect(payment.ok ? payment.redirectUrl : `/orders/${outcome.orderId}`, { headers });
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    {
      title: `${presaleOrderTranslator(locale)("presale.checkoutTitle")} | ${translator(locale)("site.name")}`,
    },
    { name: "robots", content: "noindex" },
  ];
};

export default function PresaleCheckoutPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";
  const { locale } = useI18n();
  const t = checkoutTranslator(locale);
  const pt = presaleOrderTranslator(locale);
  const quote = useFetcher<typeof loader>();
  const v: CheckoutValues = result?.values ?? page.values;
  const checks = useFieldChecks(result?.errors);
  const errors = checks.errors;
  const [province, setProvince] = useState(v.province ?? "");
  const [quantity, setQuantity] = useState(page.quantity);
  const [service, setService] = useState<"express" | "economy">(
    v.ambientService === "economy" ? "economy" : "express",
  );
  const path = `/presale/${encodeURIComponent(page.offerId)}`;
  const reprice = useCallback(
    (p: string, s: string, q: number) =>
      quote.load(`${path}?province=${encodeURIComponent(p)}&service=${s}&quantity=${q}`),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- quote.load is stable for the fetcher's life
    [path],
  );
  useEffect(() => {
    if (result && Object.keys(result.errors).length > 0)
      document.querySelector<HTMLElement>('.checkout [aria-invalid="true"]')?.focus();
  }, [result]);
  const plan = quote.data?.plan ?? page.plan;
  const split = quote.data ? quote.data.split : page.split;
  const regions = result?.regions ?? page.regions;
  const hasAmbient = plan.parts.some((p) => p.lines.some((l) => l.storage === "ambient"));
  const when = harvestWindowText(page.terms.harvestFrom, page.terms.harvestTo);
  const policy = locale === "en" ? page.terms.policyEn || page.terms.policyZh : page.terms.policyZh;

  return (
    <main id="main" className="container checkout">
      <h1>
        {pt("presale.checkoutTitle")} ·{" "}
        {locale === "en" ? page.product.nameEn : page.product.nameZh}
      </h1>
      <p className="notice checkout__alert">{pt("presale.harvestAround", { when })}</p>
      {checks.refused && Object.keys(errors).length > 0 ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {t("checkout.errorSummary")}
        </div>
      ) : null}
      {result?.message ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {result.message}
        </div>
      ) : null}
      <Form
        method="post"
        noValidate
        className="checkout__layout"
        key={result ? JSON.stringify(result.values) : "blank"}
        {...checks.formProps}
      >
        <FieldAnnouncer t={t} said={checks.said} />
        <input type="hidden" name="submitKey" value={page.submitKey} />
        <div>
          <section className="checkout-section">
            <label className="field">
              <span className="field__label">{pt("presale.quantityLabel")}</span>
              <select
                name="quantity"
                value={quantity}
                aria-invalid={errors.quantity ? true : undefined}
                onChange={(e) => {
                  const q = Number(e.currentTarget.value);
                  setQuantity(q);
                  reprice(province, service, q);
                }}
              >
                {Array.from({ length: page.limit }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              {errors.quantity ? (
                <span className="field__error">{pt("presale.quantity")}</span>
              ) : null}
            </label>
          </section>
          <AddressSection
            t={t}
            locale={locale}
            values={v}
            errors={errors}
            usedSaved={Boolean(page.usedSaved)}
            regions={regions}
            resubmitted={Boolean(result)}
            onProvinceChange={(p) => {
              setProvince(p);
              reprice(p, service, quantity);
            }}
            onPicked={checks.recheck}
          />
          <ContactSection t={t} account={page.account} values={v} errors={errors} />
          <ServiceSection
            t={t}
            hasAmbient={hasAmbient}
            service={service}
            onChange={(s) => {
              setService(s);
              reprice(province, s, quantity);
            }}
          />
          <PaymentSection t={t} methods={page.paymentMethods} />
        </div>
        <aside className="checkout-section checkout__summary" aria-labelledby="summary-title">
          <h2 id="summary-title">{t("checkout.summaryTitle")}</h2>
          <QuoteSummary
            plan={plan}
            locale={locale}
            province={province}
            stale={quote.state !== "idle"}
            problems={{}}
            totalLabel={page.terms.full ? undefined : pt("presale.orderTotal")}
          />
          {split ? (
            <dl className="presale-split" data-testid="presale-split">
              <div>
                <dt>{page.terms.full ? pt("presale.fullNow") : pt("presale.depositNow")}</dt>
                <dd>{formatFen(split.depositFen, locale)}</dd>
              </div>
              {split.balanceFen > 0 ? (
                <div>
                  <dt>{pt("presale.balanceLater")}</dt>
                  <dd>{formatFen(split.balanceFen, locale)}</dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p className="checkout__hint">{pt("presale.pickProvince")}</p>
          )}
          <p className="checkout__hint">
            {page.terms.shortDefault === "wait"
              ? pt("presale.shortWait")
              : pt("presale.shortCancel")}
          </p>
          {policy ? (
            <details className="checkout__hint">
              <summary>{pt("presale.policyTitle")}</summary>
              <p>{policy}</p>
            </details>
          ) : null}
          <button
            type="submit"
            className="button button--primary button--block checkout__submit"
            disabled={submitting}
          >
            {submitting
              ? t("checkout.submitting")
              : split
                ? pt(page.terms.full ? "presale.submitFull" : "presale.submit", {
                    amount: formatFen(split.depositFen, locale),
                  })
                : t("checkout.submit")}
          </button>
        </aside>
      </Form>
    </main>
  );
}
