// The schema's rewards, redemptions, e-mails and storefront sign-in codes (see ./schema.ts).
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { points, createdAt, updatedAt, tenants } from './schema-core';

// The reward catalog (src/domain/reward.ts). Stock counts coupons left and is taken in the
// redemption's transaction; a reward is deactivated, never deleted (redemptions point at it).
export const rewards = pgTable(
  'rewards',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    imageUrl: text('image_url'),
    cost: points('cost').notNull(),
    skuId: text('sku_id'),
    discountCents: bigint('discount_cents', { mode: 'number' }),
    discountPercent: numeric('discount_percent', { precision: 5, scale: 2, mode: 'number' }),
    minOrderCents: bigint('min_order_cents', { mode: 'number' }),
    activeFrom: timestamp('active_from', { withTimezone: true }),
    activeUntil: timestamp('active_until', { withTimezone: true }),
    stock: integer('stock'),
    perMemberLimit: integer('per_member_limit'),
    active: boolean('active').notNull().default(true),
    /** manual: defined by the merchant; vtex: imported from the catalog and refreshed from it. */
    source: text('source').notNull().default('manual'),
    /** The SKU's price in cents when imported (product rewards from VTEX). */
    priceCents: bigint('price_cents', { mode: 'number' }),
    /** Whether VTEX offers the SKU (active and in stock); a reward redeems only when active and available. */
    available: boolean('available').notNull().default(true),
    unavailableReason: text('unavailable_reason'),
    /** The merchant set the cost by hand: the catalog refresh keeps it. */
    costEdited: boolean('cost_edited').notNull().default(false),
    /** The VTEX promotion its coupons activate, created on the first redemption issued. */
    vtexPromotionId: text('vtex_promotion_id'),
    /** Why coupons cannot be issued for it (e.g. the store's active-promotions limit). */
    issueError: text('issue_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('rewards_sku_idx').on(t.tenantId, t.skuId),
    uniqueIndex('rewards_vtex_sku_key').on(t.tenantId, t.skuId).where(sql`${t.source} = 'vtex'`),
    check('rewards_source_check', sql`${t.source} in ('manual', 'vtex')`),
    check('rewards_kind_check', sql`${t.kind} in ('product', 'fixed_discount', 'percent_discount', 'free_shipping')`),
    check('rewards_cost_check', sql`${t.cost} > 0`),
    check('rewards_stock_check', sql`${t.stock} is null or ${t.stock} >= 0`),
  ],
);

// A member's redemption of a reward: written with the hold of its cost in one transaction
// (src/app/rewards/redemptions.ts), then approved, issued as a VTEX coupon, used or undone.
export const redemptions = pgTable(
  'redemptions',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    rewardId: text('reward_id').notNull(),
    status: text('status').notNull(),
    cost: points('cost').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** The reward as it was when redeemed: what the coupon gives. */
    reward: jsonb('reward').$type<Record<string, unknown>>().notNull(),
    couponCode: text('coupon_code'),
    couponExpiresAt: timestamp('coupon_expires_at', { withTimezone: true }),
    /** Why it was rejected, failed or cancelled. */
    reason: text('reason'),
    /** The order that used the coupon. */
    orderId: text('order_id'),
    /** Issuing in VTEX: tries so far, when the next may run, and the last failure. */
    issueAttempts: integer('issue_attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('redemptions_idempotency_key').on(t.tenantId, t.idempotencyKey),
    uniqueIndex('redemptions_coupon_key').on(t.tenantId, t.couponCode),
    index('redemptions_member_reward_idx').on(t.tenantId, t.memberId, t.rewardId),
    index('redemptions_status_idx').on(t.tenantId, t.status, t.id),
    index('redemptions_due_idx').on(t.status, t.nextAttemptAt),
    check(
      'redemptions_status_check',
      sql`${t.status} in ('pending_approval', 'issuing', 'issued', 'rejected', 'failed', 'cancelled', 'used', 'expired')`,
    ),
  ],
);

// A message to a member, made from an outbox event (one per event and member, by dedupe_key),
// then sent over SMTP with retries, or only stored when no SMTP server is configured.
export const emails = pgTable(
  'emails',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    type: text('type').notNull(),
    /** `{eventId}`: the event it was made from, once. */
    dedupeKey: text('dedupe_key').notNull(),
    /** `"Program name" <address>` as composed. */
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    language: text('language').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** queued → sent | failed; stored: no SMTP server; skipped: not sendable (reason in last_error). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    /** The SMTP server's last answer. */
    smtpResponse: text('smtp_response'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('emails_dedupe_key').on(t.tenantId, t.dedupeKey),
    index('emails_due_idx').on(t.status, t.nextAttemptAt),
    check('emails_status_check', sql`${t.status} in ('queued', 'sent', 'failed', 'stored', 'skipped')`),
  ],
);

// One-time sign-in codes for the storefront (programs without single sign-on): one live code per
// member e-mail, kept as a signature (never the code itself), a few tries, minutes to live.
export const loginCodes = pgTable(
  'login_codes',
  {
    tenantId: text('tenant_id').notNull(),
    email: text('email').notNull(),
    memberId: text('member_id').notNull(),
    codeSignature: text('code_signature').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.email] })],
);
