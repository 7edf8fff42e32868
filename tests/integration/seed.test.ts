import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../db/seed/seed";
import { cooperatives, inventoryLedger, products, variants } from "../../db/schema";
import { getCooperative } from "~/catalog/catalog.server";
import { db } from "~/lib/db.server";
import { localMediaStorage } from "~/media/storage.server";
import { withTestDatabase } from "../setup/test-db";

const database = withTestDatabase();
const dir = mkdtempSync(path.join(tmpdir(), "hl-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demo data", () => {
  it("loads three real producing regions with photos, once", async () => {
    const storage = localMediaStorage(dir);
    expect(await seedDemo({ db: database.handle.db, storage })).toEqual({ seeded: true });

    const coops = await db().select().from(cooperatives);
    expect(coops.map((c) => [c.provinceCode, c.cityEn]).sort()).toEqual([
      ["14", "Loufan, Taiyuan"],
      ["36", "Xinfeng, Ganzhou"],
      ["43", "Suining, Shaoyang"],
    ]);
    for (const coop of coops) {
      const page = await getCooperative({ slug: coop.slug, locale: "zh" });
      expect(page!.products.length, coop.slug).toBeGreaterThanOrEqual(2);
      expect(page!.photos).toHaveLength(1);
      for (const p of page!.products) {
        expect(p.image, p.slug).not.toBeNull();
        expect(p.fromPriceFen).toBeGreaterThan(0);
      }
    }
    const [variantCount] = await db().select({ n: count() }).from(variants);
    const [ledgerCount] = await db().select({ n: count() }).from(inventoryLedger);
    expect(variantCount!.n).toBeGreaterThanOrEqual(12);
    expect(ledgerCount!.n).toBe(variantCount!.n);

    // Every rendition the markup will ask for exists, and is a real image of that width.
    const grapes = await getCooperative({ slug: "suining-dongshan-grapes", locale: "en" });
    const image = grapes!.products[0]!.image!;
    for (const width of image.widths) {
      for (const format of ["webp", "jpg"]) {
        const file = path.join(dir, image.hash, `${width}.${format}`);
        expect(statSync(file).size).toBeGreaterThan(1000);
        expect((await sharp(file).metadata()).width).toBe(width);
      }
    }
    expect(image.placeholder).toMatch(/^data:image\/webp;base64,/);

    expect(await seedDemo({ db: database.handle.db, storage })).toEqual({ seeded: false });
    const [after] = await db().select({ n: count() }).from(products);
    expect(after!.n).toBe(8);
  });
});
