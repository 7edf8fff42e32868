import { and, asc, eq, sql } from "drizzle-orm";
import { media, productImages, products, type Media } from "../../db/schema";
import { invalidateCatalog } from "../catalog/cache.server";
import { db as defaultDb, type Executor, type Tx } from "../lib/db.server";
import { imageRef, type AdminProductImage } from "./images";
import { ingestImage, mediaStorage } from "./images.server";
import type { MediaStorage } from "./storage.server";
import type { UploadedFile } from "./upload.server";
import { inspectImage } from "./validate.server";

export type { AdminProductImage } from "./images";

/** A product's photos in display order (position 0 is the card image). */
export async function listProductImages({
  productId,
  db = defaultDb(),
}: {
  productId: string;
  db?: Executor;
}): Promise<AdminProductImage[]> {
  const rows = await db
    .select({ pi: productImages, m: media })
    .from(productImages)
    .innerJoin(media, eq(media.id, productImages.mediaId))
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position));
  return rows.map(({ pi, m }) => ({
    mediaId: pi.mediaId,
    position: pi.position,
    altZh: pi.altZh,
    altEn: pi.altEn,
    image: imageRef(m, pi.altZh),
  }));
}

/** A product's owner and names, or null; routes check access against `cooperativeId`. */
export async function findProductForImages(productId: string) {
  const [row] = await defaultDb()
    .select({
      id: products.id,
      cooperativeId: products.cooperativeId,
      nameZh: products.nameZh,
      nameEn: products.nameEn,
    })
    .from(products)
    .where(eq(products.id, productId));
  return row ?? null;
}

/** A change the current image list does not allow (stale page, unknown image). */
export class ImageListConflict extends Error {}

// The primary key is (product_id, position) and PostgreSQL checks it row by row, so a
// renumbering first parks every row on a negative position, then writes the final ones.
async function renumber(tx: Tx, productId: string, orderedMediaIds: string[]) {
  await tx
    .update(productImages)
    .set({ position: sql`-1 - ${productImages.position}` })
    .where(eq(productImages.productId, productId));
  for (const [position, mediaId] of orderedMediaIds.entries()) {
    await tx
      .update(productImages)
      .set({ position })
      .where(and(eq(productImages.productId, productId), eq(productImages.mediaId, mediaId)));
  }
}

// Serialises concurrent edits of one product's images (two uploads finishing together).
async function lockedIds(tx: Tx, productId: string): Promise<string[]> {
  await tx
    .select({ id: products.id })
    .from(products)
    .where(eq(products.id, productId))
    .for("update");
  const rows = await tx
    .select({ mediaId: productImages.mediaId })
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position));
  return rows.map((r) => r.mediaId);
}

/**
 * Appends stored images to a product, skipping any it already shows (same content, same
 * media row). Returns which media ids were added.
 */
export async function addProductImages({
  productId,
  items,
}: {
  productId: string;
  items: { media: Media; altZh: string; altEn: string }[];
}): Promise<{ added: string[]; alreadyThere: string[] }> {
  const result = await defaultDb().transaction(async (tx) => {
    const current = await lockedIds(tx, productId);
    const added: string[] = [];
    const alreadyThere: string[] = [];
    for (const item of items) {
      if (current.includes(item.media.id)) {
        alreadyThere.push(item.media.id);
        continue;
      }
      await tx.insert(productImages).values({
        productId,
        mediaId: item.media.id,
        position: current.length,
        altZh: item.altZh,
        altEn: item.altEn,
      });
      current.push(item.media.id);
      added.push(item.media.id);
    }
    return { added, alreadyThere };
  });
  if (result.added.length > 0) invalidateCatalog();
  return result;
}

/** Puts a product's images in the given order; it must list exactly the current images. */
export async function reorderProductImages({
  productId,
  order,
}: {
  productId: string;
  order: string[];
}) {
  await defaultDb().transaction(async (tx) => {
    const current = await lockedIds(tx, productId);
    const same =
      order.length === current.length &&
      new Set(order).size === order.length &&
      order.every((id) => current.includes(id));
    if (!same) throw new ImageListConflict("the image list changed; reload and try again");
    await renumber(tx, productId, order);
  });
  invalidateCatalog();
}

/**
 * Removes one image from a product and closes the gap. The media row and its files stay:
 * content-addressed renditions may be shared with other products or cooperative photos.
 */
export async function removeProductImage({
  productId,
  mediaId,
}: {
  productId: string;
  mediaId: string;
}) {
  await defaultDb().transaction(async (tx) => {
    const current = await lockedIds(tx, productId);
    if (!current.includes(mediaId))
      throw new ImageListConflict("that image is no longer on this product");
    await tx
      .delete(productImages)
      .where(and(eq(productImages.productId, productId), eq(productImages.mediaId, mediaId)));
    await renumber(
      tx,
      productId,
      current.filter((id) => id !== mediaId),
    );
  });
  invalidateCatalog();
}

export async function setProductImageAlt({
  productId,
  mediaId,
  altZh,
  altEn,
}: {
  productId: string;
  mediaId: string;
  altZh: string;
  altEn: string;
}) {
  const updated = await defaultDb()
    .update(productImages)
    .set({ altZh, altEn })
    .where(and(eq(productImages.productId, productId), eq(productImages.mediaId, mediaId)))
    .returning({ mediaId: productImages.mediaId });
  if (updated.length === 0) throw new ImageListConflict("that image is no longer on this product");
  invalidateCatalog();
}

/**
 * Stores uploaded photos and appends them to a product. Every file is checked by its bytes
 * first, so one bad file refuses the whole request (`ImageRefused`) before anything is stored.
 * New photos get the product's name as their description until someone writes a better one.
 */
export async function uploadProductImages({
  product,
  files,
  storage = mediaStorage(),
}: {
  product: { id: string; nameZh: string; nameEn: string };
  files: UploadedFile[];
  storage?: MediaStorage;
}) {
  for (const file of files) await inspectImage(file.bytes, file.name);
  const items = [];
  for (const file of files) {
    const row = await ingestImage({
      db: defaultDb(),
      storage,
      source: file.bytes,
      name: file.name,
    });
    items.push({ media: row, altZh: product.nameZh, altEn: product.nameEn });
  }
  return addProductImages({ productId: product.id, items });
}
