// The storefront API's answers as docs/storefront-api.md describes them. The widget is bundled for
// the browser on its own (it never imports src/), so it keeps its own copy of the contract.

export interface ProgramInfo {
  name: string;
  pointsNameSingular: string;
  pointsNamePlural: string;
  language: string;
  theme: { color: string | null; logoUrl: string | null };
  earning: { pointsPerCurrencyUnit: number; creditDelayDays: number | null };
  rules: string | null;
  storeUrl: string | null;
  signupUrl: string | null;
  singleSignOn: boolean;
}

export interface MemberToken {
  token: string;
  expiresAt: string;
}

export interface MemberSummary {
  id: string;
  name: string | null;
  email: string | null;
}

export interface SignedIn extends MemberToken {
  signedIn: true;
  member: MemberSummary;
}

/** The sign-on's answer: VTEX confirmed a signed-in shopper, or the visitor is anonymous. */
export type SignOnAnswer = SignedIn | { signedIn: false };

export interface VtexSessionProof {
  vtexSession?: string;
  vtexSegment?: string;
}

export interface Account {
  member: MemberSummary;
  balance: {
    available: number;
    held: number;
    pending: { points: number; availableOn: string }[];
    nextExpiry: { date: string; points: number } | null;
  };
}

export interface HistoryItem {
  id: string;
  kind: string;
  points: number;
  reference: string | null;
  createdAt: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  nextCursor: string | null;
}

export interface RewardOffer {
  id: string;
  kind: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  cost: number;
  canRedeem: boolean;
  missingPoints: number;
  unavailableReason: string | null;
}

export type RedemptionStatus = 'pending_approval' | 'issuing' | 'issued' | 'rejected' | 'failed' | 'cancelled' | 'used' | 'expired';

export interface Redemption {
  id: string;
  status: RedemptionStatus;
  rewardId: string;
  reward: { kind: string; name: string };
  cost: number;
  couponCode: string | null;
  couponExpiresAt: string | null;
  instructions: string | null;
  reason: string | null;
  createdAt?: string;
}
