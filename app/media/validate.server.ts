import sharp, { type Metadata } from "sharp";
import { MAX_INPUT_PIXELS, MAX_UPLOAD_BYTES, shapeAllowed } from "./images";

export type RefusalCode =
  "tooLarge" | "notImage" | "tooManyPixels" | "badShape" | "broken" | "unencodable";
const STATUS: Record<RefusalCode, 413 | 415 | 422> = {
  tooLarge: 413,
  notImage: 415,
  tooManyPixels: 422,
  badShape: 422,
  broken: 422,
  unencodable: 422,
};

/** An upload refused before anything is stored; `fileName` and `code` let the route word it. */
export class ImageRefused extends Error {
  readonly status: 413 | 415 | 422;
  constructor(
    readonly code: RefusalCode,
    readonly fileName: string,
    readonly detail: { megapixels?: number; width?: number; height?: number } = {},
  ) {
    super(`${fileName}: ${code}`);
    this.status = STATUS[code];
  }
}

/** Whether this sharp build decodes AVIF (libheif with an AV1 decoder); HEVC-coded HEIC it never does. */
export const READS_AVIF = Boolean(sharp.format.heif?.input.buffer);

export interface Inspected {
  format: "jpeg" | "png" | "webp" | "avif";
  width: number;
  height: number;
}

/**
 * Decides from the bytes alone (never the name or Content-Type) whether a file is an image we
 * take. Only the header is read: a decompression bomb — a few kB declaring 20000×20000 — is
 * refused here in milliseconds, before any pixel is decoded, and so is a shape no photo has.
 */
export async function inspectImage(source: Buffer, fileName: string): Promise<Inspected> {
  if (source.length > MAX_UPLOAD_BYTES) throw new ImageRefused("tooLarge", fileName);
  let meta: Metadata;
  try {
    // metadata() reads the header only; the pixel limit is checked below, so it can name the size.
    meta = await sharp(source, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefused("notImage", fileName);
  }
  const format = acceptedFormat(meta);
  if (!format) throw new ImageRefused("notImage", fileName);
  const { width = 0, height = 0 } = meta;
  if (width <= 0 || height <= 0) throw new ImageRefused("broken", fileName);
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ImageRefused("tooManyPixels", fileName, {
      megapixels: Math.round((width * height) / 1e6),
    });
  }
  if (!shapeAllowed(width, height)) throw new ImageRefused("badShape", fileName, { width, height });
  return { format, width, height };
}

function acceptedFormat(meta: Metadata): Inspected["format"] | null {
  if (meta.format === "jpeg" || meta.format === "png" || meta.format === "webp") return meta.format;
  // libheif reports AVIF and HEIC alike as "heif"; only AV1-coded ones can be decoded here.
  if (meta.format === "heif" && READS_AVIF && meta.compression === "av1") return "avif";
  return null;
}
