CREATE TABLE "order_events" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"state" text NOT NULL,
	"last_state" text,
	"last_change" text NOT NULL,
	"current_change" text,
	"source" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "order_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "order_events_source_check" CHECK ("order_events"."source" in ('hook', 'reconciliation', 'import'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "order_events_dedupe_key" ON "order_events" USING btree ("tenant_id","order_id","state","last_change");--> statement-breakpoint
CREATE INDEX "order_events_unprocessed_idx" ON "order_events" USING btree ("tenant_id","received_at") WHERE "order_events"."processed_at" is null;