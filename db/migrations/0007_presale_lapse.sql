ALTER TABLE "presale_terms" ADD COLUMN "lapse_deposit" text DEFAULT 'refund' NOT NULL;--> statement-breakpoint
CREATE INDEX "presale_orders_link_idx" ON "presale_orders" USING btree ("link_token_hash");--> statement-breakpoint
ALTER TABLE "presale_terms" ADD CONSTRAINT "presale_terms_lapse_deposit" CHECK ("presale_terms"."lapse_deposit" in ('refund','keep'));