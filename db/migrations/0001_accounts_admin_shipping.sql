CREATE SEQUENCE "public"."tracking_serial_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 99999999 START WITH 10000000 CACHE 1;--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" text NOT NULL,
	"cooperative_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_user_id_cooperative_id_pk" PRIMARY KEY("user_id","cooperative_id"),
	CONSTRAINT "memberships_role" CHECK ("memberships"."role" in ('owner','staff'))
);
--> statement-breakpoint
CREATE TABLE "password_reset_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'shopper' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role" CHECK ("users"."role" in ('shopper','host','admin')),
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"tracking_number" text NOT NULL,
	"order_id" text,
	"cooperative_id" text,
	"service" text NOT NULL,
	"storage" text NOT NULL,
	"zone" text NOT NULL,
	"origin_province" text NOT NULL,
	"destination_province" text NOT NULL,
	"sender" jsonb NOT NULL,
	"recipient" jsonb NOT NULL,
	"units" jsonb NOT NULL,
	"actual_g" integer NOT NULL,
	"volumetric_g" integer NOT NULL,
	"chargeable_g" integer NOT NULL,
	"price_fen" integer NOT NULL,
	"transit_days" smallint NOT NULL,
	"parcel_index" smallint NOT NULL,
	"parcel_count" smallint NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipments_tracking_number_unique" UNIQUE("tracking_number"),
	CONSTRAINT "shipments_weights" CHECK ("shipments"."actual_g" > 0 and "shipments"."chargeable_g" >= "shipments"."actual_g"),
	CONSTRAINT "shipments_parcel" CHECK ("shipments"."parcel_index" between 1 and "shipments"."parcel_count")
);
--> statement-breakpoint
CREATE TABLE "shipping_services" (
	"service" text PRIMARY KEY NOT NULL,
	"max_parcel_g" integer NOT NULL,
	"volumetric_divisor" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'seed' NOT NULL,
	CONSTRAINT "shipping_services_max" CHECK ("shipping_services"."max_parcel_g" > 0),
	CONSTRAINT "shipping_services_divisor" CHECK ("shipping_services"."volumetric_divisor" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipping_tariffs" (
	"service" text NOT NULL,
	"zone" text NOT NULL,
	"first_fen" integer NOT NULL,
	"step_fen" integer NOT NULL,
	"transit_days" smallint NOT NULL,
	CONSTRAINT "shipping_tariffs_service_zone_pk" PRIMARY KEY("service","zone"),
	CONSTRAINT "shipping_tariffs_zone" CHECK ("shipping_tariffs"."zone" in ('local','regional','national','remote')),
	CONSTRAINT "shipping_tariffs_prices" CHECK ("shipping_tariffs"."first_fen" >= 0 and "shipping_tariffs"."step_fen" >= 0),
	CONSTRAINT "shipping_tariffs_transit" CHECK ("shipping_tariffs"."transit_days" between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shipment_id" text NOT NULL,
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_tariffs" ADD CONSTRAINT "shipping_tariffs_service_shipping_services_service_fk" FOREIGN KEY ("service") REFERENCES "public"."shipping_services"("service") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_outbox_to_idx" ON "mail_outbox" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "memberships_cooperative_idx" ON "memberships" USING btree ("cooperative_id");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_order_parcel_idx" ON "shipments" USING btree ("order_id","cooperative_id","parcel_index");--> statement-breakpoint
CREATE INDEX "shipments_cooperative_idx" ON "shipments" USING btree ("cooperative_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_source_event_idx" ON "tracking_events" USING btree ("source","event_id");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","occurred_at");