// The ground-truth audit (`pontua audit --tenant`): recomputes from VTEX what the ledger should
// hold for every order the program covers — the member, the points, pending or matured, reversed —
// compares it with what the ledger holds, and checks the ledger's own invariants per member.
// Reads only: it never writes to VTEX or to the database.
import { DomainError } from '../../domain/errors';
import {
  auditOrder,
  DIFFERENCE_KINDS,
  earningRecordDifferences,
  memberBalanceDifferences,
  memberTotalDifferences,
  orderStanding,
  scoringFor,
  type AuditDifference,
  type AuditRules,
  type OrderAudit,
  type OrderStanding,
  type VtexOrderView,
} from '../../domain/order-audit';
import { openVtexCredentials } from '../integrations/get-vtex-credentials';
import type { Clock, MemberStore, SecretBox, StoredVtexIntegration, TenantStore, VtexIntegrationStore, VtexOrderReaderFactory } from '../ports';
import { RECONCILE_OVERLAP_MS } from '../sync/order-listing';
import type { SyncJobStore } from '../sync/ports';
import { listOrdersBetween, type OrderListing } from './list-program-orders';
import type { LedgerAuditStore, OrderEarnRow } from './ports';

export type AuditDeps = {
  tenants: TenantStore;
  vtexIntegrations: VtexIntegrationStore;
  secrets: SecretBox;
  vtexOrders: VtexOrderReaderFactory;
  members: Pick<MemberStore, 'findByVtexUserIds'>;
  ledgerAudit: LedgerAuditStore;
  syncJobs: Pick<SyncJobStore, 'list'>;
  clock: Clock;
};

export interface AuditOptions {
  /** Pending points overdue by more than this are a difference (the sweep runs every minute). Default 10 minutes. */
  maturityGraceMs?: number;
}

export const DEFAULT_MATURITY_GRACE_MS = 10 * 60_000;
/** Orders read at once, behind the client's own cap of 4 requests per store (as the order job does). */
const CONCURRENT_READS = 8;
const MEMBER_LOOKUP_CHUNK = 1_000;
/** VTEX serves orders of the last two years only. */
const VTEX_HISTORY_MS = 730 * 86_400_000;

export interface AuditReport {
  tenantId: string;
  checkedAt: string;
  /** The orders the program covers: created since `createdFrom` or invoiced since `invoicedFrom`, until `until`. */
  window: { createdFrom: string | null; invoicedFrom: string | null; until: string };
  orders: {
    /** Listed by VTEX in the window. */
    inVtex: number;
    /** Past a scoring status and not cancelled: they should hold an award (unless without a customer, or worth 0 points). */
    scoring: number;
    /** Orders with an award in the ledger. */
    inLedger: number;
    cancelled: number;
    /** On the workflow's main line before any scoring status. */
    notYetScoring: number;
    /** Off the main line (window-to-cancel, request-cancel…): checked only when awarded. */
    undetermined: number;
    /** Scoring orders that name no VTEX user: not the program's concern. */
    withoutCustomer: number;
    /** Awarded orders outside the window, read one by one. */
    onlyInLedger: number;
    /** Awarded orders VTEX no longer serves (older than two years): not compared. */
    beyondVtexHistory: number;
    /** Orders VTEX did not give: not compared (each is a difference). */
    unreadable: number;
  };
  members: { checked: number; withOrderAwards: number };
  differences: AuditDifference[];
  ok: boolean;
  notes: string[];
}

const NOTES = [
  'Manual adjustments, redemptions (holds, confirmations, releases, refunds) and expiries have no source in VTEX: they are covered by the ledger invariants (postings sum to zero, member_balances = postings, lots = available, tenant accounts = postings), not by the order comparison.',
  "Awards are checked at the rate and shipping rule recorded with each award (a rate change applies to new awards only); whether that was the program's rate on the day is not known to the audit.",
  "The member expected for an order is the one linked to its VTEX user id; whether that link is right (the CL e-mail match made when the member was found) is not re-derived. Awards of members whose data was erased are not compared by member.",
  'VTEX keeps no status history: an order now off the main line (window-to-cancel, request-cancel…) may or may not have passed a scoring status, so it is checked only when awarded; due dates are taken from the ledger, not re-derived.',
  'lifetime_earned is not checked.',
  'VTEX and the ledger are read moments apart while the jobs keep working: a difference on an order that changed during the audit (marked inFlight when it has unsettled order events) should be confirmed by running the audit again.',
];

/** Which orders the program covers (see order-listing.ts): the import's history and what the hook and reconciliation see since activation. */
function auditWindow(integration: StoredVtexIntegration): { createdFrom: Date | null; invoicedFrom: Date | null } {
  const { settings, firstActivatedAt } = integration;
  const sinceActivation = firstActivatedAt ? new Date(firstActivatedAt.getTime() - RECONCILE_OVERLAP_MS) : null;
  const importFrom = settings.importOrders && settings.ordersImportSince ? new Date(`${settings.ordersImportSince}T00:00:00.000Z`) : null;
  const createdFrom = importFrom && sinceActivation ? (importFrom < sinceActivation ? importFrom : sinceActivation) : (importFrom ?? sinceActivation);
  return { createdFrom, invoicedFrom: sinceActivation };
}

