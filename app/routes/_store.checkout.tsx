import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { getUser, hasSessionCookie } from "~/auth/session.server";
import type { StoreHeaderVariant } from "~/components/store-header";
import { env } from "~/lib/env.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { siteOrigin } from "~/lib/origin.server";
import { useI18n } from "~/lib/use-i18n";
import { checkoutCartId, isBuyNow } from "~/orders/cart-cookie.server";
import { lastProvinceCookie } from "~/orders/last-province";
import { BuyNowNote, useRememberProvince } from "~/orders/components/buy-now";
import { getCart } from "~/orders/cart.server";
import { checkoutTranslator, fieldMessage } from "~/orders/checkout-messages";
import { planQuerySchema } from "~/orders/checkout-schemas";
import {
  checkoutValuesSchema,
  orderInputOf,
  readCheckoutForm,
  regionLists,
  type CheckoutValues,
} from "~/orders/checkout-form.server";
import {
  planCheckout,
  checkoutFormStart,
  submitCheckout,
  type CheckoutPlan,
} from "~/orders/checkout.server";
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
import { MAX_ORDER_TOTAL_FEN } from "~/orders/schemas";
import checkoutStyles from "~/styles/checkout.css";
import { readFormObject } from "~/lib/read-form.server";
import type { loader as quoteLoader } from "./checkout.quote";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

// The slim header on a phone: back, logo, cart.
export const handle: { storeHeader: StoreHeaderVariant } = {
  storeHeader: { slim: true, back: "/cart" },
};

type Values = CheckoutValues;

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const cartId = await checkoutCartId(request);
  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const url = new URL(request.url);
  const { province, ambientService, form } = await checkoutFormStart(url, user);
  const plan = await planCheckout({ cartId, province, ambientService, locale });
  if (plan.parts.length === 0) throw redirect("/cart");
  const buyNow = isBuyNow(url);
  // Where "change it" leads: the cart, or for buy now the product page the pack came from.
  const slug = buyNow
    ? (await getCart({ cartId, locale })).groups[0]?.lines[0]?.productSlug
    : undefined;
  const changeTo = slug ? `/p/${slug}` : "/cart";
  return { locale, plan, ...form, holdMinutes: env.RESERVATION_MINUTES, buyNow, changeTo };
}

type ActionResult = {
  values: Values;
  errors: Record<string, string>;
  message: string | null;
  backToCart: boolean;
  regions: ReturnType<typeof regionLists>;
  plan: CheckoutPlan | null;
};

export async function action({ request }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const t = checkoutTranslator(locale);
  const form = await readFormObject(request);
  const values = checkoutValuesSchema.parse(form);
  const cartId = await checkoutCartId(request);
  // The page comes back with the lists and the quote for what was sent, so nothing typed is lost.
  const refuse = async (r: Partial<ActionResult>, status = 422) => {
    const province = planQuerySchema.parse({
      province: values.province,
      service: values.ambientService,
    });
    const plan = await planCheckout({
      cartId,
      province: province.province,
      ambientService: province.service,
      locale,
    });
    return data<ActionResult>(
      {
        values,
        errors: {},
        message: null,
        backToCart: false,
        regions: regionLists(values),
        plan,
        ...r,
      },
      { status },
    );
  };

  const user = (await hasSessionCookie(request)) ? await getUser(request) : null;
  const read = readCheckoutForm(form);
  if (!read.ok) return refuse({ errors: read.errors, message: t("checkout.errorSummary") });

  const f = read.form;
  const outcome = await submitCheckout({
    cartId,
    ...orderInputOf(f, user),
  });
  if (!outcome.ok) {
    switch (outcome.error) {
      case "empty_cart":
        throw redirect("/cart");
      case "invalid":
        return refuse({
          errors: { [outcome.field ?? "form"]: outcome.message },
          message: t("checkout.errorSummary"),
        });
      case "sold_out":
      case "above_stock": {
        const plan = await planCheckout({
          cartId,
          province: f.province,
          ambientService: f.ambientService,
          locale,
        });
        const name = lineName(plan, outcome.variantId);
        const message =
          outcome.error === "sold_out" || !outcome.available
            ? t("checkout.soldOut", { name })
            : t("checkout.aboveStock", { name, count: outcome.available });
        return refuse({ message, backToCart: true }, 409);
      }
      case "not_shippable":
        return refuse({ message: t("checkout.notShippable", { reason: outcome.message }) });
      case "too_large":
        return refuse(
          {
            message: t("checkout.tooLarge", { max: formatFen(MAX_ORDER_TOTAL_FEN, locale) }),
            backToCart: true,
          },
          422,
        );
      case "submit_key_used":
        // Another browser placed an order with this form; this one gets a fresh form and no access.
        return refuse({ message: t("checkout.submitKeyUsed") }, 409);
      default:
        throw new Error(
          `unhandled checkout refusal ${JSON.stringify(outcome.error satisfies never)}`,
        );
    }
  }

  const headers = new Headers();
  if (!user) headers.append("Set-Cookie", await grantOrderAccess(request, outcome.orderId));
  headers.append("Set-Cookie", lastProvinceCookie(f.province));
  const payment = outcome.paymentUrl
    ? ({ ok: true, redirectUrl: outcome.paymentUrl } as const)
    : await startPayment({ orderId: outcome.orderId, origin: siteOrigin(request) });
  // Already paid (a resent form) or the provider is down: the order page says what to do next.
  return redirect(payment.ok ? payment.redirectUrl : `/orders/${outcome.orderId}`, { headers });
}

