// Everything we hold about a member, as one document the merchant hands to the member who asks for
// it (LGPD, art. 18: access and portability). Read, never changed; another tenant's member is
// NOT_FOUND. Erased members export what is left: the anonymous row and its history.
import { notFound } from '../../domain/errors';
import type { Member } from '../../domain/member';
import type { Email, EmailStore } from '../email/ports';
import type { BalanceView, Clock, LedgerStore, MemberStore, TransactionView } from '../ports';
import type { Redemption, RedemptionStore } from '../rewards/ports';
import type { EarningRecord, MemberPrivacyStore } from './ports';

export interface MemberExport {
  exportedAt: Date;
  member: Member;
  balance: BalanceView;
  /** The member's whole ledger, oldest first. */
  transactions: TransactionView[];
  earnings: EarningRecord[];
  redemptions: Redemption[];
  emails: Email[];
  /** Sign-in codes that exist now (never the code). */
  loginCodes: { createdAt: Date; expiresAt: Date }[];
}

interface Deps {
  members: MemberStore;
  ledger: LedgerStore;
  redemptions: Pick<RedemptionStore, 'list'>;
  emails: Pick<EmailStore, 'list'>;
  memberPrivacy: MemberPrivacyStore;
  clock: Clock;
}

const PAGE = 500;

/** Every page of a newest-first listing, returned oldest first. */
async function everything<T>(page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  for (let cursor: string | null = null; ; ) {
    const read: { items: T[]; nextCursor: string | null } = await page(cursor);
    items.push(...read.items);
    if (read.nextCursor === null) return items.reverse();
    cursor = read.nextCursor;
  }
}

/** Errors: NOT_FOUND. */
export async function exportMember(deps: Deps, tenantId: string, memberId: string): Promise<MemberExport> {
  const exportedAt = deps.clock.now();
  const [member, balance] = await Promise.all([deps.members.get(tenantId, memberId), deps.ledger.balance(tenantId, memberId)]);
  if (!member || !balance) throw notFound('member');
  const [transactions, earnings, redemptions, emails, loginCodes] = await Promise.all([
    everything((cursor) => deps.ledger.history(tenantId, memberId, { cursor, limit: PAGE })),
    deps.memberPrivacy.earnings(tenantId, memberId),
    everything((cursor) => deps.redemptions.list(tenantId, { status: null, memberId, cursor, limit: PAGE })),
    everything((cursor) => deps.emails.list(tenantId, { status: null, memberId, cursor, limit: PAGE })),
    deps.memberPrivacy.loginCodes(tenantId, memberId),
  ]);
  return { exportedAt, member, balance, transactions, earnings, redemptions, emails, loginCodes };
}
