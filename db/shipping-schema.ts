import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { cooperatives } from "./schema";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const SERVICES = ["express", "economy", "cold_chain"] as const;
export type Service = (typeof SERVICES)[number];
export const ZONES = ["local", "regional", "national", "remote"] as const;
export type Zone = (typeof ZONES)[number];
export const TRACKING_EVENT_TYPES = [
  "accepted",
  "departed",
  "arrived",
  "out_for_delivery",
  "delivered",
  "exception",
  "returned",
] as const;
export type TrackingEventType = (typeof TRACKING_EVENT_TYPES)[number];

/** Per-service rules: the tariff table's columns that do not vary by zone. */
export const shippingServices = pgTable(
  "shipping_services",
  {
    service: text("service", { enum: SERVICES }).primaryKey(),
    maxParcelG: integer("max_parcel_g").notNull(),
    volumetricDivisor: integer("volumetric_divisor").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull().default("seed"),
  },
  (t) => [
    check("shipping_services_max", sql`${t.maxParcelG} > 0`),
    check("shipping_services_divisor", sql`${t.volumetricDivisor} > 0`),
  ],
);

/** Price per service and zone; a missing row means the service does not serve that zone. */
export const shippingTariffs = pgTable(
  "shipping_tariffs",
  {
    service: text("service", { enum: SERVICES })
      .notNull()
      .references(() => shippingServices.service, { onDelete: "cascade" }),
    zone: text("zone", { enum: ZONES }).notNull(),
    firstFen: integer("first_fen").notNull(),
    stepFen: integer("step_fen").notNull(),
    transitDays: smallint("transit_days").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.service, t.zone] }),
    check("shipping_tariffs_zone", sql`${t.zone} in ('local','regional','national','remote')`),
    check("shipping_tariffs_prices", sql`${t.firstFen} >= 0 and ${t.stepFen} >= 0`),
    check("shipping_tariffs_transit", sql`${t.transitDays} between 1 and 60`),
  ],
);

/** Serial part of UPU S10 tracking numbers; a sequence is unique across every process. */
export const trackingSerial = pgSequence("tracking_serial_seq", {
  startWith: 10000000,
  minValue: 1,
  maxValue: 99999999,
  increment: 1,
});

/** One parcel. `orderId` stays a plain column until the orders table exists (checkout issue). */
export const shipments = pgTable(
  "shipments",
  {
    id: text("id").primaryKey(),
    trackingNumber: text("tracking_number").notNull().unique(),
    orderId: text("order_id"),
    cooperativeId: text("cooperative_id").references(() => cooperatives.id),
    service: text("service", { enum: SERVICES }).notNull(),
    storage: text("storage", { enum: ["ambient", "chilled"] }).notNull(),
    zone: text("zone", { enum: ZONES }).notNull(),
    originProvince: text("origin_province").notNull(),
    destinationProvince: text("destination_province").notNull(),
    sender: jsonb("sender").notNull(),
    recipient: jsonb("recipient").notNull(),
    units: jsonb("units").notNull(),
    actualG: integer("actual_g").notNull(),
    volumetricG: integer("volumetric_g").notNull(),
    chargeableG: integer("chargeable_g").notNull(),
    priceFen: integer("price_fen").notNull(),
    transitDays: smallint("transit_days").notNull(),
    parcelIndex: smallint("parcel_index").notNull(),
    parcelCount: smallint("parcel_count").notNull(),
    status: text("status").notNull().default("created"),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // One set of parcels per order and cooperative: a retried or concurrent createShipments
    // collides here and reads the set that won instead of creating a second one.
    uniqueIndex("shipments_order_parcel_idx").on(t.orderId, t.cooperativeId, t.parcelIndex),
    index("shipments_cooperative_idx").on(t.cooperativeId, t.createdAt),
    check("shipments_weights", sql`${t.actualG} > 0 and ${t.chargeableG} >= ${t.actualG}`),
    check("shipments_parcel", sql`${t.parcelIndex} between 1 and ${t.parcelCount}`),
  ],
);

/** Tracking timeline; `(source, eventId)` makes a redelivered carrier event a no-op. */
export const trackingEvents = pgTable(
  "tracking_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shipmentId: text("shipment_id")
      .notNull()
      .references(() => shipments.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["carrier", "cooperative"] }).notNull(),
    eventId: text("event_id").notNull(),
    type: text("type", { enum: TRACKING_EVENT_TYPES }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    place: text("place").notNull().default(""),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("tracking_events_source_event_idx").on(t.source, t.eventId),
    index("tracking_events_shipment_idx").on(t.shipmentId, t.occurredAt),
  ],
);

export type ShipmentRow = typeof shipments.$inferSelect;
export type TrackingEventRow = typeof trackingEvents.$inferSelect;
