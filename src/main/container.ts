// The composition root: the only place that constructs adapters and hands them to the use cases.
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseConfig } from '../adapters/db/database';
import { sqlLedgerStore } from '../adapters/db/ledger-store';
import { sqlMemberStore } from '../adapters/db/member-store';
import { sqlTenantStore } from '../adapters/db/tenant-store';
import { sqlVtexIntegrationStore } from '../adapters/db/vtex-integration-store';
import { sqlOrderEventStore } from '../adapters/db/order-event-store';
import { sqlSyncJobStore } from '../adapters/db/sync-job-store';
import { sqlMemberImportStore } from '../adapters/db/member-import-store';
import { sqlProductImportStore } from '../adapters/db/product-import-store';
import { sqlOutboxStore } from '../adapters/db/outbox-store';
import { sqlRewardStore } from '../adapters/db/reward-store';
import { sqlRedemptionStore } from '../adapters/db/redemption-store';
import { sqlDatabaseMaintenance } from '../adapters/db/maintenance';
import { sqlEmailStore } from '../adapters/db/email-store';
import { sqlStorefrontStore } from '../adapters/db/storefront-store';
import { sqlMemberPrivacyStore } from '../adapters/db/member-privacy-store';
import { sqlDashboardStore } from '../adapters/db/dashboard-store';
import { sqlAdminUserStore } from '../adapters/db/admin-user-store';
import { sqlAuditLogStore } from '../adapters/db/audit-log-store';
import { sqlMetricsStore } from '../adapters/db/metrics-store';
import { prometheusMetrics } from '../adapters/metrics/prometheus';
import { cachedQueueGauges } from '../app/metrics/cached-queue-gauges';
import { sqlLedgerAuditStore } from '../adapters/db/ledger-audit-store';
import type { LedgerAuditStore } from '../app/audit/ports';
import { scryptPasswordHasher } from '../adapters/crypto/password-hasher';
import { vtexShopperCheckFactory } from '../adapters/vtex/shopper-check';
import { smtpSender } from '../adapters/email/smtp-sender';
import type { EmailSender } from '../app/email/ports';
import { vtexConnectionChecker, vtexOrderHookGateway, vtexOrderReaderFactory } from '../adapters/vtex';
import { vtexCouponGatewayFactory } from '../adapters/vtex/coupon-gateway';
import type { Clock, SecretBox, VtexOrderReaderFactory, WorkSignal } from '../app/ports';
import type { DatabaseMaintenance, MemberImportStore, OutboxStore, ProductImportStore } from '../app/sync/ports';
import type { AppDeps } from '../http/app';
import { recentReads } from '../app/recent-reads';

