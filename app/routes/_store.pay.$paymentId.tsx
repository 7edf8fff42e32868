import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translator, type Locale } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { formatDateTime } from "~/lib/dates";
import { useI18n } from "~/lib/use-i18n";
import { CardField } from "~/payments/components/card-fields";
import payPageStyles from "~/payments/components/pay-page.css";
import { TestCardList } from "~/payments/components/test-card-list";
import { failureMessageKey, paymentsTranslator, type PaymentMessageKey } from "~/payments/messages";
import { loadSimulatedPayment, type PayPageState } from "~/payments/payment-page.server";
import { paySimulated } from "~/payments/simulated-pay.server";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound, notFound } from "~/lib/not-found";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: payPageStyles }];

const CLOSED_STATUS: Record<PayPageState, number> = {
  payable: 200,
  already_paid: 200,
  expired: 410,
  cancelled: 410,
  superseded: 410,
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const view = await loadSimulatedPayment({ paymentId: params.paymentId ?? "" });
  invariantFound(view);
  return data(
    { locale, view, now: new Date().toISOString() },
    { status: CLOSED_STATUS[view.state] },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const result = await paySimulated({ paymentId: params.paymentId ?? "", form });
  switch (result.kind) {
    case "not_found":
      throw notFound();
    case "paid":
      return redirect(`/orders/${result.orderId}${result.refunding ? "" : "?paid=1"}`);
    case "closed":
      return data({ formError: null, errors: {}, values: null }, { status: 410 });
    case "invalid":
      return data(
        {
          formError: "pay.formError" as PaymentMessageKey,
          errors: result.errors,
          values: result.values,
        },
        { status: 422 },
      );
    case "failed":
      return data(
        { formError: failureMessageKey(result.outcome), errors: {}, values: result.values },
        { status: 422 },
      );
    case "mismatch":
      return data(
        { formError: "pay.notPayable" as PaymentMessageKey, errors: {}, values: null },
        { status: 409 },
      );
    default:
      throw new Error(`unhandled payment outcome ${JSON.stringify(result satisfies never)}`);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale: Locale = d?.locale ?? "zh";
  return [
    { title: `${paymentsTranslator(locale)("pay.title")} | ${translator(locale)("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

const CLOSED_MESSAGE: Record<Exclude<PayPageState, "payable">, PaymentMessageKey> = {
  already_paid: "pay.alreadyPaid",
  expired: "pay.expired",
  cancelled: "pay.cancelled",
  superseded: "pay.superseded",
};

export default function PayPage() {
  const { view, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { locale } = useI18n();
  const t = paymentsTranslator(locale);
  const orderUrl = `/orders/${view.orderId}`;
  const summary = (
    <dl className="pay-summary">
      <dt>{t("pay.order")}</dt>
      <dd data-testid="order-code">{view.orderCode}</dd>
      <dt>{t("pay.amount")}</dt>
      <dd className="pay-summary__amount" data-testid="amount">
        {formatFen(view.amountFen, locale)}
      </dd>
    </dl>
  );

  if (view.state !== "payable") {
    return (
      <main id="main" className="container pay-page">
        <div className="pay-page__layout pay-page__layout--single">
          <section className="pay-card">
            <h1>{t("pay.title")}</h1>
            {summary}
            <p
              role="status"
              className={
                view.state === "already_paid" ? "notice notice--ok" : "notice notice--error"
              }
            >
              {t(CLOSED_MESSAGE[view.state])}
            </p>
            <p className="pay-back">
              <Link to={orderUrl} className="button button--primary button--block">
                {t("pay.viewOrder")}
              </Link>
            </p>
          </section>
        </div>
      </main>
    );
  }

  const holdUntil = view.reservedUntil;
  const msLeft = holdUntil ? new Date(holdUntil).getTime() - new Date(now).getTime() : Infinity;
  const minutes = Math.ceil(msLeft / 60_000);
  const errors: Partial<Record<string, PaymentMessageKey>> = result?.errors ?? {};
  const error = (name: string) => (errors[name] ? t(errors[name]) : null);
  const firstError = ["number", "expiry", "cvc", "name"].find((n) => errors[n]);
  const values = result?.values ?? null;
  return (
    <main id="main" className="container pay-page">
      <div className="pay-page__layout">
        <section className="pay-card" aria-labelledby="pay-title">
          <h1 id="pay-title">{t("pay.title")}</h1>
          {summary}
          {holdUntil ? (
            <p className="pay-hold">
              {msLeft >= 60_000
                ? t("pay.holdLeft", {
                    time: formatDateTime(holdUntil, locale),
                    minutes,
                  })
                : t("pay.holdLeftSoon")}
            </p>
          ) : null}
          <h2 style={{ marginTop: 18 }}>{t("pay.cardDetails")}</h2>
          {view.purpose === "deposit" ? (
            <p className="pay-note" data-testid="saves-card">
              {t("pay.savesCard")}
            </p>
          ) : null}
          {result?.formError ? (
            <p role="alert" className="notice notice--error" data-testid="pay-error">
              {t(result.formError)}
            </p>
          ) : null}
          <Form method="post" className="pay-form" noValidate key={JSON.stringify(result ?? null)}>
            <CardField
              name="number"
              label={t("card.number")}
              autoComplete="cc-number"
              inputMode="numeric"
              placeholder="4242 4242 4242 4242"
              maxLength={23}
              defaultValue={values?.number}
              error={error("number")}
              focus={firstError === "number"}
            />
            <div className="pay-form__row">
              <CardField
                name="expiry"
                label={t("card.expiry")}
                autoComplete="cc-exp"
                inputMode="numeric"
                placeholder="12/30"
                maxLength={7}
                defaultValue={values?.expiry}
                error={error("expiry")}
                focus={firstError === "expiry"}
              />
              <CardField
                name="cvc"
                label={t("card.cvc")}
                autoComplete="cc-csc"
                inputMode="numeric"
                placeholder="123"
                maxLength={4}
                error={error("cvc")}
                focus={firstError === "cvc"}
              />
            </div>
            <CardField
              name="name"
              label={t("card.name")}
              autoComplete="cc-name"
              maxLength={80}
              defaultValue={values?.name}
              error={error("name")}
              focus={firstError === "name"}
            />
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {busy
                ? t("pay.submitting")
                : t("pay.submit", { amount: formatFen(view.amountFen, locale) })}
            </button>
          </Form>
          <p className="pay-back">
            <Link to={orderUrl}>{t("pay.backToOrder")}</Link>
          </p>
        </section>
        <TestCardList t={t} />
      </div>
    </main>
  );
}
