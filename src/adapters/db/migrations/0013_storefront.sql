ALTER TABLE "tenants" ADD COLUMN "public_key" text DEFAULT ('pk_' || md5(random()::text || clock_timestamp()::text)) NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "rules_text" text;--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_public_key" ON "tenants" USING btree ("public_key");