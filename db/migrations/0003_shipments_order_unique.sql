DROP INDEX "shipments_order_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_order_parcel_idx" ON "shipments" USING btree ("order_id","cooperative_id","parcel_index");