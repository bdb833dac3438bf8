CREATE TABLE "api_keys" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "earn_lots" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"earning_id" text,
	"amount" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earn_lots_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "earn_lots_remaining_check" CHECK ("earn_lots"."remaining" >= 0 and "earn_lots"."remaining" <= "earn_lots"."amount")
);
--> statement-breakpoint
CREATE TABLE "earnings" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"reference" text NOT NULL,
	"points" bigint NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"matured_points" bigint DEFAULT 0 NOT NULL,
	"reversed_points" bigint DEFAULT 0 NOT NULL,
	"shortfall_points" bigint DEFAULT 0 NOT NULL,
	"lot_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earnings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "earnings_status_check" CHECK ("earnings"."status" in ('pending', 'matured', 'reversed')),
	CONSTRAINT "earnings_amounts_check" CHECK ("earnings"."reversed_points" + "earnings"."shortfall_points" >= 0 and "earnings"."reversed_points" <= "earnings"."points")
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"points" bigint NOT NULL,
	"status" text NOT NULL,
	"allocations" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holds_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "holds_status_check" CHECK ("holds"."status" in ('held', 'confirmed', 'released'))
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"tenant_id" text NOT NULL,
	"transaction_id" text NOT NULL,
	"line" smallint NOT NULL,
	"account" text NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "ledger_postings_tenant_id_transaction_id_line_pk" PRIMARY KEY("tenant_id","transaction_id","line"),
	CONSTRAINT "ledger_postings_amount_check" CHECK ("ledger_postings"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"points" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"input_hash" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transactions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "ledger_transactions_kind_check" CHECK ("ledger_transactions"."kind" in ('earn', 'mature', 'reverse', 'redeem-hold', 'redeem-confirm', 'redeem-release', 'adjust', 'expire'))
);
--> statement-breakpoint
CREATE TABLE "member_balances" (
	"tenant_id" text NOT NULL,
	"member_id" text NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"held" bigint DEFAULT 0 NOT NULL,
	"lifetime_earned" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "member_balances_tenant_id_member_id_pk" PRIMARY KEY("tenant_id","member_id"),
	CONSTRAINT "member_balances_not_negative" CHECK ("member_balances"."pending" >= 0 and "member_balances"."available" >= 0 and "member_balances"."held" >= 0 and "member_balances"."lifetime_earned" >= 0)
);
--> statement-breakpoint
CREATE TABLE "members" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"external_id" text,
	"vtex_user_id" text,
	"email" text,
	"name" text,
	"document" text,
	"phone" text,
	"birth_date" date,
	"marketing_opt_in" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "members_status_check" CHECK ("members"."status" in ('active', 'blocked'))
);
--> statement-breakpoint
CREATE TABLE "tenant_account_balances" (
	"tenant_id" text NOT NULL,
	"account" text NOT NULL,
	"slot" smallint NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_account_balances_tenant_id_account_slot_pk" PRIMARY KEY("tenant_id","account","slot")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"points_name_singular" text DEFAULT 'ponto' NOT NULL,
	"points_name_plural" text DEFAULT 'pontos' NOT NULL,
	"points_per_currency_unit" numeric(12, 4) DEFAULT '1' NOT NULL,
	"language" text DEFAULT 'pt-BR' NOT NULL,
	"timezone" text DEFAULT 'America/Sao_Paulo' NOT NULL,
	"points_expiry_days" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_language_check" CHECK ("tenants"."language" in ('pt-BR', 'en', 'es')),
	CONSTRAINT "tenants_rate_check" CHECK ("tenants"."points_per_currency_unit" >= 0),
	CONSTRAINT "tenants_expiry_check" CHECK ("tenants"."points_expiry_days" is null or "tenants"."points_expiry_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "earn_lots_member_open_idx" ON "earn_lots" USING btree ("tenant_id","member_id") WHERE "earn_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "earn_lots_expiry_idx" ON "earn_lots" USING btree ("tenant_id","expires_at") WHERE "earn_lots"."remaining" > 0 and "earn_lots"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "earnings_reference_idx" ON "earnings" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "earnings_due_idx" ON "earnings" USING btree ("tenant_id","due_at") WHERE "earnings"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_idempotency_key" ON "ledger_transactions" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_transactions_member_idx" ON "ledger_transactions" USING btree ("tenant_id","member_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_external_id_key" ON "members" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_vtex_user_id_key" ON "members" USING btree ("tenant_id","vtex_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_email_key" ON "members" USING btree ("tenant_id","email");--> statement-breakpoint
CREATE INDEX "members_document_idx" ON "members" USING btree ("tenant_id","document");