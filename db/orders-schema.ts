import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./auth-schema";
import { AMBIENT_SERVICES, CHANNELS, ORDER_STATUSES } from "./order-values";
import { cooperatives, OFFER_KINDS, offers, products, variants } from "./schema";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

// The lists live in a module without drizzle so client code (the admin order filters) can use them.
export {
  AMBIENT_SERVICES,
  CHANNELS,
  ORDER_STATUSES,
  type AmbientService,
  type Channel,
  type OrderStatus,
} from "./order-values";
/**
 * How an order reaches its shopper: `ship` (its own parcels to the recipient), or `pickup` (a
 * group join collected at a pickup point: it travels in the point's one consolidated shipment,
 * whose freight is the cooperative's, so the order itself pays no shipping).
 */
export const DELIVERIES = ["ship", "pickup"] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const PAYMENT_PROVIDERS = ["simulated", "stripe"] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/** A delivery address in mainland China, as the shopper entered it (codes are GB/T 2260). */
export interface DeliveryAddress {
  name: string;
  mobile: string;
  province: string;
  cityCode: string;
  city: string;
  districtCode: string;
  district: string;
  detail: string;
  postcode?: string;
}

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/**
 * One checkout. Lines, the per-cooperative split and every status change hang off it. `code` is
 * what the shopper sees and types into the guest lookup; `id` is the opaque key in URLs.
 */
export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull().unique(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Contact for a guest (and a copy of the account's email for a signed-in shopper). */
    email: text("email"),
    mobile: text("mobile"),
    recipient: jsonb("recipient").$type<DeliveryAddress>().notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull().default("standard"),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending_payment"),
    ambientService: text("ambient_service", { enum: AMBIENT_SERVICES })
      .notNull()
      .default("express"),
    delivery: text("delivery", { enum: DELIVERIES }).notNull().default("ship"),
    currency: text("currency").notNull().default("CNY"),
    itemsFen: integer("items_fen").notNull(),
    shippingFen: integer("shipping_fen").notNull(),
    totalFen: integer("total_fen").notNull(),
    refundedFen: integer("refunded_fen").notNull().default(0),
    paymentProvider: text("payment_provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    /** The checkout form's one-time token: a second submit of the same form finds this order. */
    submitKey: text("submit_key").notNull().unique(),
    cartId: text("cart_id"),
    /** What else the lines came from (a flash-sale claim, a group join…): a resent submit is answered to it. */
    sourceRef: text("source_ref"),
    /** Stock is held until then; an unpaid order is cancelled and its stock released after it. Null: held until released. */
    reservedUntil: timestamp("reserved_until", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("orders_user_idx").on(t.userId, t.createdAt),
    index("orders_status_idx").on(t.status, t.createdAt),
    // The dashboard's "paid today": a day's orders by range, not a scan of every order.
    index("orders_paid_idx").on(t.paidAt),
    check("orders_status", sql`${t.status} in (${quoted(ORDER_STATUSES)})`),
    check("orders_channel", sql`${t.channel} in (${quoted(CHANNELS)})`),
    check("orders_delivery", sql`${t.delivery} in (${quoted(DELIVERIES)})`),
    check(
      "orders_money",
      sql`${t.itemsFen} >= 0 and ${t.shippingFen} >= 0 and ${t.totalFen} = ${t.itemsFen} + ${t.shippingFen}`,
    ),
    check("orders_refunded", sql`${t.refundedFen} between 0 and ${t.totalFen}`),
    check(
      "orders_contact",
      sql`${t.userId} is not null or ${t.email} is not null or ${t.mobile} is not null`,
    ),
  ],
);

/** A snapshot of what was bought: later catalog edits never change a placed order. */
export const orderLines = pgTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    lineNo: smallint("line_no").notNull(),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    /** The offer that priced the line (standard, flash, presale, group-buy). */
    offerId: text("offer_id")
      .notNull()
      .references(() => offers.id),
    offerKind: text("offer_kind", { enum: OFFER_KINDS }).notNull().default("standard"),
    sku: text("sku").notNull(),
    productNameZh: text("product_name_zh").notNull(),
    productNameEn: text("product_name_en").notNull(),
    variantLabelZh: text("variant_label_zh").notNull(),
    variantLabelEn: text("variant_label_en").notNull(),
    storage: text("storage", { enum: ["ambient", "chilled"] }).notNull(),
    shelfLifeDays: smallint("shelf_life_days").notNull(),
    shippingWeightG: integer("shipping_weight_g").notNull(),
    lengthMm: integer("length_mm").notNull(),
    widthMm: integer("width_mm").notNull(),
    heightMm: integer("height_mm").notNull(),
    priceFen: integer("price_fen").notNull(),
    quantity: integer("quantity").notNull(),
    lineFen: integer("line_fen").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    index("order_lines_cooperative_idx").on(t.cooperativeId, t.orderId),
    check("order_lines_quantity", sql`${t.quantity} > 0`),
    check(
      "order_lines_money",
      sql`${t.priceFen} >= 0 and ${t.lineFen} = ${t.priceFen} * ${t.quantity}`,
    ),
  ],
);

/**
 * Each cooperative's part of an order: what it ships, what shipping was charged for it, and what
 * it is owed (its lines minus the platform fee). A cooperative cancels or refunds only its part.
 */
