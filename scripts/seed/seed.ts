import { count } from "drizzle-orm";
import { newId } from "../../app/lib/ids";
import type { Database } from "../../app/lib/db.server";
import { env } from "../../app/lib/env.server";
import { defaultStorage, ingestImage } from "../../app/media/images.server";
import type { MediaStorage } from "../../app/media/storage.server";
import {
  cooperativePhotos,
  cooperatives,
  harvestBatches,
  inventoryLedger,
  inventoryLevels,
  productImages,
  products,
  variants,
  type Media,
} from "../../db/schema";
import type { ArtKind, ArtScene } from "./art";
import { DEMO_COOPERATIVES } from "./catalog-data";
import { seedDemoGroupbuy } from "./groupbuy";
import { seedDemoLiveSales } from "./live";
import { seedDemoOrders } from "./orders";
import { seedDemoPresale } from "./presale";
import { seedDemoUsers } from "./users";

/** The demo data as `npm start` (SEED_ON_START) and `npm run db:seed` load it: photos go where uploads go. */
export function seedDemoData({ db, log }: { db: Database; log: (line: string) => void }) {
  return seedDemo({ db, storage: defaultStorage(env.DATA_DIR), log });
}

/** Loads the demo catalog into an empty database; does nothing if a cooperative exists. */
export async function seedDemo({
  db,
  storage,
  log = () => {},
}: {
  db: Database;
  storage: MediaStorage;
  log?: (line: string) => void;
}): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ n: count() }).from(cooperatives);
  if ((existing?.n ?? 0) > 0) {
    // A store starting on its demo data again: the demo host has a sale live now and one soon.
    await seedDemoLiveSales({ db, log });
    return { seeded: false };
  }

  const started = Date.now();
  // The drawing code is loaded only now, to seed: a store starting on its data never needs it.
  const { renderArt } = await import("./art");
  // Images first and outside the transaction: rendering is slow and content-addressed.
  let artSeed = 1;
  const image = async (art: ArtKind, scene: ArtScene) =>
    ingestImage({ db, storage, source: await renderArt({ kind: art, scene, seed: artSeed++ }) });
  const covers: Media[] = [];
  const gallery = new Map<string, Media[]>();
  for (const coop of DEMO_COOPERATIVES) {
    covers.push(await image(coop.cover.art, coop.cover.scene));
    for (const p of coop.products) {
      gallery.set(p.slug, await Promise.all(p.scenes.map((scene) => image(p.art, scene))));
    }
  }
  log(`rendered ${artSeed - 1} demo photos in ${Date.now() - started} ms`);

  let userCount = 0;
  await db.transaction(async (tx) => {
    for (const [ci, coop] of DEMO_COOPERATIVES.entries()) {
      const coopId = newId("coop");
      const { cover: _cover, products: coopProducts, ...fields } = coop;
      await tx.insert(cooperatives).values({ ...fields, id: coopId, featured: true });
      await tx.insert(cooperativePhotos).values({
        cooperativeId: coopId,
        mediaId: covers[ci]!.id,
        position: 0,
        altZh: `${coop.nameZh}的果园`,
        altEn: `The ${coop.nameEn} fields`,
      });
      for (const p of coopProducts) {
        const productId = newId("prd");
        const { art: _art, scenes, variants: vs, batches, ...pf } = p;
        await tx.insert(products).values({ ...pf, id: productId, cooperativeId: coopId });
        await tx.insert(productImages).values(
          gallery.get(p.slug)!.map((m, position) => ({
            productId,
            mediaId: m.id,
            position,
            altZh: `${p.nameZh}（${sceneZh[scenes[position]!]}）`,
            altEn: `${p.nameEn} (${scenes[position]!.replace("-", " ")})`,
          })),
        );
        for (const [position, v] of vs.entries()) {
          const variantId = newId("var");
          const [lengthMm, widthMm, heightMm] = v.dims;
          const { dims: _dims, stock, ...vf } = v;
          await tx
            .insert(variants)
            .values({ ...vf, id: variantId, productId, lengthMm, widthMm, heightMm, position });
          await tx.insert(inventoryLevels).values({ variantId, available: stock });
          await tx
            .insert(inventoryLedger)
            .values({ variantId, availableDelta: stock, reason: "initial stock", actor: "seed" });
        }
        for (const b of batches ?? []) {
          await tx.insert(harvestBatches).values({ ...b, id: newId("hb"), productId });
        }
      }
    }
    // In the same transaction, so a database never ends up with cooperatives but no accounts.
    userCount = (await seedDemoUsers({ db: tx })).users;
  });
  log(
    `seeded ${DEMO_COOPERATIVES.length} cooperatives and ${userCount} demo accounts in ${Date.now() - started} ms`,
  );
  // Through the app's own checkout, payment and shipment code, after the catalog has committed.
  await seedDemoOrders({ db, log });
  await seedDemoPresale({ db, log });
  await seedDemoGroupbuy({ db, log });
  await seedDemoLiveSales({ db, log });
  return { seeded: true };
}

const sceneZh = {
  pile: "整箱实拍",
  "gift-box": "礼盒包装",
  cut: "切面",
  orchard: "产地实景",
} as const;
