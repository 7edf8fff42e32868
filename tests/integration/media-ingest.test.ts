import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { media } from "../../db/schema";
import { withTestDatabase } from "../setup/test-db";
import { pngBomb, twoToneJpeg } from "../unit/media-fixtures";
import { db } from "~/lib/db.server";
import { ingestImage } from "~/media/images.server";
import { memoryMediaStorage } from "~/media/storage.server";
import { ImageRefused } from "~/media/validate.server";

withTestDatabase();

describe("ingestImage", () => {
  it("stores each content once, with every width in AVIF, WebP and JPEG", async () => {
    const storage = memoryMediaStorage();
    const source = await twoToneJpeg(1300, 900);
    const first = await ingestImage({ db: db(), storage, source });
    const again = await ingestImage({ db: db(), storage, source });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      width: 1300,
      height: 900,
      widths: [320, 640, 960, 1280],
      formats: ["avif", "webp", "jpg"],
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(storage.files.size).toBe(4 * 3);
    expect(await db().select().from(media)).toHaveLength(1);
  });

  it("adds AVIF to an image stored before AVIF existed, keeping its row", async () => {
    const storage = memoryMediaStorage();
    const source = await twoToneJpeg(700, 500);
    const row = await ingestImage({ db: db(), storage, source });
    // Make it look like a row from the WebP + JPEG era.
    await db()
      .update(media)
      .set({ formats: ["webp", "jpg"] })
      .where(eq(media.id, row.id));
    for (const key of [...storage.files.keys()])
      if (key.endsWith(".avif")) storage.files.delete(key);
    const upgraded = await ingestImage({ db: db(), storage, source });
    expect(upgraded.id).toBe(row.id);
    expect(upgraded.formats).toEqual(["avif", "webp", "jpg"]);
    expect([...storage.files.keys()].filter((k) => k.endsWith(".avif"))).toHaveLength(2);
  });

  it("refuses what is not an acceptable image before storing anything", async () => {
    const storage = memoryMediaStorage();
    for (const source of [Buffer.from("plain text"), pngBomb()]) {
      await expect(
        ingestImage({ db: db(), storage, source, name: "x.jpg" }),
      ).rejects.toBeInstanceOf(ImageRefused);
    }
    expect(storage.files.size).toBe(0);
    expect(await db().select().from(media)).toHaveLength(0);
  });
});
