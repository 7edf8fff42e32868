import { relations, sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { CATEGORIES, STORAGE_CLASSES } from "./catalog-values";

export type { Category, StorageClass } from "./catalog-values";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- media

/** A content-addressed image: rendered widths and formats live under DATA_DIR/media/<hash>/. */
export const media = pgTable("media", {
  id: text("id").primaryKey(),
  hash: text("hash").notNull().unique(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  widths: integer("widths").array().notNull(),
  formats: text("formats").array().notNull(),
  placeholder: text("placeholder").notNull(),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------- catalog

export const cooperatives = pgTable(
  "cooperatives",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    taglineZh: text("tagline_zh").notNull().default(""),
    taglineEn: text("tagline_en").notNull().default(""),
    storyZh: text("story_zh").notNull().default(""),
    storyEn: text("story_en").notNull().default(""),
    provinceCode: text("province_code").notNull(),
    /** GB/T 2260 city and district, picked in the profile; `city_zh` is their names, composed on save. */
    cityCode: text("city_code"),
    districtCode: text("district_code"),
    cityZh: text("city_zh").notNull(),
    cityEn: text("city_en").notNull(),
    addressZh: text("address_zh").notNull(),
    addressEn: text("address_en").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email").notNull(),
    handlingDays: smallint("handling_days").notNull().default(2),
    /** Goods from this cooperative at or above this amount in one order ship free; null: never. */
    freeShippingMinFen: integer("free_shipping_min_fen"),
    featured: boolean("featured").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("cooperatives_province_code", sql`${t.provinceCode} ~ '^[1-8][0-9]$'`),
    check("cooperatives_handling_days", sql`${t.handlingDays} between 0 and 60`),
    check(
      "cooperatives_free_shipping_min_fen",
      sql`${t.freeShippingMinFen} is null or ${t.freeShippingMinFen} between 1 and 99999999`,
    ),
  ],
);

export const cooperativePhotos = pgTable(
  "cooperative_photos",
  {
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    mediaId: text("media_id")
      .notNull()
      .references(() => media.id),
    position: smallint("position").notNull(),
    altZh: text("alt_zh").notNull(),
    altEn: text("alt_en").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cooperativeId, t.position] })],
);

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id),
    slug: text("slug").notNull().unique(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull(),
    originStoryZh: text("origin_story_zh").notNull().default(""),
    originStoryEn: text("origin_story_en").notNull().default(""),
    category: text("category", { enum: CATEGORIES }).notNull(),
    seasonMonths: smallint("season_months").array().notNull(),
    storageClass: text("storage_class", { enum: STORAGE_CLASSES }).notNull(),
    shelfLifeDays: smallint("shelf_life_days").notNull(),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("products_cooperative_idx").on(t.cooperativeId),
    check("products_category", sql`${t.category} in ('fruit','vegetable','grain','pantry')`),
    check("products_storage_class", sql`${t.storageClass} in ('ambient','chilled')`),
    check("products_status", sql`${t.status} in ('active','archived')`),
    check("products_shelf_life", sql`${t.shelfLifeDays} between 1 and 3650`),
    check(
      "products_season_months",
      sql`${t.seasonMonths} <@ array[1,2,3,4,5,6,7,8,9,10,11,12]::smallint[]`,
    ),
  ],
);

export const productImages = pgTable(
  "product_images",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    mediaId: text("media_id")
      .notNull()
      .references(() => media.id),
    position: smallint("position").notNull(),
    altZh: text("alt_zh").notNull(),
    altEn: text("alt_en").notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.position] })],
);

export const variants = pgTable(
  "variants",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text("sku").notNull().unique(),
    labelZh: text("label_zh").notNull(),
    labelEn: text("label_en").notNull(),
    netWeightG: integer("net_weight_g").notNull(),
    shippingWeightG: integer("shipping_weight_g").notNull(),
    lengthMm: integer("length_mm").notNull(),
    widthMm: integer("width_mm").notNull(),
    heightMm: integer("height_mm").notNull(),
    priceFen: integer("price_fen").notNull(),
    compareAtFen: integer("compare_at_fen"),
    position: smallint("position").notNull().default(0),
    status: text("status", { enum: ["active", "archived"] })
      .notNull()
      .default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("variants_product_idx").on(t.productId),
    check("variants_weights", sql`${t.netWeightG} > 0 and ${t.shippingWeightG} >= ${t.netWeightG}`),
    check("variants_dimensions", sql`${t.lengthMm} > 0 and ${t.widthMm} > 0 and ${t.heightMm} > 0`),
    check("variants_price", sql`${t.priceFen} >= 0`),
    check(
      "variants_compare_at",
      sql`${t.compareAtFen} is null or ${t.compareAtFen} > ${t.priceFen}`,
    ),
    check("variants_status", sql`${t.status} in ('active','archived')`),
  ],
);

