// The schema's VTEX side (see ./schema.ts): the integration, order events, sync jobs, the outbox.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt, tenants } from './schema-core';

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
    /**
     * The worker settling it now, until then: other workers leave the event (and every event of
     * its order) alone meanwhile; a worker that died lets its claims run out.
     */
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
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
