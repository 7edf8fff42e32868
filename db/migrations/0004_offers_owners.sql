CREATE TABLE "offers" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"kind" text NOT NULL,
	"price_fen" integer NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"cap" integer,
	"per_shopper_limit" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_kind" CHECK ("offers"."kind" in ('standard','flash','presale','groupbuy')),
	CONSTRAINT "offers_status" CHECK ("offers"."status" in ('active','paused','ended')),
	CONSTRAINT "offers_price" CHECK ("offers"."price_fen" >= 0),
	CONSTRAINT "offers_cap" CHECK ("offers"."cap" is null or "offers"."cap" >= 0),
	CONSTRAINT "offers_per_shopper" CHECK ("offers"."per_shopper_limit" is null or "offers"."per_shopper_limit" > 0),
	CONSTRAINT "offers_window" CHECK ("offers"."starts_at" is null or "offers"."ends_at" is null or "offers"."ends_at" > "offers"."starts_at"),
	CONSTRAINT "offers_standard_uncapped" CHECK ("offers"."kind" <> 'standard' or ("offers"."cap" is null and "offers"."starts_at" is null and "offers"."ends_at" is null))
);
--> statement-breakpoint
CREATE TABLE "offer_levels" (
	"offer_id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"cap" integer DEFAULT 0 NOT NULL,
	"available" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offer_levels_nonnegative" CHECK ("offer_levels"."available" >= 0 and "offer_levels"."reserved" >= 0 and "offer_levels"."sold" >= 0),
	CONSTRAINT "offer_levels_balanced" CHECK ("offer_levels"."cap" = "offer_levels"."available" + "offer_levels"."reserved" + "offer_levels"."sold")
);
--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_levels" ADD CONSTRAINT "offer_levels_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_levels" ADD CONSTRAINT "offer_levels_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_levels_variant_idx" ON "offer_levels" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "offers_variant_idx" ON "offers" USING btree ("variant_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_standard_unique" ON "offers" USING btree ("variant_id") WHERE "offers"."kind" = 'standard';--> statement-breakpoint
-- Every variant's standard offer follows its price, on every write path (admin form, bulk edit,
-- CSV import, seed), in the writer's own transaction.
CREATE FUNCTION "variants_standard_offer"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "offers" ("id", "variant_id", "kind", "price_fen")
	VALUES ('ofr_' || replace(gen_random_uuid()::text, '-', ''), NEW."id", 'standard', NEW."price_fen")
	ON CONFLICT ("variant_id") WHERE "kind" = 'standard'
	DO UPDATE SET "price_fen" = EXCLUDED."price_fen", "updated_at" = now()
	WHERE "offers"."price_fen" IS DISTINCT FROM EXCLUDED."price_fen";
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "variants_standard_offer" AFTER INSERT OR UPDATE OF "price_fen" ON "variants"
	FOR EACH ROW EXECUTE FUNCTION "variants_standard_offer"();--> statement-breakpoint
INSERT INTO "offers" ("id", "variant_id", "kind", "price_fen")
	SELECT 'ofr_' || replace(gen_random_uuid()::text, '-', ''), "id", 'standard', "price_fen" FROM "variants";--> statement-breakpoint
ALTER TABLE "cart_lines" ADD COLUMN "offer_id" text;--> statement-breakpoint
UPDATE "cart_lines" SET "offer_id" = o."id" FROM "offers" o WHERE o."variant_id" = "cart_lines"."variant_id" AND o."kind" = 'standard';--> statement-breakpoint
ALTER TABLE "cart_lines" ALTER COLUMN "offer_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cart_lines" DROP CONSTRAINT "cart_lines_cart_id_variant_id_pk";--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_cart_id_offer_id_pk" PRIMARY KEY("cart_id","offer_id");--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_ledger" ADD COLUMN "offer_id" text;--> statement-breakpoint
CREATE INDEX "inventory_ledger_offer_idx" ON "inventory_ledger" USING btree ("offer_id") WHERE "inventory_ledger"."offer_id" is not null;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD COLUMN "offer_id" text;--> statement-breakpoint
UPDATE "inventory_reservations" SET "offer_id" = o."id" FROM "offers" o WHERE o."variant_id" = "inventory_reservations"."variant_id" AND o."kind" = 'standard';--> statement-breakpoint
ALTER TABLE "inventory_reservations" ALTER COLUMN "offer_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD COLUMN "owner_kind" text DEFAULT 'order' NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ALTER COLUMN "expires_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_reservations" ADD CONSTRAINT "inventory_reservations_owner_kind" CHECK ("inventory_reservations"."owner_kind" ~ '^[a-z][a-z_]{0,39}$');--> statement-breakpoint
DROP INDEX "inventory_reservations_ref_variant_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "inventory_reservations_ref_offer_idx" ON "inventory_reservations" USING btree ("ref","offer_id");--> statement-breakpoint
CREATE INDEX "inventory_reservations_ref_variant_idx" ON "inventory_reservations" USING btree ("ref","variant_id");--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "reserved_until" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "offer_id" text;--> statement-breakpoint
UPDATE "order_lines" SET "offer_id" = o."id" FROM "offers" o WHERE o."variant_id" = "order_lines"."variant_id" AND o."kind" = 'standard';--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "offer_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "offer_kind" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "source_ref" text;
