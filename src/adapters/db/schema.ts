// The one schema, for PGlite and PostgreSQL alike. drizzle-kit turns it into the SQL migrations
// in ./migrations. Every primary key and unique index starts with tenant_id so that tenants never
// share rows and the schema can be distributed by tenant (Citus) unchanged.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const points = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const tenants = pgTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    pointsNameSingular: text('points_name_singular').notNull().default('ponto'),
    pointsNamePlural: text('points_name_plural').notNull().default('pontos'),
    pointsPerCurrencyUnit: numeric('points_per_currency_unit', { precision: 12, scale: 4 }).notNull().default('1'),
    language: text('language').notNull().default('pt-BR'),
    timezone: text('timezone').notNull().default('America/Sao_Paulo'),
    pointsExpiryDays: integer('points_expiry_days'),
    /** Imported product rewards cost price × pointsPerCurrencyUnit × this factor. */
    rewardCostFactor: numeric('reward_cost_factor', { precision: 8, scale: 4 }).notNull().default('1'),
    /** Whether a coupon that expires unused gives its points back. */
    expiredCouponsReturnPoints: boolean('expired_coupons_return_points').notNull().default(false),
    /** The e-mails' and widget's colour (#rrggbb) and logo (https). */
    brandColor: text('brand_color').notNull().default('#0f766e'),
    logoUrl: text('logo_url'),
    /** E-mail types the merchant turned off. */
    emailTypesOff: jsonb('email_types_off').$type<string[]>().notNull().default([]),
    /** Names the program to the storefront widget (not a secret: it is in the store's pages). */
    publicKey: text('public_key').notNull().default(sql`('pk_' || md5(random()::text || clock_timestamp()::text))`),
    /** The program's rules, shown on the widget's page. */
    rulesText: text('rules_text'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tenants_language_check', sql`${t.language} in ('pt-BR', 'en', 'es')`),
    check('tenants_rate_check', sql`${t.pointsPerCurrencyUnit} >= 0`),
    check('tenants_expiry_check', sql`${t.pointsExpiryDays} is null or ${t.pointsExpiryDays} > 0`),
    check('tenants_reward_cost_factor_check', sql`${t.rewardCostFactor} > 0`),
    uniqueIndex('tenants_public_key').on(t.publicKey),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const members = pgTable(
  'members',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    externalId: text('external_id'),
    vtexUserId: text('vtex_user_id'),
    email: text('email'),
    name: text('name'),
    document: text('document'),
    phone: text('phone'),
    birthDate: date('birth_date', { mode: 'string' }),
    marketingOptIn: boolean('marketing_opt_in').notNull().default(false),
    status: text('status').notNull().default('active'),
    /** The member asked for no more e-mails (the link every e-mail carries). */
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('members_external_id_key').on(t.tenantId, t.externalId),
    uniqueIndex('members_vtex_user_id_key').on(t.tenantId, t.vtexUserId),
    uniqueIndex('members_email_key').on(t.tenantId, t.email),
    index('members_document_idx').on(t.tenantId, t.document),
    check('members_status_check', sql`${t.status} in ('active', 'blocked')`),
  ],
);

// One row per member: the balances of its pending, available and held accounts, kept in the same
// transaction as the postings and locked with SELECT … FOR UPDATE before any change.
export const memberBalances = pgTable(
  'member_balances',
  {
    tenantId: text('tenant_id').notNull(),
    memberId: text('member_id').notNull(),
    pending: points('pending').notNull().default(0),
    available: points('available').notNull().default(0),
    held: points('held').notNull().default(0),
    lifetimeEarned: points('lifetime_earned').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.memberId] }),
    check(
      'member_balances_not_negative',
      sql`${t.pending} >= 0 and ${t.available} >= 0 and ${t.held} >= 0 and ${t.lifetimeEarned} >= 0`,
    ),
  ],
);

