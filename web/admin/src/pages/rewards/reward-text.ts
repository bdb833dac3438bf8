// How a reward reads in the panel: its kind and what it gives. Shared by the catalog, the
// redemption queue and a member's page.
import { formatMoney, formatNumber, t } from '../../i18n';

export const REWARD_KINDS = ['product', 'fixed_discount', 'percent_discount', 'free_shipping'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const isRewardKind = (value: string): value is RewardKind => (REWARD_KINDS as readonly string[]).includes(value);

export const rewardKindLabel = (kind: string) => (isRewardKind(kind) ? t(`rewards.kind.${kind}`) : kind);

export interface RewardValue {
  kind: string;
  skuId: string | null;
  discountCents: number | null;
  discountPercent: number | null;
  minOrderCents: number | null;
}

/** "R$ 20,00 off · orders from R$ 100,00". */
export function rewardValueText(reward: RewardValue): string {
  let value: string;
  if (reward.kind === 'fixed_discount' && reward.discountCents !== null) value = t('rewards.value.fixed', { amount: formatMoney(reward.discountCents) });
  else if (reward.kind === 'percent_discount' && reward.discountPercent !== null) value = t('rewards.value.percent', { percent: formatNumber(reward.discountPercent) });
  else if (reward.kind === 'product') value = t('rewards.value.product', { sku: reward.skuId ?? '—' });
  else if (reward.kind === 'free_shipping') value = t('rewards.value.freeShipping');
  else value = rewardKindLabel(reward.kind);
  return reward.minOrderCents !== null ? `${value} · ${t('rewards.value.minOrder', { amount: formatMoney(reward.minOrderCents) })}` : value;
}
