import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { readFormObject } from "~/lib/read-form.server";
import { useI18n } from "~/lib/use-i18n";
import { makeChoice, viewChoice } from "~/presale/choice.server";
import { deadlineText } from "~/presale/facts.server";
import { presaleOrderTranslator } from "~/presale/presale-order-messages";

/*
 * The short-harvest choice link sent to a shopper the harvest could not serve: wait for the next
 * batch, or cancel with a full refund. The token in the path is the shopper's key to this one
 * choice; it works once, until its deadline.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const view = await viewChoice(params.token ?? "");
  const status = view.ok ? 200 : view.reason === "unknown" ? 404 : 410;
  return data(
    {
      locale,
      view: view.ok
        ? {
            ok: true as const,
            orderId: view.orderId,
            code: view.code,
            product: locale === "en" ? view.productEn : view.productZh,
            quantity: view.quantity,
            deposit: formatFen(view.depositFen, locale),
            deadline: deadlineText(view.deadlineAt),
          }
        : view,
    },
    { status },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const choice = form.choice === "wait" || form.choice === "cancel" ? form.choice : null;
  if (!choice) return data({ ok: false as const, reason: "invalid" as const }, { status: 422 });
  const done = await makeChoice(params.token ?? "", choice);
  if (!done.ok) return data(done, { status: done.reason === "unknown" ? 404 : 410 });
  return data(done);
}

export const headers: HeadersFunction = () => ({
  "Cache-Control": "private, no-store",
  "Referrer-Policy": "no-referrer",
});

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const locale = d?.locale ?? "zh";
  return [
    {
      title: `${presaleOrderTranslator(locale)("presale.choice.title")} | ${translator(locale)("site.name")}`,
    },
    { name: "robots", content: "noindex" },
  ];
};

export default function PresaleChoicePage() {
  const { view } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { locale } = useI18n();
  const pt = presaleOrderTranslator(locale);
  const busy = navigation.state === "submitting";

  if (result?.ok) {
    return (
      <main id="main" className="container presale-choice">
        <h1>{pt("presale.choice.title")}</h1>
        <p className="notice notice--ok" role="status">
          {result.choice === "wait"
            ? pt("presale.choice.waited")
            : pt("presale.choice.cancelledDone")}
        </p>
        <p>
          <Link to={`/orders/${result.orderId}`}>{pt("presale.choice.viewOrder")}</Link>
        </p>
      </main>
    );
  }
  const refused = result && !result.ok ? result.reason : view.ok ? null : view.reason;
  return (
    <main id="main" className="container presale-choice">
      <h1>{pt("presale.choice.title")}</h1>
      {refused ? (
        <p className="notice notice--error" role="alert">
          {pt(`presale.choice.${refused}`)}
        </p>
      ) : null}
      {view.ok && (!result || result.reason === "invalid") ? (
        <>
          <p>
            {pt("presale.choice.body", {
              product: view.product,
              code: view.code,
              count: view.quantity,
              deposit: view.deposit,
              deadline: view.deadline,
            })}
          </p>
          <Form method="post" className="presale-choice__options">
            <button
              type="submit"
              name="choice"
              value="wait"
              className="button button--primary button--block"
              disabled={busy}
            >
              {pt("presale.choice.wait")}
            </button>
            <p className="presale-choice__hint">{pt("presale.choice.waitHint")}</p>
            <button
              type="submit"
              name="choice"
              value="cancel"
              className="button button--block"
              disabled={busy}
            >
              {pt("presale.choice.cancel")}
            </button>
            <p className="presale-choice__hint">{pt("presale.choice.cancelHint")}</p>
          </Form>
        </>
      ) : null}
    </main>
  );
}