export const harvestBatches = pgTable(
  "harvest_batches",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    expectedDate: date("expected_date", { mode: "string" }).notNull(),
    expectedQuantityG: integer("expected_quantity_g").notNull(),
    status: text("status", { enum: ["planned", "growing", "harvesting", "harvested"] })
      .notNull()
      .default("planned"),
    noteZh: text("note_zh").notNull().default(""),
    noteEn: text("note_en").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("harvest_batches_product_idx").on(t.productId),
    check("harvest_batches_quantity", sql`${t.expectedQuantityG} > 0`),
    check(
      "harvest_batches_status",
      sql`${t.status} in ('planned','growing','harvesting','harvested')`,
    ),
  ],
);

// ---------------------------------------------------------------- offers

export const OFFER_KINDS = ["standard", "flash", "presale", "groupbuy"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];
export const OFFER_STATUSES = ["active", "paused", "ended"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * One way to sell a variant: at a price, in a window, up to a cap, with a per-shopper limit.
 * Every variant has exactly one `standard` offer, kept at the variant's price by the
 * `variants_standard_offer` trigger (migration 0004), so every write path keeps it in step.
 * A capped offer's counts live in `offer_levels` (inventory's table).
 */
export const offers = pgTable(
  "offers",
  {
    id: text("id").primaryKey(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: OFFER_KINDS }).notNull(),
    priceFen: integer("price_fen").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** Units the offer may sell in all, drawn from the variant's stock; null: the variant's stock. */
    cap: integer("cap"),
    /** Units one shopper may buy under this offer; null: no limit beyond a line's maximum. */
    perShopperLimit: integer("per_shopper_limit"),
    status: text("status", { enum: OFFER_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("offers_variant_idx").on(t.variantId, t.kind),
    uniqueIndex("offers_standard_unique")
      .on(t.variantId)
      .where(sql`${t.kind} = 'standard'`),
    check("offers_kind", sql`${t.kind} in ('standard','flash','presale','groupbuy')`),
    check("offers_status", sql`${t.status} in ('active','paused','ended')`),
    check("offers_price", sql`${t.priceFen} >= 0`),
    check("offers_cap", sql`${t.cap} is null or ${t.cap} >= 0`),
    check("offers_per_shopper", sql`${t.perShopperLimit} is null or ${t.perShopperLimit} > 0`),
    check(
      "offers_window",
      sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`,
    ),
    check(
      "offers_standard_uncapped",
      sql`${t.kind} <> 'standard' or (${t.cap} is null and ${t.startsAt} is null and ${t.endsAt} is null)`,
    ),
  ],
);

// ---------------------------------------------------------------- inventory

/** One row per variant; `initial = available + reserved + sold`, none ever negative. */
export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    variantId: text("variant_id")
      .primaryKey()
      .references(() => variants.id, { onDelete: "cascade" }),
    available: integer("available").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    sold: integer("sold").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("inventory_available_nonnegative", sql`${t.available} >= 0`),
    check("inventory_reserved_nonnegative", sql`${t.reserved} >= 0`),
    check("inventory_sold_nonnegative", sql`${t.sold} >= 0`),
  ],
);

/**
 * A capped offer's own counts. Its units were drawn from the variant's `available` into the
 * variant's `reserved` (the pool), so `cap = available + reserved + sold` here, and the variant's
 * `reserved` = its held reservations + every open pool's `available`.
 */
export const offerLevels = pgTable(
  "offer_levels",
  {
    offerId: text("offer_id")
      .primaryKey()
      .references(() => offers.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    cap: integer("cap").notNull().default(0),
    available: integer("available").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    sold: integer("sold").notNull().default(0),
    /** Closed: what was left went back to the variant; a later restock goes there too. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /**
     * True: the cap was drawn from the variant's stock (flash, group-buy), so the pool's units count
     * in the variant's `reserved`. False (presale): the units are a harvest still growing; they
     * enter the variant's stock only when a release brings them in, straight into `sold`.
     */
    drawsStock: boolean("draws_stock").notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("offer_levels_variant_idx").on(t.variantId),
    check(
      "offer_levels_nonnegative",
      sql`${t.available} >= 0 and ${t.reserved} >= 0 and ${t.sold} >= 0`,
    ),
    check("offer_levels_balanced", sql`${t.cap} = ${t.available} + ${t.reserved} + ${t.sold}`),
  ],
);

/** Every stock movement, append-only. */
export const inventoryLedger = pgTable(
  "inventory_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    availableDelta: integer("available_delta").notNull().default(0),
    reservedDelta: integer("reserved_delta").notNull().default(0),
    soldDelta: integer("sold_delta").notNull().default(0),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    /** What the movement was for: an order id, later a flash-sale claim; null for manual changes. */
    ref: text("ref"),
    /** Set: the deltas are a capped offer's own counts (offer_levels), not the variant's. */
    offerId: text("offer_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("inventory_ledger_variant_idx").on(t.variantId, t.createdAt),
    // An order's (or claim's) movements, read back by ref; most manual rows have none.
    index("inventory_ledger_ref_idx")
      .on(t.ref)
      .where(sql`${t.ref} is not null`),
  ],
);

export const RESERVATION_STATUSES = ["held", "confirmed", "released"] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Stock held for someone who is paying. `held` counts in `inventory_levels.reserved` until it is
 * confirmed (moved to `sold`) or released (back to `available`), whichever happens first.
 */
export const inventoryReservations = pgTable(
  "inventory_reservations",
  {
    id: text("id").primaryKey(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    /** The offer it was taken under: a capped offer's holds count in its pool, not the variant's. */
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    /** What owns it (`order`, later `claim`, `presale_allocation`, `group_join`): the sweeper hands an expired hold to that owner's handler. */
    ownerKind: text("owner_kind").notNull().default("order"),
    /** The owner's id: an order id, a claim id, … */
    ref: text("ref").notNull(),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: RESERVATION_STATUSES }).notNull().default("held"),
    /** Null: held until released (a presale allocation waits for its harvest). */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("inventory_reservations_ref_offer_idx").on(t.ref, t.offerId),
    index("inventory_reservations_ref_variant_idx").on(t.ref, t.variantId),
    index("inventory_reservations_held_idx").on(t.status, t.expiresAt),
    check("inventory_reservations_quantity", sql`${t.quantity} > 0`),
    check("inventory_reservations_status", sql`${t.status} in ('held','confirmed','released')`),
    check("inventory_reservations_owner_kind", sql`${t.ownerKind} ~ '^[a-z][a-z_]{0,39}$'`),
  ],
);

// ---------------------------------------------------------------- carts

export const carts = pgTable("carts", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const cartLines = pgTable(
  "cart_lines",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    /** The offer that prices the line: one variant may sit in a cart at two prices (flash and standard). */
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cartId, t.offerId] }),
    check("cart_lines_quantity", sql`${t.quantity} between 1 and 999`),
  ],
);

// ---------------------------------------------------------------- relations

export const cooperativesRelations = relations(cooperatives, ({ many }) => ({
  products: many(products),
  photos: many(cooperativePhotos),
}));
export const cooperativePhotosRelations = relations(cooperativePhotos, ({ one }) => ({
  cooperative: one(cooperatives, {
    fields: [cooperativePhotos.cooperativeId],
    references: [cooperatives.id],
  }),
  media: one(media, { fields: [cooperativePhotos.mediaId], references: [media.id] }),
}));
export const productsRelations = relations(products, ({ one, many }) => ({
  cooperative: one(cooperatives, {
    fields: [products.cooperativeId],
    references: [cooperatives.id],
  }),
  variants: many(variants),
  images: many(productImages),
  harvestBatches: many(harvestBatches),
}));
export const productImagesRelations = relations(productImages, ({ one }) => ({
  product: one(products, { fields: [productImages.productId], references: [products.id] }),
  media: one(media, { fields: [productImages.mediaId], references: [media.id] }),
}));
export const variantsRelations = relations(variants, ({ one }) => ({
  product: one(products, { fields: [variants.productId], references: [products.id] }),
  inventory: one(inventoryLevels, {
    fields: [variants.id],
    references: [inventoryLevels.variantId],
  }),
}));
export const harvestBatchesRelations = relations(harvestBatches, ({ one }) => ({
  product: one(products, { fields: [harvestBatches.productId], references: [products.id] }),
}));
export const cartLinesRelations = relations(cartLines, ({ one }) => ({
  cart: one(carts, { fields: [cartLines.cartId], references: [carts.id] }),
  variant: one(variants, { fields: [cartLines.variantId], references: [variants.id] }),
}));

// ---------------------------------------------------------------- types

export type Cooperative = typeof cooperatives.$inferSelect;
export type Product = typeof products.$inferSelect;
export type Variant = typeof variants.$inferSelect;
export type HarvestBatch = typeof harvestBatches.$inferSelect;
export type Media = typeof media.$inferSelect;
export type Offer = typeof offers.$inferSelect;
