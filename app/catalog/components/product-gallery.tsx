import { useI18n } from "~/lib/use-i18n";
import type { ImageRef } from "~/media/images";
import { Picture } from "~/media/components/picture";

/** Swipeable on phones (scroll snap), thumbnails jump to a photo; works without JavaScript. */
export function ProductGallery({ images }: { images: ImageRef[] }) {
  const { t } = useI18n();
  if (images.length === 0) return null;
  return (
    <section className="gallery">
      {/* A scrollable region must be reachable by keyboard (WCAG 2.1.1); arrow keys then scroll it. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <ul className="gallery__track" tabIndex={0} aria-label={t("product.gallery")}>
        {images.map((image, i) => (
          <li key={image.hash} id={`photo-${i + 1}`} className="gallery__slide">
            <Picture image={image} sizes="(min-width: 960px) 560px, 100vw" priority={i === 0} />
          </li>
        ))}
      </ul>
      {images.length > 1 ? (
        <ol className="gallery__thumbs">
          {images.map((image, i) => (
            <li key={image.hash}>
              <a
                href={`#photo-${i + 1}`}
                aria-label={t("product.photo", { n: i + 1, total: images.length })}
              >
                <img
                  src={`/media/${image.hash}/320.webp`}
                  alt=""
                  width={80}
                  height={60}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
