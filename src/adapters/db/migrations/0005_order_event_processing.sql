ALTER TABLE "order_events" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "next_attempt_at" timestamp with time zone;