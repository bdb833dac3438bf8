ALTER TABLE "holds" DROP CONSTRAINT "holds_status_check";--> statement-breakpoint
ALTER TABLE "ledger_transactions" DROP CONSTRAINT "ledger_transactions_kind_check";--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_status_check" CHECK ("holds"."status" in ('held', 'confirmed', 'released', 'refunded'));--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_kind_check" CHECK ("ledger_transactions"."kind" in ('earn', 'mature', 'reverse', 'redeem-hold', 'redeem-confirm', 'redeem-release', 'redeem-refund', 'adjust', 'expire'));