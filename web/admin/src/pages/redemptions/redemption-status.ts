// Redemption statuses (src/app/rewards/ports.ts RedemptionStatus): their order in the panel,
// label and tone. Shared by the queue, a member's page and the dashboard.
import type { Tone } from '../../components';
import { t } from '../../i18n';

/** The approval queue first, then the life of a coupon, then the ends that gave points back. */
export const REDEMPTION_STATUSES = ['pending_approval', 'issuing', 'issued', 'used', 'expired', 'rejected', 'failed', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

const TONES: Record<RedemptionStatus, Tone> = {
  pending_approval: 'warning',
  issuing: 'info',
  issued: 'ok',
  used: 'ok',
  expired: 'neutral',
  rejected: 'error',
  failed: 'error',
  cancelled: 'neutral',
};

/** Chart colours, darker than the badges' so bars keep their contrast against white. */
export const STATUS_COLORS: Record<RedemptionStatus, string> = {
  pending_approval: '#b45309',
  issuing: '#2563eb',
  issued: '#15803d',
  used: '#166534',
  expired: '#6b7280',
  rejected: '#b91c1c',
  failed: '#991b1b',
  cancelled: '#4b5563',
};

export const isRedemptionStatus = (value: string | null | undefined): value is RedemptionStatus =>
  (REDEMPTION_STATUSES as readonly string[]).includes(value ?? '');

export const redemptionStatusLabel = (status: string) => (isRedemptionStatus(status) ? t(`redemptions.status.${status}`) : status);

export const redemptionStatusTone = (status: string): Tone => (isRedemptionStatus(status) ? TONES[status] : 'neutral');
