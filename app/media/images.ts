/** Pure helpers for rendering stored images; shared by server and browser code. */
export const RENDITION_WIDTHS = [320, 640, 960, 1280, 1920] as const;
/** Best first: a `<picture>` offers them in this order. Older media rows have only webp + jpg. */
export const RENDITION_FORMATS = ["avif", "webp", "jpg"] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

export const MIME: Record<RenditionFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpg: "image/jpeg",
};

/** Upload limits; the server enforces them, the browser checks size early to save a wasted upload. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 40_000_000;
/**
 * Shapes a product photo can have. Megapixels alone let a 9,750,000×4 px strip through, and
 * libvips buffers whole scanlines, so that strip took gigabytes to decode. The longest real ones
 * are the tall "detail" images of Chinese shops: 750–790 px wide and up to 20,000 px tall
 * (about 1:27), so a side may be 20,000 px and the long side 30 times the short one; wide
 * banners (1920×300, 1:6.4) and panoramas (about 1:10) sit well inside that.
 */
export const MAX_SIDE_PX = 20_000;
export const MAX_ASPECT_RATIO = 30;
/** The longest side WebP encodes (AVIF stops at 16,384); no rendition is taller or wider. */
export const MAX_RENDITION_SIDE = 16_383;
/** Files per upload request; the image manager sends one file per request. */
export const MAX_FILES_PER_UPLOAD = 10;

export interface ImageRef {
  hash: string;
  width: number;
  height: number;
  widths: number[];
  formats: string[];
  placeholder: string;
  alt: string;
}

/** One photo of a product as the admin image manager shows and edits it. */
export interface AdminProductImage {
  mediaId: string;
  position: number;
  altZh: string;
  altEn: string;
  /** For thumbnails; `alt` is the Chinese alt text (the manager labels both languages itself). */
  image: ImageRef;
}

export function mediaUrl(hash: string, width: number, format: RenditionFormat): string {
  return `/media/${hash}/${width}.${format}`;
}

export function srcSet(image: Pick<ImageRef, "hash" | "widths">, format: RenditionFormat): string {
  return image.widths.map((w) => `${mediaUrl(image.hash, w, format)} ${w}w`).join(", ");
}

/** The formats stored for an image, best first; only these may be offered to a browser. */
export function formatsOf(image: Pick<ImageRef, "formats">): RenditionFormat[] {
  return RENDITION_FORMATS.filter((f) => image.formats.includes(f));
}

/** Widths worth rendering for a source image: never upscale, always at least one. */
export function widthsFor(sourceWidth: number): number[] {
  const fit = RENDITION_WIDTHS.filter((w) => w <= sourceWidth);
  return fit.length > 0 ? [...fit] : [RENDITION_WIDTHS[0]];
}

/** Whether a source of this size is a shape we take (`MAX_SIDE_PX`, `MAX_ASPECT_RATIO`). */
export function shapeAllowed(width: number, height: number): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return short > 0 && long <= MAX_SIDE_PX && long <= short * MAX_ASPECT_RATIO;
}

/**
 * The size of the rendition stored under width `slot`: `slot` wide (never wider than the
 * source), narrower still where that would be taller than WebP and AVIF can encode, so a
 * 750×20,000 detail image's 640 slot is 614×16,383. The srcset then overstates that one
 * rendition's width a little, as it already does for a source narrower than 320 px.
 */
export function renditionSize(
  source: { width: number; height: number },
  slot: number,
): { width: number; height: number } {
  const scale = Math.min(1, slot / source.width, MAX_RENDITION_SIDE / source.height);
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/** The `<Picture>` view of a stored media row. */
export function imageRef(m: Omit<ImageRef, "alt">, alt: string): ImageRef {
  return {
    hash: m.hash,
    width: m.width,
    height: m.height,
    widths: m.widths,
    formats: m.formats,
    placeholder: m.placeholder,
    alt,
  };
}
