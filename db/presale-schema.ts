import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { orders, payments } from "./orders-schema";
import { cooperatives, harvestBatches, offers, variants } from "./schema";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/** How the deposit is set: a fixed amount (fen), a percent of the line, or the full price. */
export const DEPOSIT_KINDS = ["fixed", "percent", "full"] as const;
export type DepositKind = (typeof DEPOSIT_KINDS)[number];
/** What becomes of an order a short harvest cannot fill when the shopper does not choose. */
export const SHORT_DEFAULTS = ["wait", "cancel"] as const;
export type ShortDefault = (typeof SHORT_DEFAULTS)[number];
/** What becomes of the deposit when a pay link's deadline passes unpaid: refunded, or kept. */
export const LAPSE_DEPOSITS = ["refund", "keep"] as const;
export type LapseDeposit = (typeof LAPSE_DEPOSITS)[number];

/**
 * A presale's terms, one row per `presale` offer (the offer holds the price, the sales window and
 * the cap: the expected yield in packs). The offer's pool does not draw the variant's stock
 * (`offer_levels.draws_stock = false`): the fruit is still on the tree; a harvest release brings it in.
 */
export const presaleTerms = pgTable(
  "presale_terms",
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
    depositKind: text("deposit_kind", { enum: DEPOSIT_KINDS }).notNull(),
    /** fixed: fen per pack; percent: 1–99; full: 0 (unused). */
    depositValue: integer("deposit_value").notNull().default(0),
    harvestFrom: date("harvest_from", { mode: "string" }).notNull(),
    harvestTo: date("harvest_to", { mode: "string" }).notNull(),
    shortDefault: text("short_default", { enum: SHORT_DEFAULTS }).notNull().default("wait"),
    lapseDeposit: text("lapse_deposit", { enum: LAPSE_DEPOSITS }).notNull().default("refund"),
    policyZh: text("policy_zh").notNull().default(""),
    policyEn: text("policy_en").notNull().default(""),
    /** Hours a shopper has to pay a balance from a pay link, or to answer a short-harvest choice. */
    deadlineHours: integer("deadline_hours").notNull().default(48),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("presale_terms_cooperative_idx").on(t.cooperativeId),
    check("presale_terms_deposit_kind", sql`${t.depositKind} in (${quoted(DEPOSIT_KINDS)})`),
    check(
      "presale_terms_deposit_value",
      sql`(${t.depositKind} = 'fixed' and ${t.depositValue} > 0) or (${t.depositKind} = 'percent' and ${t.depositValue} between 1 and 99) or (${t.depositKind} = 'full' and ${t.depositValue} = 0)`,
    ),
    check("presale_terms_harvest", sql`${t.harvestTo} >= ${t.harvestFrom}`),
    check("presale_terms_short_default", sql`${t.shortDefault} in (${quoted(SHORT_DEFAULTS)})`),
    check("presale_terms_lapse_deposit", sql`${t.lapseDeposit} in (${quoted(LAPSE_DEPOSITS)})`),
    check("presale_terms_deadline", sql`${t.deadlineHours} between 1 and 720`),
  ],
);

/**
 * Where one presale order stands:
 * - pending: placed, deposit not paid yet (its units are held in the offer's pool);
 * - waiting: deposit paid, in line for the harvest (`queue_seq` is its place);
 * - offered: a release could fill only part of it; the shopper takes what fits or waits (choice link);
 * - short: the harvest ran out before it; the shopper waits for the next batch or cancels (choice link);
 * - allocated: units from a release are its own; the balance is being charged;
 * - action_needed: the off-session charge needs the shopper (authentication or a decline): pay link;
 * - paid: nothing more to pay; its order is paid and ships;
 * - lapsed: the pay link's deadline passed, its units went to the next in line;
 * - cancelled: cancelled (by the shopper's choice, the default, or the cooperative), money back per policy.
 */
