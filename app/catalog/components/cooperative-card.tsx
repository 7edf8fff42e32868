import { Link } from "@remix-run/react";
import { useI18n } from "~/lib/use-i18n";
import type { ImageRef } from "~/media/images";
import { Picture } from "~/media/components/picture";
import { provinceName } from "~/lib/regions";

export interface CooperativeSummary {
  slug: string;
  name: string;
  tagline: string;
  provinceCode: string;
  city: string;
  productCount: number;
  photo: ImageRef | null;
}

export function CooperativeCard({ coop }: { coop: CooperativeSummary }) {
  const { locale, t } = useI18n();
  return (
    <article className="coop-card">
      <Link to={`/c/${coop.slug}`} className="coop-card__link">
        {coop.photo ? (
          <Picture
            image={coop.photo}
            sizes="(min-width: 1024px) 400px, 85vw"
            className="coop-card__media"
          />
        ) : null}
        <div className="coop-card__body">
          <p className="coop-card__place">
            {t("coop.location", {
              province: provinceName(coop.provinceCode, locale),
              city: coop.city,
            })}
          </p>
          <h3 className="coop-card__name">{coop.name}</h3>
          <p className="coop-card__tagline">{coop.tagline}</p>
          <span className="coop-card__cta">{t("coop.visit")} →</span>
        </div>
      </Link>
    </article>
  );
}
