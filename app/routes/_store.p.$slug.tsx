import {
  data,
  type ActionFunctionArgs,
  redirect,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { QuantityStepper } from "~/components/quantity-stepper";
import type { StoreHeaderVariant } from "~/components/store-header";
import { dispatchPromise } from "~/lib/dispatch";
import { getProduct, searchProducts } from "~/catalog/catalog.server";
import { ProductGrid } from "~/catalog/components/product-card";
import { Price } from "~/catalog/components/price";
import { ProductGallery } from "~/catalog/components/product-gallery";
import { productJsonLd } from "~/catalog/json-ld";
import { slugSchema } from "~/catalog/schemas";
import { formatDay, monthName, translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatFen, formatWeight } from "~/lib/money";
import { siteOrigin } from "~/lib/origin.server";
import { canonicalUrl, pageMeta, truncate } from "~/lib/seo";
import { useI18n } from "~/lib/use-i18n";
import { mediaUrl } from "~/media/images";
import { cartErrorMessage } from "~/orders/cart-messages";
import { addToCart, perShopperLimits, startBuyNow } from "~/orders/cart.server";
import {
  BUY_NOW_QUERY,
  buyNowCookieHeader,
  cartCookieHeader,
  readBuyNowCartId,
  readCartId,
} from "~/orders/cart-cookie.server";
import {
  DEFAULT_ESTIMATE_PROVINCE,
  lastProvinceCookie,
  lastProvinceOf,
} from "~/orders/last-province";
import { addToCartSchema, lineCap } from "~/orders/schemas";
import { shippingEstimates } from "~/orders/shipping-estimate.server";
import { isProvinceCode, provinceName, PROVINCES } from "~/lib/regions";
import { readFormObject } from "~/lib/read-form.server";
import { invariantFound } from "~/lib/not-found";
import productStyles from "~/styles/product.css";
import { PresaleBox } from "~/presale/components/presale-box";
import { productPresales } from "~/presale/storefront.server";
import { sharedPageHeaders } from "~/lib/shared-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: productStyles }];

// The slim header on a phone: back, logo, cart.
export const handle: { storeHeader: StoreHeaderVariant } = {
  storeHeader: { slim: true, back: "/" },
};

async function loadProduct(request: Request, slug: string | undefined) {
  const locale = await getLocale(request);
  const parsed = slugSchema.safeParse(slug);
  const product = parsed.success ? await getProduct({ slug: parsed.data, locale }) : null;
  invariantFound(product);
  return { locale, product };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, product } = await loadProduct(request, params.slug);
  const wanted = new URL(request.url).searchParams.get("variant");
  const selected =
    product.variants.find((v) => v.id === wanted) ??
    product.variants.find((v) => v.available > 0) ??
    product.variants[0];
  const origin = siteOrigin(request);
  const variantIds = product.variants.map((v) => v.id);
  const [siblings, presales, estimates, limits] = await Promise.all([
    searchProducts({ cooperativeId: product.cooperative.id, locale }),
    productPresales({ productId: product.id, locale }),
    shippingEstimates({ productId: product.id, variantIds }),
    perShopperLimits({ variantIds }),
  ]);
  // A province picked on the page without JavaScript comes in the URL; otherwise the browser picks.
  const to = new URL(request.url).searchParams.get("to");
  const moreFromCooperative = siblings.filter((p) => p.id !== product.id).slice(0, 4);
  return {
    locale,
    product,
    presales,
    selectedId: selected?.id ?? null,
    estimates,
    limits,
    chosenProvince: to && isProvinceCode(to) ? to : null,
    moreFromCooperative,
    origin,
    jsonLd: productJsonLd(product, origin),
  };
}

