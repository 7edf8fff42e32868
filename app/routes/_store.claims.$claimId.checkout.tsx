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
import { getUser } from "~/auth/session.server";
import { translator } from "~/lib/i18n";
import { adoptLinkLocale, getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { notFound } from "~/lib/not-found";
import { siteOrigin } from "~/lib/origin.server";
import { readFormObject } from "~/lib/read-form.server";
import { useI18n } from "~/lib/use-i18n";
import { checkoutClaim, ownedClaim, planClaimCheckout } from "~/live/checkout.server";
import { formatLeft } from "~/live/components/use-server-clock";
import { liveTranslator } from "~/live/live-messages";
import { shopperKeysOf } from "~/live/shopper.server";
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
import checkoutStyles from "~/styles/checkout.css";

/*
 * A flash-sale claim's checkout: the claim must be this visitor's (their account's, or their
 * device's), still held; the form is the cart checkout's, and the order goes through placeOrder
 * (checkoutClaim), then to payment the way the cart checkout goes.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

/** The visitor's held claim, or a 404 (someone else's claim looks like no claim at all). */
async function visitorClaim(request: Request, claimId: string | undefined) {
  const { keys, userId } = await shopperKeysOf(request.headers.get("Cookie"));
  const found = claimId && keys.length ? await ownedClaim(claimId, keys) : null;
  if (!found) throw notFound();
  return { found, userId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const chosen = await adoptLinkLocale(request);
  if (chosen) throw chosen;
  const locale = await getLocale(request);
  const { found, userId } = await visitorClaim(request, params.claimId);
  const { claim } = found;
  const user = userId ? await getUser(request) : null;
  const { province, ambientService, form } = await checkoutFormStart(new URL(request.url), user);
  const held = claim.status === "held" && claim.expiresAt.getTime() > Date.now();
  const plan = await planClaimCheckout({
    claim,
    offerId: found.offerId,
    province,
    ambientService,
    locale,
  });
  return {
    locale,
    claim: {
      id: claim.id,
      quantity: claim.quantity,
      expiresAt: claim.expiresAt.toISOString(),
      held,
      orderId: claim.orderId,
    },
    saleCode: found.code,
    plan,
    ...form,
    serverTime: new Date().toISOString(),
  };
}

type ActionResult = {
  values: CheckoutValues;
  errors: Record<string, string>;
  message: string | null;
  gone: boolean;
  regions: ReturnType<typeof regionLists>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const t = checkoutTranslator(locale);
  const lt = liveTranslator(locale);
  const { found, userId } = await visitorClaim(request, params.claimId);
  const form = await readFormObject(request);
  const values = checkoutValuesSchema.parse(form);
  const refuse = (r: Partial<ActionResult>, status = 422) =>
    data<ActionResult>(
      { values, errors: {}, message: null, gone: false, regions: regionLists(values), ...r },
      { status },
    );
  const user = userId ? await getUser(request) : null;
  const read = readCheckoutForm(form);
  if (!read.ok) return refuse({ errors: read.errors, message: t("checkout.errorSummary") });
  const f = read.form;
  const outcome = await checkoutClaim({
    claimId: found.claim.id,
    shopperKey: found.shopperKey,
    ...orderInputOf(f, user),
  });
  if (!outcome.ok) {
    switch (outcome.error) {
      case "claim_gone":
        return refuse({ message: lt("live.claimGone"), gone: true }, 410);
      case "over_limit":
        return refuse({ message: lt("live.overLimitMobile") }, 422);
      case "invalid":
        return refuse({
          errors: { [outcome.field ?? "form"]: outcome.message },
          message: t("checkout.errorSummary"),
        });
      case "not_shippable":
        return refuse({ message: t("checkout.notShippable", { reason: outcome.message }) });
      case "submit_key_used":
        return refuse({ message: t("checkout.submitKeyUsed") }, 409);
      case "sold_out":
      case "above_stock":
      case "empty_cart":
        return refuse({ message: lt("live.claimGone"), gone: true }, 409);
      case "too_large":
        return refuse({ message: t("checkout.errorSummary") }, 422);
      default:
        throw new Error(`unhandled claim refusal ${JSON.stringify(outcome satisfies never)}`);
    }
  }
  const headers = new Headers();
  if (!user) headers.append("Set-Cookie", await grantOrderAccess(request, outcome.orderId));
  const payment = outcome.paymentUrl
    ? ({ ok: true, redirectUrl: outcome.paymentUrl } as const)
    : await startPayment({ orderId: outcome.orderId, origin: siteOrigin(request) });
  return redirect(payment.ok ? payment.redirectUrl : `/orders/${outcome.orderId}`, { headers });
}

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    {
      title: `${liveTranslator(locale)("live.checkoutTitle")} | ${translator(locale)("site.name")}`,
    },
    { name: "robots", content: "noindex" },
  ];
};

