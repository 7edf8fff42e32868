CREATE TABLE "groupbuy_deal_points" (
	"offer_id" text NOT NULL,
	"pickup_point_id" text NOT NULL,
	CONSTRAINT "groupbuy_deal_points_offer_id_pickup_point_id_pk" PRIMARY KEY("offer_id","pickup_point_id")
);
--> statement-breakpoint
CREATE TABLE "groupbuy_deals" (
	"offer_id" text PRIMARY KEY NOT NULL,
	"cooperative_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"min_quantity" integer NOT NULL,
	"max_quantity" integer NOT NULL,
	"hold_mode" text NOT NULL,
	"allow_home_delivery" boolean DEFAULT false NOT NULL,
	"share_code" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"reached_quantity" integer DEFAULT 0 NOT NULL,
	"settled_price_fen" integer,
	"settled_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groupbuy_deals_quantities" CHECK ("groupbuy_deals"."min_quantity" between 1 and "groupbuy_deals"."max_quantity"),
	CONSTRAINT "groupbuy_deals_hold_mode" CHECK ("groupbuy_deals"."hold_mode" in ('authorize','charge')),
	CONSTRAINT "groupbuy_deals_state" CHECK ("groupbuy_deals"."state" in ('open','settling','succeeded','failed')),
	CONSTRAINT "groupbuy_deals_reached" CHECK ("groupbuy_deals"."reached_quantity" >= 0),
	CONSTRAINT "groupbuy_deals_settled_price" CHECK ("groupbuy_deals"."settled_price_fen" is null or "groupbuy_deals"."settled_price_fen" > 0),
	CONSTRAINT "groupbuy_deals_share_code" CHECK ("groupbuy_deals"."share_code" ~ '^[2-9a-hjkmnp-z]{8}$')
);
--> statement-breakpoint
CREATE TABLE "groupbuy_joins" (
	"order_id" text PRIMARY KEY NOT NULL,
	"offer_id" text NOT NULL,
	"cooperative_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"pickup_point_id" text,
	"pickup_code" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"collected_at" timestamp with time zone,
	"collected_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groupbuy_joins_quantity" CHECK ("groupbuy_joins"."quantity" > 0),
	CONSTRAINT "groupbuy_joins_state" CHECK ("groupbuy_joins"."state" in ('pending','held','captured','voided','cancelled')),
	CONSTRAINT "groupbuy_joins_pickup_code" CHECK (("groupbuy_joins"."pickup_code" is null or ("groupbuy_joins"."pickup_point_id" is not null and "groupbuy_joins"."pickup_code" ~ '^[0-9]{6}$'))),
	CONSTRAINT "groupbuy_joins_collected" CHECK ("groupbuy_joins"."collected_at" is null or "groupbuy_joins"."pickup_point_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "groupbuy_tiers" (
	"offer_id" text NOT NULL,
	"min_quantity" integer NOT NULL,
	"price_fen" integer NOT NULL,
	CONSTRAINT "groupbuy_tiers_offer_id_min_quantity_pk" PRIMARY KEY("offer_id","min_quantity"),
	CONSTRAINT "groupbuy_tiers_min" CHECK ("groupbuy_tiers"."min_quantity" >= 1),
	CONSTRAINT "groupbuy_tiers_price" CHECK ("groupbuy_tiers"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "pickup_points" (
	"id" text PRIMARY KEY NOT NULL,
	"cooperative_id" text NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"city_code" text NOT NULL,
	"district_code" text NOT NULL,
	"address_line" text NOT NULL,
	"opening_hours" text DEFAULT '' NOT NULL,
	"leader_user_id" text NOT NULL,
	"leader_name" text NOT NULL,
	"leader_mobile" text NOT NULL,
	"commission_bps" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pickup_points_commission" CHECK ("pickup_points"."commission_bps" between 0 and 3000),
	CONSTRAINT "pickup_points_region" CHECK ("pickup_points"."province_code" ~ '^[0-9]{2}$' and "pickup_points"."city_code" ~ '^[0-9]{4}$' and "pickup_points"."district_code" ~ '^[0-9]{6}$' and left("pickup_points"."city_code", 2) = "pickup_points"."province_code")
);
--> statement-breakpoint
ALTER TABLE "groupbuy_deal_points" ADD CONSTRAINT "groupbuy_deal_points_offer_id_groupbuy_deals_offer_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."groupbuy_deals"("offer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_deal_points" ADD CONSTRAINT "groupbuy_deal_points_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_deals" ADD CONSTRAINT "groupbuy_deals_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_deals" ADD CONSTRAINT "groupbuy_deals_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_deals" ADD CONSTRAINT "groupbuy_deals_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_joins" ADD CONSTRAINT "groupbuy_joins_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_joins" ADD CONSTRAINT "groupbuy_joins_offer_id_groupbuy_deals_offer_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."groupbuy_deals"("offer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_joins" ADD CONSTRAINT "groupbuy_joins_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_joins" ADD CONSTRAINT "groupbuy_joins_pickup_point_id_pickup_points_id_fk" FOREIGN KEY ("pickup_point_id") REFERENCES "public"."pickup_points"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groupbuy_tiers" ADD CONSTRAINT "groupbuy_tiers_offer_id_groupbuy_deals_offer_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."groupbuy_deals"("offer_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD CONSTRAINT "pickup_points_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_points" ADD CONSTRAINT "pickup_points_leader_user_id_users_id_fk" FOREIGN KEY ("leader_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "groupbuy_deal_points_point_idx" ON "groupbuy_deal_points" USING btree ("pickup_point_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groupbuy_deals_share_code_idx" ON "groupbuy_deals" USING btree ("share_code");--> statement-breakpoint
CREATE INDEX "groupbuy_deals_cooperative_idx" ON "groupbuy_deals" USING btree ("cooperative_id","created_at");--> statement-breakpoint
CREATE INDEX "groupbuy_deals_state_idx" ON "groupbuy_deals" USING btree ("state");--> statement-breakpoint
CREATE INDEX "groupbuy_joins_offer_idx" ON "groupbuy_joins" USING btree ("offer_id","state");--> statement-breakpoint
CREATE INDEX "groupbuy_joins_point_idx" ON "groupbuy_joins" USING btree ("pickup_point_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "groupbuy_joins_pickup_code_idx" ON "groupbuy_joins" USING btree ("pickup_point_id","pickup_code") WHERE "groupbuy_joins"."collected_at" is null and "groupbuy_joins"."pickup_code" is not null;--> statement-breakpoint
CREATE INDEX "pickup_points_cooperative_idx" ON "pickup_points" USING btree ("cooperative_id","active");--> statement-breakpoint
CREATE INDEX "pickup_points_leader_idx" ON "pickup_points" USING btree ("leader_user_id","active");