/** `add` puts the pack in the cart; `buy` checks out just this pack (the cart stays as it is). */
// A refusal answers one shopper's post: never a copy for a shared cache (sharedPageHeaders sees
// an action's headers, so the answer must carry one).
const PRIVATE = { "Cache-Control": "private, no-store" };

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, product } = await loadProduct(request, params.slug);
  const t = translator(locale);
  const form = await readFormObject(request);
  // Pages from before buy now sent no intent: they add.
  const intent = form.intent ?? "add";
  if (intent !== "add" && intent !== "buy") throw new Response("Unknown intent", { status: 400 });
  const values = { variantId: String(form.variantId ?? ""), quantity: String(form.quantity ?? "") };
  const parsed = addToCartSchema.safeParse(form);
  const variant = product.variants.find((v) => v.id === values.variantId);
  if (!variant) {
    return data(
      { ok: false as const, field: "variantId", message: t("error.variant"), values },
      { status: 422, headers: PRIVATE },
    );
  }
  if (!parsed.success) {
    const max = Math.max(1, lineCap(variant.available, undefined));
    return data(
      { ok: false as const, field: "quantity", message: t("error.quantity", { max }), values },
      { status: 422, headers: PRIVATE },
    );
  }
  const result =
    intent === "buy"
      ? await startBuyNow({ buyCartId: await readBuyNowCartId(request), ...parsed.data })
      : await addToCart({ cartId: await readCartId(request), ...parsed.data });
  if (!result.ok) {
    const field = result.error === "variant" ? "variantId" : "quantity";
    return data(
      { ok: false as const, field, message: cartErrorMessage(result, t), values },
      { status: 422, headers: PRIVATE },
    );
  }
  if (intent === "buy")
    return redirect(`/checkout?${BUY_NOW_QUERY}`, {
      headers: { "Set-Cookie": await buyNowCookieHeader(result.cartId) },
    });
  return data(
    { ok: true as const, field: null, message: t("product.added"), values },
    { headers: { "Set-Cookie": await cartCookieHeader(result.cartId) } },
  );
}

// The same bytes for every visitor of a language; a proxy may keep it (app/lib/shared-page.ts).
export const headers = sharedPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  if (!d) return [];
  const t = translator(d.locale);
  const image = d.product.images[0];
  return [
    ...pageMeta({
      title: `${d.product.name} · ${d.product.cooperative.name} | ${t("site.name")}`,
      description: truncate(d.product.description),
      url: canonicalUrl(d.origin, `/p/${d.product.slug}`),
      image: image ? new URL(mediaUrl(image.hash, 1280, "jpg"), d.origin).toString() : undefined,
      siteName: t("site.name"),
    }),
    { "script:ld+json": d.jsonLd },
  ];
};

