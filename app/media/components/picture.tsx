import { formatsOf, MIME, mediaUrl, srcSet, type ImageRef } from "../images";

/**
 * Responsive image: AVIF, then WebP, then a JPEG <img>, offering only the formats stored for
 * this image (older rows have no AVIF); intrinsic size set, blurred placeholder behind.
 */
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
  const fallbackWidth =
    image.widths.find((w) => w >= 640) ?? image.widths[image.widths.length - 1]!;
  const formats = formatsOf(image);
  // Every stored image has a JPEG; the last stored format is the <img> fallback regardless.
  const fallback = formats.includes("jpg") ? "jpg" : (formats[formats.length - 1] ?? "jpg");
  const sources = formats.filter((f) => f !== fallback);
  return (
    <picture className={className}>
      {sources.map((f) => (
        <source key={f} type={MIME[f]} srcSet={srcSet(image, f)} sizes={sizes} />
      ))}
      <img
        src={mediaUrl(image.hash, fallbackWidth, fallback)}
        srcSet={srcSet(image, fallback)}
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
