// What exporting and erasing a member's personal data (LGPD) needs besides the shared stores.
import type { Earning } from '../../domain/ledger/commands';
import type { Member } from '../../domain/member';

/** An earning with the inputs its earn transaction kept (an order's values, its status and time). */
export type EarningRecord = Earning & { details: Record<string, unknown>; createdAt: Date };

export interface ErasedCounts {
  /** The member's e-mails whose address and content were scrubbed (queued ones are never sent). */
  emails: number;
  /** The member's unhandled outbox events, emptied and marked handled. */
  outboxEvents: number;
  loginCodes: number;
}

export type ErasureOutcome =
  | { outcome: 'erased'; member: Member; counts: ErasedCounts }
  | { outcome: 'not_found' }
  | { outcome: 'already_erased' };

export interface MemberPrivacyStore {
  /** The member's earnings (one per order or credit), oldest first. */
  earnings(tenantId: string, memberId: string): Promise<EarningRecord[]>;
  /** That sign-in codes exist and when they were made and expire: never the code's signature. */
  loginCodes(tenantId: string, memberId: string): Promise<{ createdAt: Date; expiresAt: Date }[]>;
  /**
   * In one transaction, under the member's ledger lock: the member's personal fields cleared and
   * its status `erased`; its e-mails scrubbed (queued ones skipped), its unhandled outbox events
   * emptied and handled, its login codes deleted. The ledger, balances, earnings and redemptions
   * are not touched. Errors: none; the outcome says when the member is not the tenant's or was
   * already erased (and then nothing was written).
   */
  erase(tenantId: string, memberId: string, now: Date): Promise<ErasureOutcome>;
}