export default function ProductPage() {
  const { product, selectedId, moreFromCooperative, presales, estimates, limits, chosenProvince } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { locale, t } = useI18n();
  const [variantId, setVariantId] = useState(result?.values.variantId || selectedId);
  const variant = product.variants.find((v) => v.id === variantId) ?? product.variants[0];
  const [quantity, setQuantity] = useState(result && !result.ok ? result.values.quantity : "1");
  // An added pack starts the next one from 1.
  useEffect(() => {
    if (result?.ok) setQuantity("1");
  }, [result]);
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const { cooperative: coop } = product;
  const province = provinceName(coop.provinceCode, locale);
  const cap = variant ? lineCap(variant.available, limits[variant.id]) : 0;
  const count = /^\d{1,3}$/.test(quantity.trim()) ? Number(quantity) : 1;
  const soldOut = !variant || variant.available === 0;

  return (
    <main id="main" className="container product-page">
      <nav aria-label="breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t("nav.home")}</Link>
          </li>
          <li>
            <Link to={`/search?category=${product.category}`}>
              {t(`category.${product.category}`)}
            </Link>
          </li>
          <li aria-current="page">{product.name}</li>
        </ol>
      </nav>
      <div className="product-page__layout">
        <ProductGallery images={product.images} />
        <div className="product-page__buy">
          <p className="product-page__coop">
            {t("product.soldBy")} <Link to={`/c/${coop.slug}`}>{coop.name}</Link>
          </p>
          <h1 className="product-page__title">{product.name}</h1>
          {variant ? (
            <div className="product-page__price" aria-live="polite">
              <Price fen={variant.priceFen} compareAtFen={variant.compareAtFen} size="lg" />
              <span className="unit-price">
                {t("product.perKg", { price: formatFen(variant.pricePerKgFen, locale) })}
              </span>
              <span className={variant.available > 0 ? "stock stock--in" : "stock stock--out"}>
                {variant.available === 0
                  ? t("product.soldOut")
                  : variant.available <= 10
                    ? t("product.lowStock", { count: variant.available })
                    : t("product.inStock")}
              </span>
            </div>
          ) : null}
          {variant ? (
            <ShippingEstimate
              estimates={estimates}
              variant={variant}
              count={count}
              chosenProvince={chosenProvince}
              handlingDays={coop.handlingDays}
            />
          ) : null}

          {presales.map((p) => (
            <PresaleBox key={p.offerId} presale={p} showPack={product.variants.length > 1} />
          ))}

          <Form method="post" className="buy-form" noValidate>
            <fieldset className="variant-picker">
              <legend>{t("product.variant")}</legend>
              {product.variants.map((v) => (
                <label
                  key={v.id}
                  className={v.available === 0 ? "variant variant--soldout" : "variant"}
                >
                  <input
                    type="radio"
                    name="variantId"
                    value={v.id}
                    checked={v.id === variant?.id}
                    onChange={() => setVariantId(v.id)}
                  />
                  <span className="variant__label">{v.label}</span>
                  <span className="variant__meta">
                    {formatFen(v.priceFen, locale)} ·{" "}
                    {t("product.perKg", { price: formatFen(v.pricePerKgFen, locale) })}
                    {v.available === 0 ? ` · ${t("product.soldOut")}` : ""}
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="buy-form__qty">
              <label htmlFor="quantity" className="buy-form__qty-label">
                {t("product.quantity")}
              </label>
              <QuantityStepper
                id="quantity"
                name="quantity"
                value={quantity}
                max={Math.max(1, cap)}
                onChange={setQuantity}
                labels={{ down: t("product.stepDown"), up: t("product.stepUp") }}
                invalid={result?.field === "quantity"}
                describedBy={result && !result.ok ? "buy-message" : undefined}
              />
              {variant && limits[variant.id] ? (
                <span className="buy-form__limit">
                  {t("product.maxQuantity", { max: limits[variant.id]! })}
                </span>
              ) : null}
            </div>
            {result ? (
              <p
                id="buy-message"
                role={result.ok ? "status" : "alert"}
                className={result.ok ? "notice notice--ok" : "notice notice--error"}
              >
                {result.message}
                {result.ok ? (
                  <>
                    {" "}
                    <Link to="/checkout">{t("product.checkout")} →</Link>
                  </>
                ) : null}
              </p>
            ) : null}
            {/* On a phone this bar stays at the bottom of the screen; it is the form's own submit row. */}
            {/* Without JavaScript the bar cannot follow the pack and quantity chosen: no price there then. */}
            <noscript>
              <style>{".buy-bar__price{visibility:hidden}"}</style>
            </noscript>
            <div className="buy-bar" data-testid="buy-bar">
              <div className="buy-bar__price">
                {variant ? (
                  <>
                    <span className="buy-bar__amount">
                      {formatFen(variant.priceFen * count, locale)}
                    </span>
                    <span className="buy-bar__pack">
                      {variant.label} × {count}
                    </span>
                  </>
                ) : null}
              </div>
              <button
                type="submit"
                name="intent"
                value="add"
                className="button buy-bar__add"
                disabled={busy || soldOut}
              >
                {soldOut ? t("product.soldOut") : t("product.addToCart")}
              </button>
              <button
                type="submit"
                name="intent"
                value="buy"
                className="button button--primary buy-bar__buy"
                disabled={busy || soldOut}
              >
                {t("product.buyNow")}
              </button>
            </div>
          </Form>

          <dl className="facts">
            <div>
              <dt>{t("product.origin")}</dt>
              <dd>
                {province} · {coop.city}
              </dd>
            </div>
            <div>
              <dt>{t("product.storage")}</dt>
              <dd>{t(`product.storage.${product.storageClass}`)}</dd>
            </div>
            <div>
              <dt>{t("product.shelfLife")}</dt>
              <dd>{t("product.shelfLifeDays", { days: product.shelfLifeDays })}</dd>
            </div>
            <div>
              <dt>{t("product.season")}</dt>
              <dd>
                {product.seasonMonths.length === 12
                  ? "1–12"
                  : product.seasonMonths
                      .map((m) => monthName(m, locale))
                      .join(locale === "zh" ? "、" : ", ")}
                {locale === "zh" ? "月" : ""}
              </dd>
            </div>
            {variant ? (
              <div>
                <dt>{t("product.netWeight", { weight: "" }).trim()}</dt>
                <dd>{formatWeight(variant.netWeightG, locale)}</dd>
              </div>
            ) : null}
          </dl>
          <section className="shipping-note" aria-labelledby="shipping-title">
            <h2 id="shipping-title">{t("product.shipping")}</h2>
            <p>
              {t(`product.shipping.${product.storageClass}`, {
                province,
                city: coop.city,
                promise: dispatchPromise(coop.handlingDays, locale),
              })}
            </p>
          </section>
        </div>
      </div>

      <section className="prose" aria-labelledby="about-title">
        <h2 id="about-title">{t("product.description")}</h2>
        <p>{product.description}</p>
        {product.originStory ? (
          <>
            <h2>{t("product.originStory")}</h2>
            <p>{product.originStory}</p>
          </>
        ) : null}
        {product.harvestBatches.length ? (
          <>
            <h2>{t("product.harvest")}</h2>
            <ul className="harvest-list">
              {product.harvestBatches.map((b) => (
                <li key={b.id}>
                  <span className={`tag tag--${b.status}`}>{t(`harvest.${b.status}`)}</span>{" "}
                  {t("product.harvestExpected", {
                    date: formatDay(b.expectedDate, locale),
                    weight: formatWeight(b.expectedQuantityG, locale),
                  })}
                  {b.note ? ` · ${b.note}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {moreFromCooperative.length ? (
        <section className="section more-from" aria-labelledby="more-title">
          <h2 id="more-title" className="section__title">
            {t("product.moreFrom", { name: coop.name })}
          </h2>
          <ProductGrid products={moreFromCooperative} />
        </section>
      ) : null}
    </main>
  );
}

/**
 * "运费 ¥12.00 起 至 广东": one pack to the shopper's province (the last one this browser had
 * goods delivered to, else a default), priced by checkout's own plan on the server for every
 * province; and the cooperative's free-shipping threshold against the chosen quantity.
 */
function ShippingEstimate({
  estimates,
  variant,
  count,
  chosenProvince,
  handlingDays,
}: {
  estimates: {
    byVariant: Record<string, Record<string, number | null>>;
    freeShippingMinFen: number | null;
  };
  variant: { id: string; priceFen: number };
  count: number;
  chosenProvince: string | null;
  handlingDays: number;
}) {
  const { locale, t } = useI18n();
  const [to, setTo] = useState(chosenProvince ?? DEFAULT_ESTIMATE_PROVINCE);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(true);
    if (chosenProvince) return;
    const last = lastProvinceOf(document.cookie);
    if (last) setTo(last);
  }, [chosenProvince]);
  const fen = estimates.byVariant[variant.id]?.[to] ?? null;
  const min = estimates.freeShippingMinFen;
  const free = fen === 0 || (min !== null && variant.priceFen * count >= min);
  const name = provinceName(to, locale);
  return (
    <section className="ship-estimate" aria-label={t("product.shipping")}>
      <p className="ship-estimate__line" aria-live="polite" data-testid="ship-estimate">
        <strong>
          {free
            ? t("product.shipFree")
            : fen === null
              ? t("product.shipNone", { province: name })
              : t("product.shipFrom", { price: formatFen(fen, locale) })}
        </strong>
        {free || fen !== null ? <span> {t("product.shipTo", { province: name })}</span> : null}
        {min !== null ? (
          <span className="ship-estimate__free">
            {t("free.threshold", { min: formatFen(min, locale) })}
          </span>
        ) : null}
      </p>
      <p className="ship-estimate__promise">{dispatchPromise(handlingDays, locale)}</p>
      <form method="get" className="ship-estimate__pick">
        <input type="hidden" name="variant" value={variant.id} />
        <label htmlFor="ship-to">{t("product.shipProvince")}</label>
        <select
          id="ship-to"
          name="to"
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            document.cookie = lastProvinceCookie(e.target.value);
          }}
        >
          {Object.keys(PROVINCES).map((code) => (
            <option key={code} value={code}>
              {provinceName(code, locale)}
            </option>
          ))}
        </select>
        {live ? null : (
          <button type="submit" className="button button--small">
            {t("product.shipShow")}
          </button>
        )}
      </form>
    </section>
  );
}
