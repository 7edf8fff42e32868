CREATE TABLE "flash_sales" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"approval_id" text NOT NULL,
	"offer_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"cooperative_id" text NOT NULL,
	"host_user_id" text NOT NULL,
	"code" text NOT NULL,
	"commission_bps" integer NOT NULL,
	"hold_seconds" integer DEFAULT 300 NOT NULL,
	"countdown_seconds" integer,
	"duration_seconds" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flash_sales_offer_id_unique" UNIQUE("offer_id"),
	CONSTRAINT "flash_sales_code_unique" UNIQUE("code"),
	CONSTRAINT "flash_sales_status" CHECK ("flash_sales"."status" in ('draft','running','paused','ended')),
	CONSTRAINT "flash_sales_hold" CHECK ("flash_sales"."hold_seconds" between 30 and 3600),
	CONSTRAINT "flash_sales_commission" CHECK ("flash_sales"."commission_bps" between 0 and 5000),
	CONSTRAINT "flash_sales_countdown" CHECK ("flash_sales"."countdown_seconds" is null or "flash_sales"."countdown_seconds" between 0 and 300),
	CONSTRAINT "flash_sales_duration" CHECK ("flash_sales"."duration_seconds" is null or "flash_sales"."duration_seconds" between 60 and 86400)
);
--> statement-breakpoint
CREATE TABLE "host_approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"cooperative_id" text NOT NULL,
	"host_user_id" text NOT NULL,
	"product_id" text NOT NULL,
	"commission_bps" integer NOT NULL,
	"approved_by" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "host_approvals_commission" CHECK ("host_approvals"."commission_bps" between 0 and 5000)
);
--> statement-breakpoint
CREATE TABLE "live_claims" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"shopper_key" text NOT NULL,
	"user_id" text,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"order_id" text,
	"mobile" text,
	"waitlist_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_claims_status" CHECK ("live_claims"."status" in ('held','ordered','expired','released')),
	CONSTRAINT "live_claims_quantity" CHECK ("live_claims"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "live_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"host_user_id" text NOT NULL,
	"title" text NOT NULL,
	"platform" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"pinned_sale_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_sessions_platform" CHECK ("live_sessions"."platform" in ('douyin','kuaishou','wechat_channels','taobao_live','other'))
);
--> statement-breakpoint
CREATE TABLE "live_waitlist" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"sale_id" text NOT NULL,
	"shopper_key" text NOT NULL,
	"user_id" text,
	"quantity" integer NOT NULL,
	"email" text,
	"mobile" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"claim_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_waitlist_status" CHECK ("live_waitlist"."status" in ('waiting','offered','claimed','lapsed','left')),
	CONSTRAINT "live_waitlist_quantity" CHECK ("live_waitlist"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_approval_id_host_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."host_approvals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_sales" ADD CONSTRAINT "flash_sales_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_approvals" ADD CONSTRAINT "host_approvals_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_approvals" ADD CONSTRAINT "host_approvals_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_approvals" ADD CONSTRAINT "host_approvals_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_claims" ADD CONSTRAINT "live_claims_sale_id_flash_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."flash_sales"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_claims" ADD CONSTRAINT "live_claims_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_sessions" ADD CONSTRAINT "live_sessions_host_user_id_users_id_fk" FOREIGN KEY ("host_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_waitlist" ADD CONSTRAINT "live_waitlist_sale_id_flash_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."flash_sales"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flash_sales_session_idx" ON "flash_sales" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "flash_sales_status_idx" ON "flash_sales" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "host_approvals_host_product" ON "host_approvals" USING btree ("host_user_id","product_id");--> statement-breakpoint
CREATE INDEX "host_approvals_coop_idx" ON "host_approvals" USING btree ("cooperative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_claims_sale_key" ON "live_claims" USING btree ("sale_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "live_claims_shopper_idx" ON "live_claims" USING btree ("sale_id","shopper_key");--> statement-breakpoint
CREATE INDEX "live_claims_sale_status_idx" ON "live_claims" USING btree ("sale_id","status");--> statement-breakpoint
CREATE INDEX "live_sessions_host_idx" ON "live_sessions" USING btree ("host_user_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "live_waitlist_sale_idx" ON "live_waitlist" USING btree ("sale_id","status","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "live_waitlist_one_place" ON "live_waitlist" USING btree ("sale_id","shopper_key") WHERE "live_waitlist"."status" in ('waiting','offered');