export const PRESALE_STATES = [
  "pending",
  "waiting",
  "offered",
  "short",
  "allocated",
  "action_needed",
  "paid",
  "lapsed",
  "cancelled",
] as const;
export type PresaleState = (typeof PRESALE_STATES)[number];

/** A harvest batch brought in against a presale: so many packs, allocated to waiting orders in order. */
export const presaleReleases = pgTable(
  "presale_releases",
  {
    id: text("id").primaryKey(),
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    harvestBatchId: text("harvest_batch_id")
      .notNull()
      .references(() => harvestBatches.id, { onDelete: "restrict" }),
    /** Packs harvested and brought in. */
    quantity: integer("quantity").notNull(),
    /** Packs given to orders so far (allocated, then paid or passed on). */
    allocated: integer("allocated").notNull().default(0),
    /** allocating: orders being allocated; done: every unit placed or set aside for the next batch. */
    status: text("status", { enum: ["allocating", "done"] })
      .notNull()
      .default("allocating"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("presale_releases_batch_offer_idx").on(t.harvestBatchId, t.offerId),
    index("presale_releases_offer_idx").on(t.offerId, t.createdAt),
    check("presale_releases_quantity", sql`${t.quantity} > 0`),
    check("presale_releases_allocated", sql`${t.allocated} between 0 and ${t.quantity}`),
    check("presale_releases_status", sql`${t.status} in ('allocating','done')`),
  ],
);

/** One presale order's place in line and what it still owes. One row per order (one presale line). */
export const presaleOrders = pgTable(
  "presale_orders",
  {
    orderId: text("order_id")
      .primaryKey()
      .references(() => orders.id, { onDelete: "cascade" }),
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    state: text("state", { enum: PRESALE_STATES }).notNull().default("pending"),
    /** Place in line, taken when the deposit is paid: allocation goes strictly by it. */
    queueSeq: bigint("queue_seq", { mode: "number" }),
    depositFen: integer("deposit_fen").notNull(),
    /** What is left to pay when the fruit ships (items and shipping, less the deposit). */
    balanceFen: integer("balance_fen").notNull(),
    /** The release that allocated it, and how many packs (less than `quantity` when it took what fit). */
    releaseId: text("release_id").references(() => presaleReleases.id),
    allocatedQuantity: integer("allocated_quantity").notNull().default(0),
    /**
     * The release whose partial offer this order turned down to wait for a whole one: that release
     * passes it by (it keeps its place for the next batch) and offers what is left to the next in line.
     */
    passedReleaseId: text("passed_release_id").references(() => presaleReleases.id),
    /** The saved payment method (from the deposit payment) the balance is charged to. */
    depositPaymentId: text("deposit_payment_id").references(() => payments.id),
    balancePaymentId: text("balance_payment_id").references(() => payments.id),
    /** Deadline of the pay link (action_needed) or of the choice (offered, short). */
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    /** sha256 of the token in the choice / pay link sent to the shopper. */
    linkTokenHash: text("link_token_hash"),
    /** What the shopper chose, or the default applied: wait, partial, cancel. */
    choice: text("choice", { enum: ["wait", "partial", "cancel"] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("presale_orders_queue_idx").on(t.offerId, t.queueSeq),
    index("presale_orders_state_idx").on(t.offerId, t.state, t.queueSeq),
    index("presale_orders_deadline_idx").on(t.state, t.deadlineAt),
    index("presale_orders_link_idx").on(t.linkTokenHash),
    check("presale_orders_state", sql`${t.state} in (${quoted(PRESALE_STATES)})`),
    check("presale_orders_quantity", sql`${t.quantity} > 0`),
    check("presale_orders_allocated", sql`${t.allocatedQuantity} between 0 and ${t.quantity}`),
    check("presale_orders_money", sql`${t.depositFen} > 0 and ${t.balanceFen} >= 0`),
  ],
);

/** The place in line: taken from this sequence when a deposit is paid. */
export const presaleQueueSeq = pgSequence("presale_queue_seq");
