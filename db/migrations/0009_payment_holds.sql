ALTER TABLE "orders" DROP CONSTRAINT "orders_status";--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "captured_fen" integer;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status" CHECK ("orders"."status" in ('pending_payment','deposit_paid','payment_held','paid','fulfilling','shipped','delivered','cancelled','refunded'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_status" CHECK ("payments"."status" in ('pending','authorized','succeeded','failed','cancelled','voided'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_captured" CHECK ("payments"."captured_fen" between 1 and "payments"."amount_fen");