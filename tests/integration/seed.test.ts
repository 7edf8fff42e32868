import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { users } from "../../db/auth-schema";
import { groupbuyDeals, groupbuyJoins, pickupPoints } from "../../db/groupbuy-schema";
import { orders } from "../../db/orders-schema";
import { DEMO_SHOPPER_EMAIL } from "../../scripts/seed/orders";
import { seedDemo } from "../../scripts/seed/seed";
import {
  cooperatives,
  inventoryLedger,
  inventoryLevels,
  products,
  variants,
} from "../../db/schema";
import { getCooperative } from "~/catalog/catalog.server";
import { stockInvariant } from "~/inventory/reservations.server";
import { db } from "~/lib/db.server";
import { localMediaStorage } from "~/media/storage.server";
import { listCooperativeOrders } from "~/orders/admin-orders.server";
import { listShopperOrders } from "~/orders/shopper-orders.server";
import { loader as trackLoader } from "~/routes/_store.track.$trackingNumber";
import { isValidS10 } from "~/shipping/s10";
import { callRoute } from "../setup/routes";
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
    const [initialRows] = await db()
      .select({ n: count() })
      .from(inventoryLedger)
      .where(eq(inventoryLedger.reason, "initial stock"));
    expect(variantCount!.n).toBeGreaterThanOrEqual(12);
    expect(initialRows!.n).toBe(variantCount!.n);

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

    await expectDemoOrders();
    await expectDemoGroupbuy();

    expect(await seedDemo({ db: database.handle.db, storage })).toEqual({ seeded: false });
    const [after] = await db().select({ n: count() }).from(products);
    expect(after!.n).toBe(8);
    const [orderCount] = await db().select({ n: count() }).from(orders);
    // The eight demo orders, the presale's six pre-orders and the group deal's four joins, not seeded twice.
    expect(orderCount!.n).toBe(18);
    // Rendering 22 photos dominates; a busy machine takes well over the default minute.
  }, 300_000);
});

/** Real orders of the demo shopper, one per state, seen by the shopper and by each cooperative. */
async function expectDemoOrders() {
  const [shopper] = await db()
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_SHOPPER_EMAIL));
  const mine = await listShopperOrders({ userId: shopper!.id });
  // Newest first: the pre-order (deposit paid, waiting for January's harvest) and the unpaid one
  // were placed just now, the others days ago.
  expect(mine.map((o) => [o.status, o.parcelCount])).toEqual([
    ["deposit_paid", 0],
    ["pending_payment", 0],
    ["fulfilling", 1], // to ship, two packs: labels made 1 h ago, not collected yet
    ["fulfilling", 1], // to ship: 2 h ago
    ["shipped", 1], // cold chain, 12 h ago
    ["shipped", 1], // in transit, 30 h ago
    ["cancelled", 0], // 50 h ago, refunded
    ["delivered", 1], // 80 h ago
    ["shipped", 1], // stalled, 90 h ago
  ]);
  const cancelled = mine.find((o) => o.status === "cancelled")!;
  expect(cancelled.refundedFen).toBe(cancelled.totalFen);

  // The parcels' numbers are the ones the README lists, and the tracking page tells their stories.
  const numbers = ["EA100000003CN", "CA100000017CN", "EA100000025CN", "EF100000034CN"];
  expect(numbers.every(isValidS10)).toBe(true);
  type Track = { shipment: { status: string; stalled: boolean; storage: string } };
  const pages = await Promise.all(
    numbers.map((n) => callRoute<Track>(trackLoader, { params: { trackingNumber: n } })),
  );
  expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
  expect(
    pages.map((p) => [p.data.shipment.status, p.data.shipment.stalled, p.data.shipment.storage]),
  ).toEqual([
    ["delivered", false, "ambient"],
    ["departed", false, "ambient"],
    ["departed", true, "ambient"],
    ["departed", false, "chilled"],
  ]);

  // Every cooperative has orders in its admin list (the unpaid one spans oranges and potatoes).
  const coops = await db()
    .select({ id: cooperatives.id, slug: cooperatives.slug })
    .from(cooperatives);
  const statuses: Record<string, string[]> = {};
  for (const c of coops) {
    const list = await listCooperativeOrders({ cooperativeId: c.id, query: { page: 1 } });
    statuses[c.slug] = list.orders.map((o) => o.status).sort();
  }
  expect(statuses).toEqual({
    // Six pre-orders of the demo presale wait for the harvest, four group joins for the deadline.
    "xinfeng-navel-orange": [
      "cancelled",
      "delivered",
      ...Array<string>(6).fill("deposit_paid"),
      "fulfilling",
      "fulfilling",
      ...Array<string>(4).fill("payment_held"),
      "pending_payment",
    ],
    "loufan-potato": ["pending_payment", "shipped"],
    "suining-dongshan-grapes": ["shipped", "shipped"],
  });

  // Stock moved only through reservations: sold, held and restocked units all add up.
  const levels = await db()
    .select({
      sku: variants.sku,
      variantId: variants.id,
      reserved: inventoryLevels.reserved,
      sold: inventoryLevels.sold,
      available: inventoryLevels.available,
    })
    .from(inventoryLevels)
    .innerJoin(variants, eq(variants.id, inventoryLevels.variantId));
  const bySku = Object.fromEntries(levels.map((l) => [l.sku, l]));
  // 30 of the 5 kg navels sit in the demo flash sale's pool (scripts/seed/live.ts) and 60 in the
  // demo group deal's (scripts/seed/groupbuy.ts), held from the pack.
  expect(bySku["XF-NAVEL-5"]).toMatchObject({ sold: 2, reserved: 90, available: 408 });
  expect(bySku["XF-PONKAN-5"]).toMatchObject({ sold: 0, reserved: 0, available: 90 });
  expect(bySku["LF-MILLET-1"]).toMatchObject({ sold: 0, reserved: 2, available: 298 });
  expect(bySku["DS-RED-4"]).toMatchObject({ sold: 0, reserved: 0, available: 6 });
  for (const l of levels)
    expect((await stockInvariant({ variantId: l.variantId })).balanced, l.sku).toBe(true);
}

/** The group deal in progress: two pickup points led by the demo leaders, four joins held. */
async function expectDemoGroupbuy() {
  const deals = await db().select().from(groupbuyDeals);
  expect(deals.map((d) => [d.state, d.minQuantity, d.holdMode])).toEqual([
    ["open", 10, "authorize"],
  ]);
  const joins = await db().select().from(groupbuyJoins);
  expect(joins.map((j) => j.state)).toEqual(["held", "held", "held", "held"]);
  expect(joins.reduce((n, j) => n + j.quantity, 0)).toBe(8);
  const leaders = await db()
    .select({ email: users.email })
    .from(pickupPoints)
    .innerJoin(users, eq(users.id, pickupPoints.leaderUserId));
  expect(leaders.map((l) => l.email).sort()).toEqual([
    "leader1@harvest.example",
    "leader2@harvest.example",
  ]);
}
