CREATE SEQUENCE "public"."presale_queue_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "presale_orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"offer_id" text NOT NULL,
	"cooperative_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"queue_seq" bigint,
	"deposit_fen" integer NOT NULL,
	"balance_fen" integer NOT NULL,
	"release_id" text,
	"allocated_quantity" integer DEFAULT 0 NOT NULL,
	"deposit_payment_id" text,
	"balance_payment_id" text,
	"deadline_at" timestamp with time zone,
	"link_token_hash" text,
	"choice" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presale_orders_state" CHECK ("presale_orders"."state" in ('pending','waiting','offered','short','allocated','action_needed','paid','lapsed','cancelled')),
	CONSTRAINT "presale_orders_quantity" CHECK ("presale_orders"."quantity" > 0),
	CONSTRAINT "presale_orders_allocated" CHECK ("presale_orders"."allocated_quantity" between 0 and "presale_orders"."quantity"),
	CONSTRAINT "presale_orders_money" CHECK ("presale_orders"."deposit_fen" > 0 and "presale_orders"."balance_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "presale_releases" (
	"id" text PRIMARY KEY NOT NULL,
	"offer_id" text NOT NULL,
	"cooperative_id" text NOT NULL,
	"harvest_batch_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"allocated" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'allocating' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presale_releases_quantity" CHECK ("presale_releases"."quantity" > 0),
	CONSTRAINT "presale_releases_allocated" CHECK ("presale_releases"."allocated" between 0 and "presale_releases"."quantity"),
	CONSTRAINT "presale_releases_status" CHECK ("presale_releases"."status" in ('allocating','done'))
);
--> statement-breakpoint
CREATE TABLE "presale_terms" (
	"offer_id" text PRIMARY KEY NOT NULL,
	"cooperative_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"deposit_kind" text NOT NULL,
	"deposit_value" integer DEFAULT 0 NOT NULL,
	"harvest_from" date NOT NULL,
	"harvest_to" date NOT NULL,
	"short_default" text DEFAULT 'wait' NOT NULL,
	"policy_zh" text DEFAULT '' NOT NULL,
	"policy_en" text DEFAULT '' NOT NULL,
	"deadline_hours" integer DEFAULT 48 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presale_terms_deposit_kind" CHECK ("presale_terms"."deposit_kind" in ('fixed','percent','full')),
	CONSTRAINT "presale_terms_deposit_value" CHECK (("presale_terms"."deposit_kind" = 'fixed' and "presale_terms"."deposit_value" > 0) or ("presale_terms"."deposit_kind" = 'percent' and "presale_terms"."deposit_value" between 1 and 99) or ("presale_terms"."deposit_kind" = 'full' and "presale_terms"."deposit_value" = 0)),
	CONSTRAINT "presale_terms_harvest" CHECK ("presale_terms"."harvest_to" >= "presale_terms"."harvest_from"),
	CONSTRAINT "presale_terms_short_default" CHECK ("presale_terms"."short_default" in ('wait','cancel')),
	CONSTRAINT "presale_terms_deadline" CHECK ("presale_terms"."deadline_hours" between 1 and 720)
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status";--> statement-breakpoint
ALTER TABLE "offer_levels" ADD COLUMN "draws_stock" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "purpose" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "off_session" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "customer_ref" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "method_ref" text;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_release_id_presale_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."presale_releases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_deposit_payment_id_payments_id_fk" FOREIGN KEY ("deposit_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_balance_payment_id_payments_id_fk" FOREIGN KEY ("balance_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_releases" ADD CONSTRAINT "presale_releases_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_releases" ADD CONSTRAINT "presale_releases_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_releases" ADD CONSTRAINT "presale_releases_harvest_batch_id_harvest_batches_id_fk" FOREIGN KEY ("harvest_batch_id") REFERENCES "public"."harvest_batches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_terms" ADD CONSTRAINT "presale_terms_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_terms" ADD CONSTRAINT "presale_terms_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_terms" ADD CONSTRAINT "presale_terms_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "presale_orders_queue_idx" ON "presale_orders" USING btree ("offer_id","queue_seq");--> statement-breakpoint
CREATE INDEX "presale_orders_state_idx" ON "presale_orders" USING btree ("offer_id","state","queue_seq");--> statement-breakpoint
CREATE INDEX "presale_orders_deadline_idx" ON "presale_orders" USING btree ("state","deadline_at");--> statement-breakpoint
CREATE UNIQUE INDEX "presale_releases_batch_offer_idx" ON "presale_releases" USING btree ("harvest_batch_id","offer_id");--> statement-breakpoint
CREATE INDEX "presale_releases_offer_idx" ON "presale_releases" USING btree ("offer_id","created_at");--> statement-breakpoint
CREATE INDEX "presale_terms_cooperative_idx" ON "presale_terms" USING btree ("cooperative_id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status" CHECK ("orders"."status" in ('pending_payment','deposit_paid','paid','fulfilling','shipped','delivered','cancelled','refunded'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_purpose" CHECK ("payments"."purpose" in ('full','deposit','balance','authorization'));