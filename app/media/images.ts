/** Pure helpers for rendering stored images; shared by server and browser code. */
export const RENDITION_WIDTHS = [320, 640, 960, 1280, 1920] as const;
/** Best first: a `<picture>` offers them in this order. Older media rows have only webp + jpg. */
export const RENDITION_FORMATS = ["avif", "webp", "jpg"] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

export const MIME: Record<RenditionFormat, string> = { avif: "image/avif", webp: "image/webp", jpg: "image/jpeg" };

/** Upload limits; the server enforces them, the browser checks size early to save a wasted upload. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 40_000_000;
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

/** The `<Picture>` view of a stored media row. */
export function imageRef(m: Omit<ImageRef, "alt">, alt: string): ImageRef {
  return { hash: m.hash, width: m.width, height: m.height, widths: m.widths, formats: m.formats, placeholder: m.placeholder, alt };
}
