// What the ground-truth audit reads from the database: one consistent snapshot of a tenant's ledger.
import type { EarningRecord, MemberLedgerSums, OrderEarn } from '../../domain/order-audit';

/** An order's earn, with its earnings row (null when there is none). */
export interface OrderEarnRow extends OrderEarn {
  orderId: string;
  record: EarningRecord | null;
}

export interface LedgerSnapshot {
  /** Every earn whose reference is an order (`order:{id}`), oldest first. */
  orderEarns: OrderEarnRow[];
  /** Earnings rows of orders with no earn transaction behind them. */
  orphanEarnings: { earningId: string; orderId: string; memberId: string; points: number }[];
  /** The tenant's members (balances rows). */
  membersChecked: number;
  /** Only members whose balances, postings or lots disagree (or whose postings sum below zero). */
  memberSums: MemberLedgerSums[];
  /** Transactions whose postings do not sum to zero. */
  unbalancedTransactions: { transactionId: string; memberId: string | null; sum: number }[];
  /** Tenant accounts whose slot rows differ from the sum of their postings. */
  tenantAccounts: { account: string; balance: number; postings: number }[];
  /** Orders with order events not settled yet. */
  ordersWithOpenEvents: Set<string>;
}

export interface LedgerAuditStore {
  /** Reads everything in one read-only, repeatable-read transaction. Errors: none but the database's. */
  snapshot(tenantId: string): Promise<LedgerSnapshot>;
}
