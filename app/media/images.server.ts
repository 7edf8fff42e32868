import { createHash } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp, { type Sharp } from "sharp";
import { media, type Media } from "../../db/schema";
import type { Executor } from "../lib/db.server";
import { env } from "../lib/env.server";
import { newId } from "../lib/ids";
import {
  MAX_INPUT_PIXELS,
  RENDITION_FORMATS,
  renditionSize,
  widthsFor,
  type RenditionFormat,
} from "./images";
import { encodeSlots } from "./limit.server";
import { localMediaStorage, type MediaStorage } from "./storage.server";
import { ImageRefused, inspectImage } from "./validate.server";

export function defaultStorage(dataDir: string): MediaStorage {
  return localMediaStorage(path.resolve(dataDir, "media"));
}

let storageOverride: MediaStorage | null = null;

/** Where uploads are stored: DATA_DIR/media, unless a test (or an object store) set another. */
export function mediaStorage(): MediaStorage {
  return storageOverride ?? defaultStorage(env.DATA_DIR);
}

export function setMediaStorage(storage: MediaStorage | null): void {
  storageOverride = storage;
}

/**
 * Encoder settings, chosen by measurement on this 2-core machine (1280 px photo): AVIF effort 4
 * (sharp's default) took ~7x as long as effort 1 for ~7% smaller files, so effort 1. Browsers
 * take AVIF first, so WebP and JPEG are fallbacks and get the fast settings: WebP effort 2 is
 * ~2.5x faster than 4 for ~5% more bytes; plain libjpeg with optimised Huffman tables ~4x faster
 * than mozjpeg for ~20% more bytes.
 */
const ENCODE: Record<RenditionFormat, (s: Sharp) => Sharp> = {
  avif: (s) => s.avif({ quality: 52, effort: 1 }),
  webp: (s) => s.webp({ quality: 78, effort: 2 }),
  jpg: (s) =>
    s
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82, progressive: true, optimiseCoding: true }),
};

export interface Rendered {
  width: number;
  height: number;
  widths: number[];
  formats: RenditionFormat[];
  placeholder: string;
}

/**
 * Renders every width × format of a validated source into storage under `<hash>/`. The source
 * is decoded once, straight to the largest rendition (JPEG/WebP shrink-on-load makes that cheap),
 * EXIF-rotated and converted to sRGB (CMYK and wide-gamut inputs included); smaller widths are
 * resized from that raw copy. No rendition is taller than WebP and AVIF can encode
 * (`renditionSize`). Nothing is stored until every rendition is encoded, so a file that fails
 * anywhere (`ImageRefused`) leaves no files behind. No output carries metadata: sharp keeps none
 * unless asked.
 */
export async function renderImage({
  source,
  hash,
  storage,
  formats = RENDITION_FORMATS,
  name = "image",
}: {
  source: Buffer;
  hash: string;
  storage: MediaStorage;
  formats?: readonly RenditionFormat[];
  name?: string;
}): Promise<Rendered> {
  const meta = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  // Orientations 5–8 are a quarter turn: the stored image is the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const upright = {
    width: (turned ? meta.height : meta.width) ?? 0,
    height: (turned ? meta.width : meta.height) ?? 0,
  };
  const widths = widthsFor(upright.width);
  const topSize = renditionSize(upright, widths[widths.length - 1]!);
  // Decoded before anything is stored: a file whose header is fine but whose pixels are not
  // is refused here and leaves nothing behind.
  const top = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
    .rotate()
    .resize({ ...topSize, fit: "fill" })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw new ImageRefused("broken", name);
    });
  // Each width is resized once, from the next larger one (cheaper than from the top each
  // time), and its three encodes share that raw copy; every step waits for a free slot.
  type Raw = { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  const asSharp = (r: Raw) => sharp(r.data, { raw: r.info });
  const shrink = async (r: Raw, w: number): Promise<Raw> => {
    const size = renditionSize(upright, w);
    if (size.width >= r.info.width) return r;
    const out = await asSharp(r)
      .resize({ ...size, fit: "fill" })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: out.data,
      info: { width: out.info.width, height: out.info.height, channels: out.info.channels },
    };
  };
  let current: Raw = {
    data: top.data,
    info: { width: top.info.width, height: top.info.height, channels: top.info.channels },
  };
  const encoded = new Map<string, Buffer>();
  const encodes: Promise<void>[] = [];
  for (const w of [...widths].reverse()) {
    const from = current;
    current = await encodeSlots.run(() => shrink(from, w));
    const raw = current;
    for (const f of formats) {
      const encode = encodeSlots.run(async () => {
        const key = `${hash}/${w}.${f}`;
        if (await storage.has(key)) return;
        encoded.set(key, await ENCODE[f](asSharp(raw)).toBuffer());
      });
      // Awaited below; marked handled now so a failure while the loop still runs cannot
      // surface as an unhandled rejection.
      encode.catch(() => {});
      encodes.push(encode);
    }
  }
  // The sizes above are within every encoder's limits; this is the net for whatever else an
  // encoder refuses, so the uploader gets a refusal naming the file instead of a 500.
  await Promise.all(encodes).catch((error: unknown) => {
    console.error(`media: encoding ${name} (${hash}) failed`, error);
    throw new ImageRefused("unencodable", name);
  });
  for (const [key, body] of encoded) await storage.put(key, body);
  const tiny = await asSharp(current)
    .resize({ width: 16 })
    .blur(1.2)
    .webp({ quality: 40 })
    .toBuffer();
  return {
    width: upright.width,
    height: upright.height,
    widths,
    formats: [...formats],
    placeholder: `data:image/webp;base64,${tiny.toString("base64")}`,
  };
}

/**
 * Stores an image once per distinct content: validated by its bytes (throws `ImageRefused`),
 * every width in AVIF, WebP and JPEG, plus a tiny blurred placeholder. Re-ingesting the same
 * bytes returns the existing row; a row from before AVIF gets its AVIF renditions added.
 */
export async function ingestImage({
  db,
  storage,
  source,
  name = "image",
}: {
  db: Executor;
  storage: MediaStorage;
  source: Buffer;
  name?: string;
}): Promise<Media> {
  await inspectImage(source, name);
  const hash = createHash("sha256").update(source).digest("hex");
  const existing = await db.query.media.findFirst({ where: (m, { eq: is }) => is(m.hash, hash) });
  if (existing && RENDITION_FORMATS.every((f) => existing.formats.includes(f))) return existing;

  const rendered = await renderImage({ source, hash, storage, name });
  if (existing) {
    const [upgraded] = await db
      .update(media)
      .set({ formats: rendered.formats })
      .where(eq(media.id, existing.id))
      .returning();
    return upgraded ?? existing;
  }
  const row = { id: newId("med"), hash, ...rendered };
  const [inserted] = await db.insert(media).values(row).onConflictDoNothing().returning();
  return (
    inserted ?? (await db.query.media.findFirst({ where: (m, { eq: is }) => is(m.hash, hash) }))!
  );
}