/** Runs `work` over the items, at most `limit` at a time; the first failure stops taking new items. */
async function eachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function groupByOrder(earns: readonly OrderEarnRow[]): Map<string, OrderEarnRow[]> {
  const byOrder = new Map<string, OrderEarnRow[]>();
  for (const earn of earns) byOrder.set(earn.orderId, [...(byOrder.get(earn.orderId) ?? []), earn]);
  return byOrder;
}

/** Audits one tenant. Errors: NOT_FOUND (tenant), VTEX_NOT_CONNECTED (no integration), VTEX_UNAVAILABLE (a listing VTEX did not give, a refused key). */
export async function auditTenant(deps: AuditDeps, tenantId: string, options: AuditOptions = {}): Promise<AuditReport> {
  const program = await deps.tenants.get(tenantId);
  if (!program) throw new DomainError('NOT_FOUND', `tenant ${tenantId} not found`);
  const integration = await deps.vtexIntegrations.get(tenantId);
  if (!integration) throw new DomainError('VTEX_NOT_CONNECTED', `tenant ${tenantId} has no VTEX integration to audit against`);
  const reader = deps.vtexOrders(openVtexCredentials(deps, tenantId, integration));
  const now = deps.clock.now();
  const { settings } = integration;
  const notes = [...NOTES];
  const rules: AuditRules = {
    rate: program.pointsPerCurrencyUnit.toFixed(4),
    includeShipping: settings.includeShipping,
    scoringStatuses: settings.scoringStatuses,
    now,
    // While the integration is inactive the sweep waits to re-read orders before maturing them.
    maturityGraceMs: settings.active ? (options.maturityGraceMs ?? DEFAULT_MATURITY_GRACE_MS) : null,
  };
  if (!settings.active) notes.push('The integration is inactive: maturity waits for it, so pending points past their due date are not reported.');
  const orderImport = (await deps.syncJobs.list(tenantId)).find((job) => job.kind === 'orders.import');
  if (settings.importOrders && orderImport && orderImport.state !== 'done') {
    notes.push(`The order history import is not finished (${orderImport.state}): orders it has not reached yet show as not in the ledger.`);
  }

  // 1. VTEX's orders in the window, then the ledger as of one instant.
  const window = auditWindow(integration);
  const listing: OrderListing = { orders: new Map(), unlisted: [] };
  if (window.createdFrom) await listOrdersBetween(reader, 'created', window.createdFrom, now, listing);
  if (window.invoicedFrom) await listOrdersBetween(reader, 'invoiced', window.invoicedFrom, now, listing);
  if (!window.createdFrom) notes.push('The integration was never activated: no VTEX order is the program\'s concern yet; only awarded orders were read.');
  const ledger = await deps.ledgerAudit.snapshot(tenantId);
  const earnsByOrder = groupByOrder(ledger.orderEarns);

  // 2. Get order for what the listing's status cannot settle: orders that score or were awarded
  // (a cancelled order's status is enough), and awarded orders the listing did not show.
  const onlyInLedger = [...earnsByOrder.keys()].filter((orderId) => !listing.orders.has(orderId));
  const toRead = [
    ...[...listing.orders.values()]
      .filter((summary) => {
        const earns = earnsByOrder.get(summary.orderId) ?? [];
        const standing = orderStanding(summary.status, scoringFor(earns, rules.scoringStatuses));
        return standing !== 'cancelled' && (standing === 'scores' || earns.length > 0);
      })
      .map((summary) => summary.orderId),
    ...onlyInLedger,
  ];
  const details = new Map<string, VtexOrderView>();
  const differences: AuditDifference[] = listing.unlisted.map((row) => ({
    kind: 'order_unreadable' as const,
    ...(row.orderId ? { orderId: row.orderId } : {}),
    expected: 'listed',
    actual: null,
    detail: row.reason,
  }));
  const notInVtex: string[] = [];
  await eachConcurrently(toRead, CONCURRENT_READS, async (orderId) => {
    const read = await reader.getOrder(orderId);
    if (read.ok) details.set(orderId, read.value);
    else if (read.refused) throw new DomainError('VTEX_UNAVAILABLE', `VTEX refused to read order ${orderId}: ${read.message}`);
    else if (read.notFound && !listing.orders.has(orderId)) notInVtex.push(orderId);
    else differences.push({ kind: 'order_unreadable', orderId, expected: 'readable', actual: null, detail: read.message });
  });

  const userIds = [...new Set([...details.values()].flatMap((order) => (order.userProfileId ? [order.userProfileId] : [])))];
  const linked = new Map<string, string>();
  for (let start = 0; start < userIds.length; start += MEMBER_LOOKUP_CHUNK) {
    const found = await deps.members.findByVtexUserIds(tenantId, userIds.slice(start, start + MEMBER_LOOKUP_CHUNK));
    for (const [userId, member] of found) linked.set(userId, member.id);
  }

  // 3. Each order against its earns.
  const counts: Record<OrderStanding, number> = { cancelled: 0, scores: 0, 'not-yet': 0, undetermined: 0 };
  let withoutCustomer = 0;
  let beyondVtexHistory = 0;
  const audits: OrderAudit[] = [];
  for (const orderId of notInVtex) {
    const earns = earnsByOrder.get(orderId)!;
    if (earns.every((earn) => now.getTime() - earn.earnedAt.getTime() > VTEX_HISTORY_MS)) {
      beyondVtexHistory++;
      continue;
    }
    const actual = earns.map((earn) => ({ memberId: earn.memberId, points: earn.points - earn.reversedPoints }));
    differences.push({ kind: 'order_not_in_vtex', orderId, memberId: earns[0]!.memberId, expected: null, actual: { points: earns[0]!.points }, detail: 'VTEX answers 404 for the order' });
    audits.push({ standing: 'undetermined', differences: [], expected: { memberId: null, points: 0 }, actual });
  }
  const readSet = new Set(toRead);
  for (const orderId of [...listing.orders.keys(), ...onlyInLedger]) {
    const order = details.get(orderId) ?? null;
    const earns = earnsByOrder.get(orderId) ?? [];
    const status = order?.status ?? listing.orders.get(orderId)?.status;
    if (status === undefined) continue; // only in the ledger and not read: reported above
    if (!order && readSet.has(orderId)) continue; // unreadable: reported above
    if (!order && orderStanding(status, scoringFor(earns, rules.scoringStatuses)) !== 'cancelled') {
      counts[orderStanding(status, rules.scoringStatuses)]++;
      continue;
    }
    const audit = auditOrder({ orderId, status, order, earns, linkedMemberId: order?.userProfileId ? (linked.get(order.userProfileId) ?? null) : null }, rules);
    counts[audit.standing]++;
    if (audit.standing === 'scores' && order && !order.userProfileId) withoutCustomer++;
    differences.push(...audit.differences);
    audits.push(audit);
  }

  // 4. The ledger's own records and invariants.
  for (const earn of ledger.orderEarns) differences.push(...earningRecordDifferences(earn.orderId, earn, earn.record));
  for (const orphan of ledger.orphanEarnings) {
    differences.push({ kind: 'earning_record_mismatch', orderId: orphan.orderId, memberId: orphan.memberId, transactionId: orphan.earningId, expected: null, actual: { points: orphan.points }, detail: 'an earnings row with no earn transaction' });
  }
  for (const sums of ledger.memberSums) differences.push(...memberBalanceDifferences(sums));
  for (const transaction of ledger.unbalancedTransactions) {
    differences.push({ kind: 'unbalanced_transaction', transactionId: transaction.transactionId, ...(transaction.memberId ? { memberId: transaction.memberId } : {}), expected: 0, actual: transaction.sum, detail: 'the sum of its postings' });
  }
  for (const account of ledger.tenantAccounts) {
    differences.push({ kind: 'tenant_account_mismatch', expected: account.postings, actual: account.balance, detail: `tenant:${account.account}: its slot rows against the sum of its postings` });
  }
  differences.push(...memberTotalDifferences(audits));

  for (const difference of differences) if (difference.orderId && ledger.ordersWithOpenEvents.has(difference.orderId)) difference.inFlight = true;
  const rank = (kind: AuditDifference['kind']) => DIFFERENCE_KINDS.indexOf(kind);
  differences.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.orderId ?? '').localeCompare(b.orderId ?? '') || (a.memberId ?? '').localeCompare(b.memberId ?? ''));
  return {
    tenantId,
    checkedAt: now.toISOString(),
    window: { createdFrom: window.createdFrom?.toISOString() ?? null, invoicedFrom: window.invoicedFrom?.toISOString() ?? null, until: now.toISOString() },
    orders: {
      inVtex: listing.orders.size,
      scoring: counts.scores,
      inLedger: earnsByOrder.size,
      cancelled: counts.cancelled,
      notYetScoring: counts['not-yet'],
      undetermined: counts.undetermined,
      withoutCustomer,
      onlyInLedger: onlyInLedger.length,
      beyondVtexHistory,
      unreadable: differences.filter((difference) => difference.kind === 'order_unreadable').length,
    },
    members: { checked: ledger.membersChecked, withOrderAwards: new Set(ledger.orderEarns.map((earn) => earn.memberId)).size },
    differences,
    ok: differences.length === 0,
    notes,
  };
}
