// E-mail statuses and types as the panel shows them.
import type { Tone } from '../../components';
import { t } from '../../i18n';

export const EMAIL_STATUSES = ['sent', 'failed', 'stored', 'queued', 'skipped'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

const TONES: Record<EmailStatus, Tone> = { sent: 'ok', failed: 'error', stored: 'info', queued: 'warning', skipped: 'neutral' };

export const isEmailStatus = (value: string | null): value is EmailStatus => (EMAIL_STATUSES as readonly string[]).includes(value ?? '');
export const emailStatusLabel = (status: string) => (isEmailStatus(status) ? t(`emails.status.${status}`) : status);
export const emailStatusTone = (status: string): Tone => (isEmailStatus(status) ? TONES[status] : 'neutral');

const TYPES = [
  'welcome',
  'points_pending',
  'points_available',
  'reward_within_reach',
  'redemption_pending_approval',
  'redemption_approved',
  'redemption_rejected',
  'redemption_issued',
  'points_expiring',
  'login_code',
] as const;

export const emailTypeLabel = (type: string) => ((TYPES as readonly string[]).includes(type) ? t(`emails.type.${type as (typeof TYPES)[number]}`) : type);
