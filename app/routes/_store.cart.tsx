import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Price } from "~/catalog/components/price";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen, formatWeight } from "~/lib/money";
import { useI18n } from "~/lib/use-i18n";
import { FreeShippingHint } from "~/orders/components/free-shipping-hint";
import { Picture } from "~/media/components/picture";
import { cartErrorMessage } from "~/orders/cart-messages";
import { getCart, removeCartLine, setCartLineQuantity } from "~/orders/cart.server";
import { readCartId } from "~/orders/cart-cookie.server";
import { cartIntentSchema, MAX_LINE_QUANTITY } from "~/orders/schemas";
import { readFormObject } from "~/lib/read-form.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  return { locale, cart: await getCart({ cartId: await readCartId(request), locale }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const t = translator(await getLocale(request));
  const cartId = await readCartId(request);
  const form = await readFormObject(request);
  const variantId = String(form.variantId ?? "");
  if (!cartId)
    return data({ ok: false as const, variantId, message: t("cart.empty") }, { status: 409 });
  const parsed = cartIntentSchema.safeParse(form);
  if (!parsed.success) {
    return data(
      { ok: false as const, variantId, message: t("error.quantity", { max: MAX_LINE_QUANTITY }) },
      { status: 422 },
    );
  }
  const intent = parsed.data;
  switch (intent.intent) {
    case "remove":
      await removeCartLine({ cartId, variantId: intent.variantId, offerId: intent.offerId });
      return { ok: true as const, variantId, message: t("cart.removed") };
    case "update": {
      const result = await setCartLineQuantity({
        cartId,
        variantId: intent.variantId,
        offerId: intent.offerId,
        quantity: intent.quantity,
      });
      if (!result.ok)
        return data(
          { ok: false as const, variantId, message: cartErrorMessage(result, t) },
          { status: 422 },
        );
      return { ok: true as const, variantId, message: t("cart.updated") };
    }
    default:
      throw new Error(`unhandled intent ${JSON.stringify(intent satisfies never)}`);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const t = translator(d?.locale ?? "zh");
  return [
    { title: `${t("cart.title")} | ${t("site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function CartPage() {
  const { cart } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { locale, t } = useI18n();
  const busy = navigation.state !== "idle";

  if (cart.groups.length === 0) {
    return (
      <main id="main" className="container cart-page cart-page--empty">
        <h1>{t("cart.title")}</h1>
        <p>{t("cart.empty")}</p>
        <Link to="/" className="button button--primary">
          {t("cart.emptyCta")}
        </Link>
      </main>
    );
  }

  return (
    <main id="main" className="container cart-page">
      <h1>{t("cart.title")}</h1>
      {result ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={result.ok ? "notice notice--ok" : "notice notice--error"}
        >
          {result.message}
        </p>
      ) : null}
      <div className="cart-page__layout">
        <div className="cart-page__lines">
          {cart.groups.map((group) => (
            <section
              key={group.cooperative.slug}
              className="cart-group"
              aria-label={group.cooperative.name}
            >
              <h2 className="cart-group__title">
                {t("cart.fromCooperative", { name: group.cooperative.name })}
              </h2>
              <ul className="cart-lines">
                {group.lines.map((line) => {
                  const qtyId = `qty-${line.offerId}`;
                  const problem = !line.sellable
                    ? t("cart.unavailable")
                    : line.quantity > line.available
                      ? t("cart.limited", { count: line.available })
                      : null;
                  return (
                    <li key={line.offerId} className="cart-line" data-testid="cart-line">
                      <Link
                        to={`/p/${line.productSlug}?variant=${line.variantId}`}
                        className="cart-line__media"
                        tabIndex={-1}
                        aria-hidden="true"
                      >
                        {line.image ? <Picture image={line.image} sizes="96px" /> : null}
                      </Link>
                      <div className="cart-line__info">
                        <Link
                          to={`/p/${line.productSlug}?variant=${line.variantId}`}
                          className="cart-line__name"
                        >
                          {line.productName}
                        </Link>
                        <p className="cart-line__variant">
                          {line.variantLabel}
                          {line.storageClass === "chilled" ? (
                            <span className="badge badge--cold badge--inline">
                              {t("product.storage.chilled")}
                            </span>
                          ) : null}
                        </p>
                        <p className="cart-line__unit">
                          <Price fen={line.priceFen} />
                        </p>
                        {problem ? (
                          <p className="notice notice--error notice--inline">{problem}</p>
                        ) : null}
                      </div>
                      <div className="cart-line__controls">
                        <Form method="post" className="qty-form">
                          <input type="hidden" name="variantId" value={line.variantId} />
                          <input type="hidden" name="offerId" value={line.offerId} />
                          <label htmlFor={qtyId} className="visually-hidden">
                            {t("cart.quantity")}: {line.productName} {line.variantLabel}
                          </label>
                          <input
                            id={qtyId}
                            name="quantity"
                            type="number"
                            inputMode="numeric"
                            min={1}
                            max={Math.max(1, Math.min(line.available, MAX_LINE_QUANTITY))}
                            defaultValue={line.quantity}
                            key={line.quantity}
                            className="qty-input"
                            aria-invalid={
                              (result && !result.ok && result.variantId === line.variantId) ||
                              undefined
                            }
                          />
                          <button
                            type="submit"
                            name="intent"
                            value="update"
                            className="button button--small"
                            disabled={busy}
                          >
                            {t("cart.update")}
                          </button>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="variantId" value={line.variantId} />
                          <input type="hidden" name="offerId" value={line.offerId} />
                          <button
                            type="submit"
                            name="intent"
                            value="remove"
                            className="link-button"
                            disabled={busy}
                          >
                            {t("cart.remove")}
                            <span className="visually-hidden">
                              : {line.productName} {line.variantLabel}
                            </span>
                          </button>
                        </Form>
                        <p className="cart-line__total" data-testid="line-total">
                          {formatFen(line.lineTotalFen, locale)}
                        </p>
                      </div>
                    </li>
                  );
                })}
              </ul>
              {group.freeShipping ? (
                <FreeShippingHint
                  free={group.freeShipping}
                  name={group.cooperative.name}
                  locale={locale}
                />
              ) : null}
            </section>
          ))}
        </div>
        <aside className="cart-summary" aria-labelledby="summary-title">
          <h2 id="summary-title" className="visually-hidden">
            {t("cart.subtotal")}
          </h2>
          <dl>
            <div>
              <dt>{t("cart.weight")}</dt>
              <dd>{formatWeight(cart.netWeightG, locale)}</dd>
            </div>
            <div className="cart-summary__total">
              <dt>{t("cart.subtotal")}</dt>
              <dd data-testid="cart-subtotal">{formatFen(cart.subtotalFen, locale)}</dd>
            </div>
          </dl>
          <p className="cart-summary__note">{t("cart.shippingNote")}</p>
          {cart.canCheckout ? (
            <Link to="/checkout" className="button button--primary button--block">
              {t("cart.checkout")}
            </Link>
          ) : (
            <button type="button" className="button button--primary button--block" disabled>
              {t("cart.checkout")}
            </button>
          )}
        </aside>
      </div>
    </main>
  );
}
