import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./auth-schema";
import { orders } from "./orders-schema";
import { cooperatives, offers, products, variants } from "./schema";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const LIVE_PLATFORMS = [
  "douyin",
  "kuaishou",
  "wechat_channels",
  "taobao_live",
  "other",
] as const;
export type LivePlatform = (typeof LIVE_PLATFORMS)[number];
/** draft: being set up; running: started (counting down, live or past its end, by its window); paused; ended early or closed. */
export const SALE_STATUSES = ["draft", "running", "paused", "ended"] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];
/** held: stock held for payment; ordered: an order took the hold; expired / released: back to the pool. */
export const CLAIM_STATUSES = ["held", "ordered", "expired", "released"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** waiting in line; offered: a claim holds a released unit for them; then claimed (ordered), lapsed or left. */
export const WAIT_STATUSES = ["waiting", "offered", "claimed", "lapsed", "left"] as const;
export type WaitStatus = (typeof WAIT_STATUSES)[number];

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/** A cooperative lets a host sell one of its products on air, for a commission on what is paid. */
export const hostApprovals = pgTable(
  "host_approvals",
  {
    id: text("id").primaryKey(),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    hostUserId: text("host_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Commission in basis points of the paid, unrefunded line value. */
    commissionBps: integer("commission_bps").notNull(),
    approvedBy: text("approved_by").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("host_approvals_host_product").on(t.hostUserId, t.productId),
    index("host_approvals_coop_idx").on(t.cooperativeId),
    check("host_approvals_commission", sql`${t.commissionBps} between 0 and 5000`),
  ],
);

export const liveSessions = pgTable(
  "live_sessions",
  {
    id: text("id").primaryKey(),
    hostUserId: text("host_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    platform: text("platform", { enum: LIVE_PLATFORMS }).notNull(),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull(),
    /** The sale the host pinned on air now. */
    pinnedSaleId: text("pinned_sale_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("live_sessions_host_idx").on(t.hostUserId, t.scheduledAt),
    check("live_sessions_platform", sql`${t.platform} in (${quoted(LIVE_PLATFORMS)})`),
  ],
);

/**
 * A flash sale: a flash offer (its price, window, cap and per-shopper limit live on the offer; its
 * stock in the offer's pool) inside a host's session, under an approval, behind a short code.
 */
export const flashSales = pgTable(
  "flash_sales",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => liveSessions.id, { onDelete: "cascade" }),
    approvalId: text("approval_id")
      .notNull()
      .references(() => hostApprovals.id, { onDelete: "restrict" }),
    offerId: text("offer_id")
      .notNull()
      .unique()
      .references(() => offers.id, { onDelete: "restrict" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "restrict" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "restrict" }),
    hostUserId: text("host_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    /** The short link's code (`/l/:code`): unguessable, short enough to read out on air. */
    code: text("code").notNull().unique(),
    /** The approval's rate when the sale was made (a later change does not touch a past sale). */
    commissionBps: integer("commission_bps").notNull(),
    /** How long a claim holds its units for payment. */
    holdSeconds: integer("hold_seconds").notNull().default(300),
    /** Started with a countdown: seconds before it opens, then how long it runs. */
    countdownSeconds: integer("countdown_seconds"),
    durationSeconds: integer("duration_seconds"),
    status: text("status", { enum: SALE_STATUSES }).notNull().default("draft"),
    /** When the pool was closed (what was left went back to the pack's stock). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("flash_sales_session_idx").on(t.sessionId),
    index("flash_sales_status_idx").on(t.status),
    check("flash_sales_status", sql`${t.status} in (${quoted(SALE_STATUSES)})`),
    check("flash_sales_hold", sql`${t.holdSeconds} between 30 and 3600`),
    check("flash_sales_commission", sql`${t.commissionBps} between 0 and 5000`),
    check(
      "flash_sales_countdown",
      sql`${t.countdownSeconds} is null or ${t.countdownSeconds} between 0 and 300`,
    ),
    check(
      "flash_sales_duration",
      sql`${t.durationSeconds} is null or ${t.durationSeconds} between 60 and 86400`,
    ),
  ],
);

/** One shopper's claim in a sale: its units are held (hold owner `claim`, ref = claim id) until paid or lapsed. */
export const liveClaims = pgTable(
  "live_claims",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id")
      .notNull()
      .references(() => flashSales.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    /** `u:<user id>` for an account, `d:<device id>` for a guest's signed device token. */
    shopperKey: text("shopper_key").notNull(),
    userId: text("user_id"),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: CLAIM_STATUSES }).notNull().default("held"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    orderId: text("order_id").references(() => orders.id, { onDelete: "set null" }),
    /** The mobile given at checkout: a guest's per-shopper limit also counts by it. */
    mobile: text("mobile"),
    /** Granted from the waitlist (a released unit offered in line). */
    waitlistId: text("waitlist_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("live_claims_sale_key").on(t.saleId, t.idempotencyKey),
    index("live_claims_shopper_idx").on(t.saleId, t.shopperKey),
    index("live_claims_sale_status_idx").on(t.saleId, t.status),
    check("live_claims_status", sql`${t.status} in (${quoted(CLAIM_STATUSES)})`),
    check("live_claims_quantity", sql`${t.quantity} > 0`),
  ],
);

/** A shopper in line for a sold-out sale; released units are offered in `seq` order. */
export const liveWaitlist = pgTable(
  "live_waitlist",
  {
    id: text("id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    saleId: text("sale_id")
      .notNull()
      .references(() => flashSales.id, { onDelete: "cascade" }),
    shopperKey: text("shopper_key").notNull(),
    userId: text("user_id"),
    quantity: integer("quantity").notNull(),
    /** Where to tell them a unit is theirs for a few minutes. */
    email: text("email"),
    mobile: text("mobile"),
    status: text("status", { enum: WAIT_STATUSES }).notNull().default("waiting"),
    claimId: text("claim_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("live_waitlist_sale_idx").on(t.saleId, t.status, t.seq),
    uniqueIndex("live_waitlist_one_place")
      .on(t.saleId, t.shopperKey)
      .where(sql`${t.status} in ('waiting','offered')`),
    check("live_waitlist_status", sql`${t.status} in (${quoted(WAIT_STATUSES)})`),
    check("live_waitlist_quantity", sql`${t.quantity} > 0`),
  ],
);

export type HostApproval = typeof hostApprovals.$inferSelect;
export type LiveSession = typeof liveSessions.$inferSelect;
export type FlashSale = typeof flashSales.$inferSelect;
export type LiveClaim = typeof liveClaims.$inferSelect;
export type WaitlistEntry = typeof liveWaitlist.$inferSelect;
