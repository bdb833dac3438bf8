CREATE TABLE "rewards" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"image_url" text,
	"cost" bigint NOT NULL,
	"sku_id" text,
	"discount_cents" bigint,
	"discount_percent" numeric(5, 2),
	"min_order_cents" bigint,
	"active_from" timestamp with time zone,
	"active_until" timestamp with time zone,
	"stock" integer,
	"per_member_limit" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rewards_kind_check" CHECK ("rewards"."kind" in ('product', 'fixed_discount', 'percent_discount', 'free_shipping')),
	CONSTRAINT "rewards_cost_check" CHECK ("rewards"."cost" > 0),
	CONSTRAINT "rewards_stock_check" CHECK ("rewards"."stock" is null or "rewards"."stock" >= 0)
);
--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rewards_sku_idx" ON "rewards" USING btree ("tenant_id","sku_id");