// A reward as the admin API shows it (src/http/schemas.ts Reward).
export interface Reward {
  id: string;
  kind: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  cost: number;
  skuId: string | null;
  discountCents: number | null;
  discountPercent: number | null;
  minOrderCents: number | null;
  activeFrom: string | null;
  activeUntil: string | null;
  stock: number | null;
  perMemberLimit: number | null;
  active: boolean;
  /** vtex: imported from the catalog and refreshed from it. */
  source: 'manual' | 'vtex';
  priceCents: number | null;
  available: boolean;
  unavailableReason: string | null;
  costEdited: boolean;
  vtexPromotionId: string | null;
  issueError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What POST /rewards and PATCH /rewards/:id take (src/http/schemas.ts RewardInputSchema). */
export interface RewardInput {
  kind?: string;
  name?: string | null;
  description?: string | null;
  imageUrl?: string | null;
  cost?: number | null;
  skuId?: string | null;
  discountCents?: number | null;
  discountPercent?: number | null;
  minOrderCents?: number | null;
  activeFrom?: string | null;
  activeUntil?: string | null;
  stock?: number | null;
  perMemberLimit?: number | null;
  active?: boolean;
}
