ALTER TABLE "sync_jobs" DROP CONSTRAINT "sync_jobs_kind_check";--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "issue_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "price_cents" bigint;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "available" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "unavailable_reason" text;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "cost_edited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "vtex_promotion_id" text;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "issue_error" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "reward_cost_factor" numeric(8, 4) DEFAULT '1' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "expired_coupons_return_points" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "redemptions_due_idx" ON "redemptions" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_vtex_sku_key" ON "rewards" USING btree ("tenant_id","sku_id") WHERE "rewards"."source" = 'vtex';--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_source_check" CHECK ("rewards"."source" in ('manual', 'vtex'));--> statement-breakpoint
ALTER TABLE "sync_jobs" ADD CONSTRAINT "sync_jobs_kind_check" CHECK ("sync_jobs"."kind" in ('customers.import', 'customers.delta', 'orders.import', 'orders.reconcile', 'products.import'));--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_reward_cost_factor_check" CHECK ("tenants"."reward_cost_factor" > 0);