function lineName(plan: CheckoutPlan, variantId: string | undefined): string {
  for (const part of plan.parts) {
    const line = part.lines.find((l) => l.variantId === variantId);
    if (line) return `${line.productName} ${line.variantLabel}`;
  }
  return "";
}

// The form carries a one-time key and personal details: never cached.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    {
      title: `${checkoutTranslator(locale)("checkout.title")} | ${translator(locale)("site.name")}`,
    },
    { name: "robots", content: "noindex" },
  ];
};

export default function CheckoutPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";
  const { locale } = useI18n();
  const t = checkoutTranslator(locale);
  const quote = useFetcher<typeof quoteLoader>();
  const v: Values = result?.values ?? page.values;
  const checks = useFieldChecks(result?.errors);
  const errors = checks.errors;
  const [province, setProvince] = useState(v.province ?? "");
  const [service, setService] = useState<"express" | "economy">(
    v.ambientService === "economy" ? "economy" : "express",
  );
  const reprice = useCallback(
    (p: string, s: string) =>
      quote.load(
        `/checkout/quote?province=${encodeURIComponent(p)}&service=${s}${page.buyNow ? "&buy=now" : ""}`,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- quote.load is stable for the fetcher's life
    [],
  );
  // After a refused submit the first field to fix gets the focus (on a phone it is off screen).
  useEffect(() => {
    if (result && Object.keys(result.errors).length > 0)
      document.querySelector<HTMLElement>('.checkout [aria-invalid="true"]')?.focus();
  }, [result]);
  useRememberProvince(province);
  const fresh = quote.data?.plan ?? null;
  const plan = fresh ?? result?.plan ?? page.plan;
  const regions = result?.regions ?? page.regions;
  const hasAmbient = plan.parts.some((p) => p.lines.some((l) => l.storage === "ambient"));
  const stockProblems = Object.fromEntries(
    plan.problems.flatMap((p) =>
      p.kind === "above_stock"
        ? [[p.variantId, t("checkout.lineLeft", { count: p.available })]]
        : p.kind === "sold_out" || p.kind === "unavailable"
          ? [[p.variantId, t("checkout.lineSoldOut")]]
          : [],
    ),
  );

  return (
    <main id="main" className="container checkout">
      <h1>{t("checkout.title")}</h1>
      {page.buyNow ? <BuyNowNote /> : null}
      {!result?.message && plan.problems.some((p) => p.kind === "too_large") ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {t("checkout.tooLarge", { max: formatFen(MAX_ORDER_TOTAL_FEN, locale) })}{" "}
          <ChangeLink to={page.changeTo} t={t} />
        </div>
      ) : null}
      {checks.refused && Object.keys(errors).length > 0 ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {t("checkout.errorSummary")}
        </div>
      ) : result?.message ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {result.message}
          {result.backToCart ? (
            <>
              {" "}
              <ChangeLink to={page.changeTo} t={t} />
            </>
          ) : null}
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
              reprice(p, service);
            }}
            onPicked={checks.recheck}
          />
          <ContactSection
            t={t}
            account={page.account}
            values={v}
            errors={errors}
            signInTo={page.buyNow ? "/checkout?buy=now" : "/checkout"}
          />
          <ServiceSection
            t={t}
            hasAmbient={hasAmbient}
            service={service}
            onChange={(s) => {
              setService(s);
              reprice(province, s);
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
            problems={stockProblems}
          />
          <button
            type="submit"
            className="button button--primary button--block checkout__submit"
            disabled={submitting}
          >
            {submitting ? t("checkout.submitting") : t("checkout.submit")}
          </button>
          <p className="checkout__fine">{t("checkout.fine", { minutes: page.holdMinutes })}</p>
          {errors.submitKey ? (
            <p className="field__error">{fieldMessage(t, errors.submitKey)}</p>
          ) : null}
        </aside>
      </Form>
    </main>
  );
}

/** Back to where the order's contents are changed: the cart, or a buy-now pack's product page. */
function ChangeLink({ to, t }: { to: string; t: ReturnType<typeof checkoutTranslator> }) {
  return (
    <Link to={to}>{t(to === "/cart" ? "checkout.backToCart" : "checkout.backToProduct")}</Link>
  );
}
