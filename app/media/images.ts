/** Pure helpers for rendering stored images; shared by server and browser code. */
export const RENDITION_WIDTHS = [320, 640, 960, 1280, 1920] as const;
export const RENDITION_FORMATS = ["webp", "jpg"] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

export interface ImageRef {
  hash: string;
  width: number;
  height: number;
  widths: number[];
  formats: string[];
  placeholder: string;
  alt: string;
}

export function mediaUrl(hash: string, width: number, format: RenditionFormat): string {
  return `/media/${hash}/${width}.${format}`;
}

export function srcSet(image: Pick<ImageRef, "hash" | "widths">, format: RenditionFormat): string {
  return image.widths.map((w) => `${mediaUrl(image.hash, w, format)} ${w}w`).join(", ");
}

/** Widths worth rendering for a source image: never upscale, always at least one. */
export function widthsFor(sourceWidth: number): number[] {
  const fit = RENDITION_WIDTHS.filter((w) => w <= sourceWidth);
  return fit.length > 0 ? [...fit] : [RENDITION_WIDTHS[0]];
}
