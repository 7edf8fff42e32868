import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./auth-schema";
import { orders } from "./orders-schema";
import { cooperatives, offers, variants } from "./schema";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/**
 * How a join pays: `authorize` holds the highest tier price on the card and captures the reached
 * tier's price at settlement (card holds lapse in about 5–7 days, so only short deals); `charge`
 * takes the highest tier price at once and refunds the difference (or all) at settlement.
 */
export const HOLD_MODES = ["authorize", "charge"] as const;
export type HoldMode = (typeof HOLD_MODES)[number];
/** open: taking joins; settling: the deadline passed or the pool sold out; then its outcome. */
export const DEAL_STATES = ["open", "settling", "succeeded", "failed"] as const;
export type DealState = (typeof DEAL_STATES)[number];
/**
 * One join's payment: pending (order placed, not paid), held (authorized, or charged in charge
 * mode), captured (settled at the tier price), voided (hold released or charge refunded: the
 * deal failed), cancelled (the order was cancelled before it was held).
 */
export const JOIN_STATES = ["pending", "held", "captured", "voided", "cancelled"] as const;
export type JoinState = (typeof JOIN_STATES)[number];

/**
 * A group deal, one row per `groupbuy` offer. The offer holds the highest tier price (what a join
 * is held at) and the window (ends_at: the deadline); its pool, drawn from the pack's stock, is
 * the maximum quantity, so joins can never overfill it.
 */
export const groupbuyDeals = pgTable(
  "groupbuy_deals",
  {
    offerId: text("offer_id")
      .primaryKey()
      .references(() => offers.id, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    /** Packs the group must reach by the deadline to succeed. */
    minQuantity: integer("min_quantity").notNull(),
    /** Packs the deal may sell in all: its pool's cap. */
    maxQuantity: integer("max_quantity").notNull(),
    holdMode: text("hold_mode", { enum: HOLD_MODES }).notNull(),
    allowHomeDelivery: boolean("allow_home_delivery").notNull().default(false),
    /** The short code of the share link /g/:code (unguessable, like a live sale's). */
    shareCode: text("share_code").notNull(),
    state: text("state", { enum: DEAL_STATES }).notNull().default("open"),
    /** Packs joined when it settled, and the tier price everyone paid. */
    reachedQuantity: integer("reached_quantity").notNull().default(0),
    settledPriceFen: integer("settled_price_fen"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("groupbuy_deals_share_code_idx").on(t.shareCode),
    index("groupbuy_deals_cooperative_idx").on(t.cooperativeId, t.createdAt),
    index("groupbuy_deals_state_idx").on(t.state),
    check("groupbuy_deals_quantities", sql`${t.minQuantity} between 1 and ${t.maxQuantity}`),
    check("groupbuy_deals_hold_mode", sql`${t.holdMode} in (${quoted(HOLD_MODES)})`),
    check("groupbuy_deals_state", sql`${t.state} in (${quoted(DEAL_STATES)})`),
    check("groupbuy_deals_reached", sql`${t.reachedQuantity} >= 0`),
    check(
      "groupbuy_deals_settled_price",
      sql`${t.settledPriceFen} is null or ${t.settledPriceFen} > 0`,
    ),
    check("groupbuy_deals_share_code", sql`${t.shareCode} ~ '^[2-9a-hjkmnp-z]{8}$'`),
  ],
);

/**
 * A deal's price tiers: the price everyone pays once the group's total reaches `min_quantity`.
 * Tier 1 has min_quantity 1 and the offer's price; each next tier needs more and costs less.
 */
export const groupbuyTiers = pgTable(
  "groupbuy_tiers",
  {
    offerId: text("offer_id")
      .notNull()
      .references(() => groupbuyDeals.offerId, { onDelete: "cascade" }),
    minQuantity: integer("min_quantity").notNull(),
    priceFen: integer("price_fen").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.minQuantity] }),
    check("groupbuy_tiers_min", sql`${t.minQuantity} >= 1`),
    check("groupbuy_tiers_price", sql`${t.priceFen} > 0`),
  ],
);