/** What the HTTP app needs (AppDeps), plus the database handle the process owns. */
export interface Container extends AppDeps {
  database: Database;
  /** Null without SMTP_URL. */
  emailSender: EmailSender | null;
  emailFrom: string;
  /** VTEX reads for the order jobs, one reader per tenant connection. */
  vtexOrders: VtexOrderReaderFactory;
  memberImports: MemberImportStore;
  productImports: ProductImportStore;
  outbox: OutboxStore;
  maintenance: DatabaseMaintenance;
  /** The ground-truth audit's reads of the ledger. */
  ledgerAudit: LedgerAuditStore;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/** An in-process WorkSignal: listeners are called synchronously, errors are theirs. */
export function workSignal(): WorkSignal {
  const listeners = new Set<() => void>();
  return {
    notify: () => listeners.forEach((listener) => listener()),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// Programs that never touch secrets (benchmarks, some tests) need no key; one that does learns why.
const noSecretKey: SecretBox = {
  seal: () => {
    throw new Error('no secret key configured: pass a SecretBox to the container');
  },
  open: () => {
    throw new Error('no secret key configured: pass a SecretBox to the container');
  },
  sign: () => {
    throw new Error('no secret key configured: pass a SecretBox to the container');
  },
  verify: () => false,
};

/**
 * How to reach VTEX: `baseUrlTemplate` is VTEX_BASE_URL (e.g. the sandbox), else the real hosts;
 * and the SMTP server (`smtpUrl`; none: e-mails are stored, not sent) with the sender's address.
 */
export interface VtexSettings {
  baseUrlTemplate?: string;
  publicUrl?: string;
  smtpUrl?: string;
  emailFrom?: string;
  /** scrypt's cost for panel passwords (tests lower it; the default is OWASP's). */
  passwordCost?: { logN: number; r: number; p: number };
  /** PONTUA_METRICS_TOKEN (none: /metrics answers loopback peers only). */
  metricsToken?: string;
}

/** How long a reading of the queue gauges serves scrapes: one round of aggregates per 10 s at most. */
const QUEUE_GAUGES_TTL_MS = 10_000;

export function containerFor(
  database: Database,
  clock: Clock = systemClock,
  secrets: SecretBox = noSecretKey,
  vtex: VtexSettings = {},
): Container {
  const emailSender = vtex.smtpUrl ? smtpSender(vtex.smtpUrl) : null;
  // The storefront's and the hook's reads kept a few seconds; whatever this process writes to a
  // program or an integration drops them at once (recent-reads.ts says what else may be stale).
  const tenantStore = sqlTenantStore(database);
  const integrationStore = sqlVtexIntegrationStore(database);
  const adminUserStore = sqlAdminUserStore(database);
  const recent = recentReads({ tenants: tenantStore, vtexIntegrations: integrationStore });
  const forgetting = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await write(...args);
    } finally {
      recent.forget();
    }
  };
  return {
    database,
    recentReads: recent,
    ledger: sqlLedgerStore(database),
    tenants: { ...tenantStore, update: forgetting(tenantStore.update) },
    members: sqlMemberStore(database),
    memberPrivacy: sqlMemberPrivacyStore(database),
    dashboard: sqlDashboardStore(database),
    rewards: sqlRewardStore(database),
    orderEventsRecorded: workSignal(),
    redemptions: sqlRedemptionStore(database),
    vtexIntegrations: { ...integrationStore, save: forgetting(integrationStore.save) },
    secrets,
    orderEvents: sqlOrderEventStore(database),
    syncJobs: sqlSyncJobStore(database),
    memberImports: sqlMemberImportStore(database),
    productImports: sqlProductImportStore(database),
    outbox: sqlOutboxStore(database),
    maintenance: sqlDatabaseMaintenance(database),
    ledgerAudit: sqlLedgerAuditStore(database),
    vtexChecker: vtexConnectionChecker(vtex.baseUrlTemplate ? { baseUrlTemplate: vtex.baseUrlTemplate } : {}),
    vtexHooks: vtexOrderHookGateway(vtex.baseUrlTemplate ? { baseUrlTemplate: vtex.baseUrlTemplate } : {}),
    vtexOrders: vtexOrderReaderFactory(vtex.baseUrlTemplate ? { baseUrlTemplate: vtex.baseUrlTemplate } : {}),
    vtexCoupons: vtexCouponGatewayFactory({ ...(vtex.baseUrlTemplate ? { baseUrlTemplate: vtex.baseUrlTemplate } : {}), now: () => clock.now() }),
    publicUrl: vtex.publicUrl ?? 'http://localhost:3000',
    emails: sqlEmailStore(database),
    storefront: sqlStorefrontStore(database),
    adminUsers: { ...adminUserStore, createFirst: forgetting(adminUserStore.createFirst) },
    auditLog: sqlAuditLogStore(database),
    passwords: scryptPasswordHasher(vtex.passwordCost),
    vtexShoppers: vtexShopperCheckFactory(vtex.baseUrlTemplate ? { baseUrlTemplate: vtex.baseUrlTemplate } : {}),
    // With VTEX_BASE_URL (the sandbox), its storefront pages may call the storefront API too.
    storefrontExtraOrigins: vtex.baseUrlTemplate ? [new URL(vtex.baseUrlTemplate.replace(/\{[a-z]+\}/gi, 'x')).origin] : [],
    emailSender,
    emailFrom: vtex.emailFrom ?? 'no-reply@pontua.localhost',
    clock,
    isDatabaseReady: async () => (await database.query(sql`select 1 as ok`)).length === 1,
    metrics: prometheusMetrics(cachedQueueGauges(sqlMetricsStore(database), clock, QUEUE_GAUGES_TTL_MS)),
    metricsToken: vtex.metricsToken ?? null,
    close: async () => {
      await emailSender?.close();
      await database.close();
    },
  };
}

export async function openContainer(
  config: DatabaseConfig,
  clock: Clock = systemClock,
  secrets?: SecretBox,
  vtex: VtexSettings = {},
): Promise<Container> {
  return containerFor(await openDatabase(config), clock, secrets, vtex);
}
