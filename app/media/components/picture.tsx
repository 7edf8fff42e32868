import { mediaUrl, srcSet, type ImageRef } from "../images";

/** Responsive image: WebP with JPEG fallback, intrinsic size set, blurred placeholder behind. */
export function Picture({
  image,
  sizes,
  priority = false,
  className,
}: {
  image: ImageRef;
  sizes: string;
  priority?: boolean;
  className?: string;
}) {
  const fallbackWidth = image.widths.find((w) => w >= 640) ?? image.widths[image.widths.length - 1]!;
  return (
    <picture className={className}>
      <source type="image/webp" srcSet={srcSet(image, "webp")} sizes={sizes} />
      <img
        src={mediaUrl(image.hash, fallbackWidth, "jpg")}
        srcSet={srcSet(image, "jpg")}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={image.alt}
        loading={priority ? "eager" : "lazy"}
        decoding={priority ? "sync" : "async"}
        // React 18 warns on camelCase fetchPriority; the lowercase attribute reaches the DOM.
        {...{ fetchpriority: priority ? "high" : "auto" }}
        style={{ backgroundImage: `url(${image.placeholder})` }}
      />
    </picture>
  );
}