// Tenant accounts (issued, redeemed, expired, reversed) are touched by every member's
// transactions; spreading each over a few slots keeps concurrent members from queueing on one row.
// An account's balance is the sum of its slots.
export const tenantAccountBalances = pgTable(
  'tenant_account_balances',
  {
    tenantId: text('tenant_id').notNull(),
    account: text('account').notNull(),
    slot: smallint('slot').notNull(),
    balance: points('balance').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.account, t.slot] })],
);

// Append-only: the migrations install triggers that refuse UPDATE and DELETE.
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind').notNull(),
    reference: text('reference').notNull(),
    points: points('points').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    inputHash: text('input_hash').notNull(),
    metadata: jsonb('metadata').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('ledger_transactions_idempotency_key').on(t.tenantId, t.idempotencyKey),
    index('ledger_transactions_member_idx').on(t.tenantId, t.memberId, t.id),
    check(
      'ledger_transactions_kind_check',
      sql`${t.kind} in ('earn', 'mature', 'reverse', 'redeem-hold', 'redeem-confirm', 'redeem-release', 'redeem-refund', 'adjust', 'expire')`,
    ),
  ],
);

export const ledgerPostings = pgTable(
  'ledger_postings',
  {
    tenantId: text('tenant_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    line: smallint('line').notNull(),
    account: text('account').notNull(),
    amount: points('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.transactionId, t.line] }),
    check('ledger_postings_amount_check', sql`${t.amount} <> 0`),
  ],
);

// What each earn awarded, so that maturing and reversing act on exactly that amount.
export const earnings = pgTable(
  'earnings',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    reference: text('reference').notNull(),
    points: points('points').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    maturedPoints: points('matured_points').notNull().default(0),
    reversedPoints: points('reversed_points').notNull().default(0),
    shortfallPoints: points('shortfall_points').notNull().default(0),
    lotId: text('lot_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('earnings_reference_idx').on(t.tenantId, t.reference),
    index('earnings_due_idx').on(t.tenantId, t.dueAt).where(sql`${t.status} = 'pending'`),
    check('earnings_status_check', sql`${t.status} in ('pending', 'matured', 'reversed')`),
    check('earnings_amounts_check', sql`${t.reversedPoints} + ${t.shortfallPoints} >= 0 and ${t.reversedPoints} <= ${t.points}`),
  ],
);

// Every credit to `available` is a lot; debits consume lots nearest-to-expiry first, then oldest.
// The sum of a member's remaining amounts equals its available balance.
export const earnLots = pgTable(
  'earn_lots',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    earningId: text('earning_id'),
    amount: points('amount').notNull(),
    remaining: points('remaining').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('earn_lots_member_open_idx').on(t.tenantId, t.memberId).where(sql`${t.remaining} > 0`),
    index('earn_lots_expiry_idx').on(t.tenantId, t.expiresAt).where(sql`${t.remaining} > 0 and ${t.expiresAt} is not null`),
    check('earn_lots_remaining_check', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.amount}`),
  ],
);

// Points held for a redemption, with the lots they were taken from so a release restores them.
export const holds = pgTable(
  'holds',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    points: points('points').notNull(),
    status: text('status').notNull(),
    allocations: jsonb('allocations').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('holds_status_check', sql`${t.status} in ('held', 'confirmed', 'released', 'refunded')`),
  ],
);

// One row per tenant: the VTEX integration form. Secrets are sealed by the secret box (AES-256-GCM,
// bound to the tenant and the column), never stored in plaintext. The language lives on the tenant.
export const vtexIntegrations = pgTable(
  'vtex_integrations',
  {
    tenantId: text('tenant_id').primaryKey().references(() => tenants.id),
    appKeySealed: text('app_key_sealed').notNull(),
    appTokenSealed: text('app_token_sealed').notNull(),
    // The secret VTEX sends in a header of every order hook, so the receiver can tell it is VTEX.
    hookSecretSealed: text('hook_secret_sealed').notNull(),
    accountName: text('account_name').notNull(),
    environment: text('environment').notNull().default('vtexcommercestable'),
    storeUrl: text('store_url').notNull(),
    creditDelayDays: integer('credit_delay_days').notNull(),
    singleSignOn: boolean('single_sign_on').notNull().default(false),
    signupUrl: text('signup_url'),
    rewardSkuIds: jsonb('reward_sku_ids').$type<string[]>().notNull().default([]),
    scoringStatuses: jsonb('scoring_statuses').$type<string[]>().notNull(),
    couponValidityDays: integer('coupon_validity_days').notNull().default(365),
    ordersImportSince: date('orders_import_since', { mode: 'string' }),
    includeShipping: boolean('include_shipping').notNull().default(false),
    active: boolean('active').notNull().default(false),
    importCustomers: boolean('import_customers').notNull().default(true),
    importOrders: boolean('import_orders').notNull().default(true),
    productsAreGifts: boolean('products_are_gifts').notNull().default(false),
    importProducts: boolean('import_products').notNull().default(false),
    manualRedemptionApproval: boolean('manual_redemption_approval').notNull().default(false),
    firstActivatedAt: timestamp('first_activated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('vtex_integrations_credit_delay_check', sql`${t.creditDelayDays} between 0 and 365`),
    check('vtex_integrations_coupon_validity_check', sql`${t.couponValidityDays} > 0`),
    check('vtex_integrations_products_check', sql`not ${t.importProducts} or ${t.productsAreGifts}`),
  ],
);

// VTEX order hook deliveries as received, one row per (order, state, last change): a delivery
// VTEX repeats, or one the reconciliation already saw, finds its row and changes nothing.
export const orderEvents = pgTable(
  'order_events',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    orderId: text('order_id').notNull(),
    state: text('state').notNull(),
    lastState: text('last_state'),
    /** As VTEX sent it (up to 7 decimals): compared as text, never re-formatted. */
    lastChange: text('last_change').notNull(),
    currentChange: text('current_change'),
    source: text('source').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** What processing did (earned, reversed, nothing to do…) or why it gave up. */
    outcome: text('outcome'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** A failed attempt waits until then; null: now. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('order_events_dedupe_key').on(t.tenantId, t.orderId, t.state, t.lastChange),
    index('order_events_unprocessed_idx').on(t.tenantId, t.receivedAt).where(sql`${t.processedAt} is null`),
    check('order_events_source_check', sql`${t.source} in ('hook', 'reconciliation', 'import')`),
  ],
);

// The imports and periodic VTEX jobs, one row per tenant and kind: where each stands (state,
// checkpoint, done/total) so a restarted process resumes it, and who runs it now (a lease that
// expires, so a job whose process died is taken over).
export const syncJobs = pgTable(
  'sync_jobs',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    /** Where to go on from: the job's own shape (date window and page, scroll token…). */
    checkpoint: jsonb('checkpoint').$type<Record<string, unknown>>().notNull().default({}),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    /** Records VTEX sent that could not be used, counted and the last one described. */
    errors: integer('errors').notNull().default(0),
    lastError: text('last_error'),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** When it may run (again): periodic jobs and retries after a failure wait until then. */
    runAfter: timestamp('run_after', { withTimezone: true }).notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind] }),
    index('sync_jobs_due_idx').on(t.runAfter).where(sql`${t.state} in ('queued', 'running', 'retrying')`),
    check('sync_jobs_state_check', sql`${t.state} in ('queued', 'running', 'retrying', 'done', 'failed', 'stopped')`),
    check('sync_jobs_kind_check', sql`${t.kind} in ('customers.import', 'customers.delta', 'orders.import', 'orders.reconcile', 'products.import')`),
  ],
);

// Facts later issues act on (e-mails: a member joined…), written in the transaction that made
// them true, once per dedupe key, and marked when handled.
export const outboxEvents = pgTable(
  'outbox_events',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    id: text('id').notNull(),
    type: text('type').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    memberId: text('member_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('outbox_events_dedupe_key').on(t.tenantId, t.dedupeKey),
    index('outbox_events_unprocessed_idx').on(t.tenantId, t.createdAt).where(sql`${t.processedAt} is null`),
    // The e-mail job takes every tenant's unhandled events, oldest first.
    index('outbox_events_unprocessed_all_idx').on(t.createdAt).where(sql`${t.processedAt} is null`),
  ],
);

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
