// Named accounts and balanced postings. Points only ever move from one account to another, so
// the postings of every transaction sum to zero by construction.

export type MemberAccountName = 'pending' | 'available' | 'held';
export type TenantAccountName = 'issued' | 'redeemed' | 'expired' | 'reversed';

export type Account =
  | { owner: 'member'; memberId: string; name: MemberAccountName }
  | { owner: 'tenant'; name: TenantAccountName };

export const member = (memberId: string, name: MemberAccountName): Account => ({ owner: 'member', memberId, name });
export const tenant = (name: TenantAccountName): Account => ({ owner: 'tenant', name });

export function accountName(account: Account): string {
  return account.owner === 'member' ? `member:${account.memberId}:${account.name}` : `tenant:${account.name}`;
}

export interface Movement {
  from: Account;
  to: Account;
  points: number;
}

export interface Posting {
  account: string;
  amount: number;
}

export interface MemberBalance {
  pending: number;
  available: number;
  held: number;
  lifetimeEarned: number;
}

export const ZERO_BALANCE: MemberBalance = { pending: 0, available: 0, held: 0, lifetimeEarned: 0 };

export interface BalanceEffects {
  postings: Posting[];
  /** Change to the member's pending/available/held (lifetimeEarned is set by the command). */
  member: MemberBalance;
  tenant: Partial<Record<TenantAccountName, number>>;
}

/** Turns movements into postings and per-account changes. Zero-point movements are dropped. */
export function postMovements(movements: Movement[]): BalanceEffects {
  const postings: Posting[] = [];
  const memberDelta: MemberBalance = { ...ZERO_BALANCE };
  const tenantDelta: Partial<Record<TenantAccountName, number>> = {};
  const apply = (account: Account, amount: number) => {
    postings.push({ account: accountName(account), amount });
    if (account.owner === 'member') memberDelta[account.name] += amount;
    else tenantDelta[account.name] = (tenantDelta[account.name] ?? 0) + amount;
  };
  for (const { from, to, points } of movements) {
    if (points === 0) continue;
    apply(from, -points);
    apply(to, points);
  }
  return { postings, member: memberDelta, tenant: tenantDelta };
}
