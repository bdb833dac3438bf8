// The redemption as the admin API shows it (src/http/schemas.ts Redemption).
export interface RewardSnapshot {
  kind: string;
  name: string;
  skuId: string | null;
  discountCents: number | null;
  discountPercent: number | null;
  minOrderCents: number | null;
}

export interface Redemption {
  id: string;
  memberId: string;
  rewardId: string;
  status: string;
  cost: number;
  reward: RewardSnapshot;
  couponCode: string | null;
  couponExpiresAt: string | null;
  instructions: string | null;
  reason: string | null;
  orderId: string | null;
  issueAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /redemptions/approve|reject: each id's redemption or error. */
export interface BulkResults {
  results: { id: string; redemption?: Redemption; error?: { code: string; message: string } }[];
}
