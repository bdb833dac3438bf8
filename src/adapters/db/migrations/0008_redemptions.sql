CREATE TABLE "redemptions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"reward_id" text NOT NULL,
	"status" text NOT NULL,
	"cost" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"reward" jsonb NOT NULL,
	"coupon_code" text,
	"coupon_expires_at" timestamp with time zone,
	"reason" text,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "redemptions_status_check" CHECK ("redemptions"."status" in ('pending_approval', 'issuing', 'issued', 'rejected', 'failed', 'cancelled', 'used', 'expired'))
);
--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_idempotency_key" ON "redemptions" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_coupon_key" ON "redemptions" USING btree ("tenant_id","coupon_code");--> statement-breakpoint
CREATE INDEX "redemptions_member_reward_idx" ON "redemptions" USING btree ("tenant_id","member_id","reward_id");--> statement-breakpoint
CREATE INDEX "redemptions_status_idx" ON "redemptions" USING btree ("tenant_id","status","id");