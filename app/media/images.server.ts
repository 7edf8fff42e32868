import { createHash } from "node:crypto";
import path from "node:path";
import sharp, { type Sharp } from "sharp";
import { media, type Media } from "../../db/schema";
import type { Executor } from "../lib/db.server";
import { newId } from "../lib/ids";
import { widthsFor } from "./images";
import { localMediaStorage, type MediaStorage } from "./storage.server";

export function defaultStorage(dataDir: string): MediaStorage {
  return localMediaStorage(path.resolve(dataDir, "media"));
}

/**
 * Stores an image once per distinct content: every width in WebP and JPEG, sRGB, no metadata,
 * plus a tiny blurred placeholder. Re-ingesting the same bytes returns the existing row.
 */
export async function ingestImage({
  db,
  storage,
  source,
}: {
  db: Executor;
  storage: MediaStorage;
  source: Buffer;
}): Promise<Media> {
  const hash = createHash("sha256").update(source).digest("hex");
  const existing = await db.query.media.findFirst({ where: (m, { eq }) => eq(m.hash, hash) });
  if (existing) return existing;

  // rotate() applies EXIF orientation; sharp drops metadata unless asked to keep it.
  const base = sharp(source, { limitInputPixels: 40_000_000 }).rotate().toColourspace("srgb");
  const { width = 0, height = 0 } = await base.clone().metadata().then(async (m) => {
    const swapped = (m.orientation ?? 1) >= 5;
    return swapped ? { width: m.height, height: m.width } : m;
  });
  const widths = widthsFor(width);
  await Promise.all(
    widths.flatMap((w) => [
      render(storage, `${hash}/${w}.webp`, () => base.clone().resize({ width: w }).webp({ quality: 78 })),
      render(storage, `${hash}/${w}.jpg`, () =>
        base.clone().resize({ width: w }).jpeg({ quality: 82, mozjpeg: true, progressive: true }),
      ),
    ]),
  );
  const tiny = await base.clone().resize({ width: 16 }).blur(1.2).webp({ quality: 40 }).toBuffer();
  const row = {
    id: newId("med"),
    hash,
    width,
    height,
    widths,
    formats: ["webp", "jpg"],
    placeholder: `data:image/webp;base64,${tiny.toString("base64")}`,
  };
  const [inserted] = await db.insert(media).values(row).onConflictDoNothing().returning();
  return inserted ?? (await db.query.media.findFirst({ where: (m, { eq }) => eq(m.hash, hash) }))!;
}

async function render(storage: MediaStorage, key: string, make: () => Sharp) {
  if (await storage.has(key)) return;
  await storage.put(key, await make().toBuffer());
}
