// Members as the admin API shows them (src/http/schemas.ts Member, Balance, Transaction).
export interface Member {
  id: string;
  externalId: string | null;
  vtexUserId: string | null;
  email: string | null;
  name: string | null;
  document: string | null;
  phone: string | null;
  birthDate: string | null;
  marketingOptIn: boolean;
  /** active, blocked, or erased (LGPD: personal data gone, history kept). */
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface Balance {
  available: number;
  pending: number;
  held: number;
  lifetimeEarned: number;
  nextExpiry: { date: string; points: number } | null;
}

export interface MemberWithBalance extends Member {
  balance: Balance;
}

export interface Transaction {
  id: string;
  kind: string;
  memberId: string;
  reference: string;
  points: number;
  metadata: Record<string, unknown>;
  postings: { account: string; amount: number }[];
  createdAt: string;
}
