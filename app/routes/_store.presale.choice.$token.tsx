import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen } from "~/lib/money";
import { readFormObject } from "~/lib/read-form.server";
import { makeChoice, viewChoice } from "~/presale/choice.server";
import { ChoiceOptions } from "~/presale/components/choice-options";
import { deadlineText } from "~/presale/facts.server";
import { presaleOrderTranslator } from "~/presale/presale-order-messages";

/*
 * The short-harvest choice link sent to a shopper the harvest could not serve: take the packs a
 * release could offer (when it offered some), wait for the next batch, or cancel with a full refund. The token in the path is the shopper's key to this one
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
            offer: view.offer,
          }
        : view,
    },
    { status },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormObject(request);
  const choice =
    form.choice === "partial" || form.choice === "wait" || form.choice === "cancel"
      ? form.choice
      : null;
  if (!choice) return data({ ok: false as const, reason: "invalid" as const }, { status: 422 });
  const done = await makeChoice(params.token ?? "", choice);
  if (!done.ok)
    return data(done, {
      status: done.reason === "unknown" ? 404 : done.reason === "invalid" ? 422 : 410,
    });
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
  const { view, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const pt = presaleOrderTranslator(locale);
  const offer = view.ok ? view.offer : null;
  const title = offer ? pt("presale.choice.offerTitle") : pt("presale.choice.title");

  if (result?.ok) {
    return (
      <main id="main" className="container presale-choice">
        <h1>{title}</h1>
        <p className="notice notice--ok" role="status">
          {result.choice === "partial"
            ? pt("presale.choice.partialDone", { packs: result.packs })
            : result.choice === "wait"
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
      <h1>{title}</h1>
      {refused ? (
        <p className="notice notice--error" role="alert">
          {pt(`presale.choice.${refused}`)}
        </p>
      ) : null}
      {view.ok && (!result || result.reason === "invalid") ? (
        <>
          <p>
            {pt(offer ? "presale.choice.offerBody" : "presale.choice.body", {
              product: view.product,
              code: view.code,
              count: view.quantity,
              packs: offer?.packs ?? "",
              deposit: view.deposit,
              deadline: view.deadline,
            })}
          </p>
          <ChoiceOptions locale={locale} quantity={view.quantity} offer={offer} busy={busy} />
        </>
      ) : null}
    </main>
  );
}