/**
 * A cooperative's pickup point (团购自提点): where a leader hands out group-buy orders. Region codes
 * are GB/T 2260 as shoppers' addresses use; the leader is an account (any role) who earns
 * `commission_bps` (1/100 of a percent) of what is collected at the point.
 */
export const pickupPoints = pgTable(
  "pickup_points",
  {
    id: text("id").primaryKey(),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provinceCode: text("province_code").notNull(),
    cityCode: text("city_code").notNull(),
    districtCode: text("district_code").notNull(),
    addressLine: text("address_line").notNull(),
    openingHours: text("opening_hours").notNull().default(""),
    leaderUserId: text("leader_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    leaderName: text("leader_name").notNull(),
    leaderMobile: text("leader_mobile").notNull(),
    commissionBps: integer("commission_bps").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("pickup_points_cooperative_idx").on(t.cooperativeId, t.active),
    index("pickup_points_leader_idx").on(t.leaderUserId, t.active),
    check("pickup_points_commission", sql`${t.commissionBps} between 0 and 3000`),
    check(
      "pickup_points_region",
      sql`${t.provinceCode} ~ '^[0-9]{2}$' and ${t.cityCode} ~ '^[0-9]{4}$' and ${t.districtCode} ~ '^[0-9]{6}$' and left(${t.cityCode}, 2) = ${t.provinceCode}`,
    ),
  ],
);

/** Which pickup points a deal offers its joiners. */
export const groupbuyDealPoints = pgTable(
  "groupbuy_deal_points",
  {
    offerId: text("offer_id")
      .notNull()
      .references(() => groupbuyDeals.offerId, { onDelete: "cascade" }),
    pickupPointId: text("pickup_point_id")
      .notNull()
      .references(() => pickupPoints.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.pickupPointId] }),
    index("groupbuy_deal_points_point_idx").on(t.pickupPointId),
  ],
);

/** One shopper's join: its order (channel groupbuy), where it is collected, and its payment's state. */
export const groupbuyJoins = pgTable(
  "groupbuy_joins",
  {
    orderId: text("order_id")
      .primaryKey()
      .references(() => orders.id, { onDelete: "cascade" }),
    offerId: text("offer_id")
      .notNull()
      .references(() => groupbuyDeals.offerId, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    /** Null: home delivery. */
    pickupPointId: text("pickup_point_id").references(() => pickupPoints.id, {
      onDelete: "restrict",
    }),
    /** Six digits the shopper shows the leader; unique at its point among uncollected joins. */
    pickupCode: text("pickup_code"),
    state: text("state", { enum: JOIN_STATES }).notNull().default("pending"),
    collectedAt: timestamp("collected_at", { withTimezone: true }),
    collectedBy: text("collected_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("groupbuy_joins_offer_idx").on(t.offerId, t.state),
    index("groupbuy_joins_point_idx").on(t.pickupPointId, t.state),
    uniqueIndex("groupbuy_joins_pickup_code_idx")
      .on(t.pickupPointId, t.pickupCode)
      .where(sql`${t.collectedAt} is null and ${t.pickupCode} is not null`),
    check("groupbuy_joins_quantity", sql`${t.quantity} > 0`),
    check("groupbuy_joins_state", sql`${t.state} in (${quoted(JOIN_STATES)})`),
    check(
      "groupbuy_joins_pickup_code",
      sql`(${t.pickupCode} is null or (${t.pickupPointId} is not null and ${t.pickupCode} ~ '^[0-9]{6}$'))`,
    ),
    check(
      "groupbuy_joins_collected",
      sql`${t.collectedAt} is null or ${t.pickupPointId} is not null`,
    ),
  ],
);

export type GroupbuyDeal = typeof groupbuyDeals.$inferSelect;
export type GroupbuyTier = typeof groupbuyTiers.$inferSelect;
export type PickupPoint = typeof pickupPoints.$inferSelect;
export type GroupbuyJoin = typeof groupbuyJoins.$inferSelect;