/** The hold's time left on the server's clock (the loader's serverTime against the device's). */
function useHoldLeft(expiresAt: string, serverTime: string) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const offset = Date.parse(serverTime) - Date.now();
    const tick = () => setLeft(Date.parse(expiresAt) - (Date.now() + offset));
    tick();
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [expiresAt, serverTime]);
  return left;
}

export default function ClaimCheckoutPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";
  const { locale } = useI18n();
  const t = checkoutTranslator(locale);
  const lt = liveTranslator(locale);
  const quote = useFetcher<typeof loader>();
  const v: CheckoutValues = result?.values ?? page.values;
  const checks = useFieldChecks(result?.errors);
  const errors = checks.errors;
  const [province, setProvince] = useState(v.province ?? "");
  const [service, setService] = useState<"express" | "economy">(
    v.ambientService === "economy" ? "economy" : "express",
  );
  const path = `/claims/${encodeURIComponent(page.claim.id)}/checkout`;
  const reprice = useCallback(
    (p: string, s: string) => quote.load(`${path}?province=${encodeURIComponent(p)}&service=${s}`),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- quote.load is stable for the fetcher's life
    [path],
  );
  useEffect(() => {
    if (result && Object.keys(result.errors).length > 0)
      document.querySelector<HTMLElement>('.checkout [aria-invalid="true"]')?.focus();
  }, [result]);
  const left = useHoldLeft(page.claim.expiresAt, page.serverTime);
  const plan = quote.data?.plan ?? page.plan;
  const regions = result?.regions ?? page.regions;
  const hasAmbient = plan.parts.some((p) => p.lines.some((l) => l.storage === "ambient"));
  const gone = !page.claim.held || result?.gone || (left !== null && left <= 0);
  const saleLink = `/l/${page.saleCode}${locale === "en" ? "?lang=en" : ""}`;

  return (
    <main id="main" className="container checkout">
      <h1>{lt("live.checkoutTitle")}</h1>
      <p
        className={gone ? "notice notice--error checkout__alert" : "notice checkout__alert"}
        role={gone ? "alert" : undefined}
      >
        {gone ? (
          <>
            {page.claim.orderId ? lt("live.ordered") : lt("live.claimGone")}{" "}
            {page.claim.orderId ? (
              <Link to={`/orders/${page.claim.orderId}`}>{lt("live.viewOrder")}</Link>
            ) : (
              <a href={saleLink}>{lt("live.backToSale")}</a>
            )}
          </>
        ) : (
          <>
            {lt("live.payWithin")}{" "}
            <strong data-testid="hold-left">{left === null ? "--:--" : formatLeft(left)}</strong> ·{" "}
            {lt("live.heldTitle", { count: page.claim.quantity })} ·{" "}
            {formatFen(plan.itemsFen, locale)}
          </>
        )}
      </p>
      {checks.refused && Object.keys(errors).length > 0 ? (
        <div role="alert" className="notice notice--error checkout__alert">
          {t("checkout.errorSummary")}
        </div>
      ) : null}
      {result?.message && !result.gone ? (
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
          <ContactSection t={t} account={page.account} values={v} errors={errors} />
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
            problems={{}}
          />
          <button
            type="submit"
            className="button button--primary button--block checkout__submit"
            disabled={submitting || Boolean(gone)}
          >
            {submitting ? t("checkout.submitting") : lt("live.submit")}
          </button>
        </aside>
      </Form>
    </main>
  );
}
