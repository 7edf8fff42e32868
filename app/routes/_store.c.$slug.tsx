import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCooperative } from "~/catalog/catalog.server";
import { ProductGrid } from "~/catalog/components/product-card";
import { slugSchema } from "~/catalog/schemas.server";
import { translator } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { siteOrigin } from "~/lib/origin.server";
import { canonicalUrl, pageMeta, truncate } from "~/lib/seo";
import { useI18n } from "~/lib/use-i18n";
import { mediaUrl } from "~/media/images";
import { Picture } from "~/media/components/picture";
import { provinceName } from "~/lib/regions";
import { invariantFound } from "~/lib/not-found";
import { sharedPageHeaders } from "~/lib/shared-page";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const slug = slugSchema.safeParse(params.slug);
  const coop = slug.success ? await getCooperative({ slug: slug.data, locale }) : null;
  invariantFound(coop);
  return { locale, coop, origin: siteOrigin(request) };
}

// The same bytes for every visitor of a language; a proxy may keep it (app/lib/shared-page.ts).
export const headers = sharedPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const t = translator(data.locale);
  const photo = data.coop.photos[0];
  return pageMeta({
    title: `${data.coop.name} | ${t("site.name")}`,
    description: truncate(`${data.coop.tagline}。${data.coop.story}`),
    url: canonicalUrl(data.origin, `/c/${data.coop.slug}`),
    image: photo ? new URL(mediaUrl(photo.hash, 1280, "jpg"), data.origin).toString() : undefined,
    siteName: t("site.name"),
  });
};

export default function CooperativePage() {
  const { coop } = useLoaderData<typeof loader>();
  const { locale, t } = useI18n();
  const cover = coop.photos[0];
  return (
    <main id="main">
      <section className="coop-hero">
        {cover ? (
          <Picture image={cover} sizes="100vw" priority className="coop-hero__media" />
        ) : null}
        <div className="coop-hero__text container">
          <p className="coop-hero__place">
            {t("coop.location", {
              province: provinceName(coop.provinceCode, locale),
              city: coop.city,
            })}
          </p>
          <h1>{coop.name}</h1>
          <p className="coop-hero__tagline">{coop.tagline}</p>
        </div>
      </section>
      <div className="container coop-page">
        <section className="section" aria-labelledby="coop-products">
          <h2 id="coop-products" className="section__title">
            {t("coop.products")}
          </h2>
          <ProductGrid products={coop.products} priorityCount={2} />
        </section>
        <div className="coop-page__about">
          <section className="prose" aria-labelledby="coop-story">
            <h2 id="coop-story">{t("coop.story")}</h2>
            <p>{coop.story}</p>
          </section>
          <section className="contact-card" aria-labelledby="coop-contact">
            <h2 id="coop-contact">{t("coop.contact")}</h2>
            <address>
              {coop.contactName}
              <br />
              {coop.address}
              <br />
              <a href={`tel:${coop.contactPhone}`}>{coop.contactPhone}</a>
              <br />
              <a href={`mailto:${coop.contactEmail}`}>{coop.contactEmail}</a>
            </address>
          </section>
        </div>
      </div>
    </main>
  );
}