export const orderParts = pgTable(
  "order_parts",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id")
      .notNull()
      .references(() => cooperatives.id),
    status: text("status", { enum: ["open", "cancelled"] })
      .notNull()
      .default("open"),
    itemsFen: integer("items_fen").notNull(),
    shippingFen: integer("shipping_fen").notNull(),
    /** The fee rate when the order was placed, in basis points (500 = 5 %). */
    platformFeeBps: integer("platform_fee_bps").notNull(),
    platformFeeFen: integer("platform_fee_fen").notNull(),
    payoutFen: integer("payout_fen").notNull(),
    refundedFen: integer("refunded_fen").notNull().default(0),
    /** Parcels the quote planned; the shipments themselves are created once the order is paid. */
    plannedParcels: smallint("planned_parcels").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.cooperativeId] }),
    index("order_parts_cooperative_idx").on(t.cooperativeId),
    check(
      "order_parts_money",
      sql`${t.itemsFen} >= 0 and ${t.shippingFen} >= 0 and ${t.platformFeeFen} >= 0 and ${t.payoutFen} = ${t.itemsFen} - ${t.platformFeeFen}`,
    ),
    check(
      "order_parts_refunded",
      sql`${t.refundedFen} between 0 and ${t.itemsFen} + ${t.shippingFen}`,
    ),
    check("order_parts_fee", sql`${t.platformFeeBps} between 0 and 10000`),
  ],
);

/** Every status change and money event, with who did it and when. Append-only. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    toStatus: text("to_status", { enum: ORDER_STATUSES }).notNull(),
    /** What happened: submitted, paid, payment_failed, expired, shipments_created, cancelled, refund, … */
    event: text("event").notNull(),
    /** A user id, or `system`, `shopper`, `stripe`, `simulated`, `job:<kind>`. */
    actor: text("actor").notNull(),
    cooperativeId: text("cooperative_id"),
    amountFen: integer("amount_fen"),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.id)],
);

/**
 * pending → succeeded (money taken) | failed | cancelled; a manual-capture hold (a group-buy join):
 * pending → authorized → succeeded (captured, perhaps for less: `captured_fen`) | voided.
 */
export const PAYMENT_STATUSES = [
  "pending",
  "authorized",
  "succeeded",
  "failed",
  "cancelled",
  "voided",
] as const;
/** What a payment is for: the whole order, a presale's deposit or balance, a group-buy's hold. */
export const PAYMENT_PURPOSES = ["full", "deposit", "balance", "authorization"] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One payment attempt at the provider (a Stripe Checkout Session, a simulated payment). */
export const payments = pgTable(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    /** The provider's id for it (cs_…, sim_…); the provider's charge id once paid. */
    providerRef: text("provider_ref").unique(),
    providerPaymentRef: text("provider_payment_ref"),
    amountFen: integer("amount_fen").notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    failureCode: text("failure_code"),
    purpose: text("purpose", { enum: PAYMENT_PURPOSES }).notNull().default("full"),
    /** Charged without the shopper present, to a method saved earlier (a presale balance). */
    offSession: boolean("off_session").notNull().default(false),
    /** The method this payment saved for later off-session charges (a deposit): the provider's customer and method ids. */
    customerRef: text("customer_ref"),
    methodRef: text("method_ref"),
    /** A hold's captured amount (at most `amount_fen`, what was authorized); null until captured. */
    capturedFen: integer("captured_fen"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    check("payments_amount", sql`${t.amountFen} > 0`),
    check("payments_purpose", sql`${t.purpose} in (${quoted(PAYMENT_PURPOSES)})`),
    check("payments_status", sql`${t.status} in (${quoted(PAYMENT_STATUSES)})`),
    check("payments_captured", sql`${t.capturedFen} between 1 and ${t.amountFen}`),
  ],
);

export const refunds = pgTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    cooperativeId: text("cooperative_id").references(() => cooperatives.id),
    amountFen: integer("amount_fen").notNull(),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    /**
     * The payment it gives money back from: a provider refunds at most what that payment captured,
     * so each payment's refunds are counted against it. Null on rows made before it was recorded.
     */
    paymentId: text("payment_id").references(() => payments.id),
    providerRef: text("provider_ref"),
    status: text("status", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    reason: text("reason").notNull().default(""),
    actor: text("actor").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("refunds_order_idx").on(t.orderId),
    check("refunds_amount", sql`${t.amountFen} > 0`),
  ],
);

/** Provider webhook events already handled: a redelivery of the same id changes nothing. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

export const NOTIFICATION_KINDS = [
  "order_confirmation",
  "order_shipped",
  "order_cancelled",
  "order_refunded",
  "presale_deposit",
  "presale_action_needed",
  "presale_short",
  "presale_offered",
  "groupbuy_succeeded",
  "groupbuy_failed",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Messages to shoppers. A row is written in the transaction that caused it (so a rolled-back
 * payment sends nothing) and `dedupe_key` keeps a retried job from writing it twice; a transport
 * delivers it later and sets `sent_at`.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: text("order_id").references(() => orders.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("notifications_order_idx").on(t.orderId, t.id)],
);

/**
 * Durable background work. A job is written in the same transaction as the change that needs it
 * and claimed with `FOR UPDATE SKIP LOCKED`, so several processes share the queue; a claim is a
 * lease (`locked_until`), so work held by a process that died is taken up again when it lapses.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    /** At most one live job per key (e.g. `create_shipments:<orderId>`). */
    dedupeKey: text("dedupe_key").unique(),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(10),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
  },
  (t) => [
    // (run_at, id): the claim's order, strict first-in first-out among one transaction's jobs,
    // read straight off the index.
    index("jobs_due_idx")
      .on(t.runAt, t.id)
      .where(sql`${t.doneAt} is null and ${t.failedAt} is null`),
  ],
);

/** The last address a signed-in shopper used, offered again at their next checkout. */
export const shopperAddresses = pgTable("shopper_addresses", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  address: jsonb("address").$type<DeliveryAddress>().notNull(),
  updatedAt: updatedAt(),
});

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderPartRow = typeof orderParts.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
