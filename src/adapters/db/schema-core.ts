// The schema's core (see ./schema.ts): the column helpers, tenants and their keys, members, and
// the ledger.
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

export const points = (name: string) => bigint(name, { mode: 'number' });
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

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
    // erased: the personal data was erased (LGPD); the row stays, anonymous, for the ledger's sake.
    check('members_status_check', sql`${t.status} in ('active', 'blocked', 'erased')`),
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
    // A member's pending points (the storefront's balance, on every request).
    index('earnings_member_pending_idx').on(t.tenantId, t.memberId).where(sql`${t.status} = 'pending'`),
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
