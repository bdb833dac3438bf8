// How member data reads in the panel: status, CPF, and a fresh idempotency key.
import type { Tone } from '../../components';
import { t } from '../../i18n';

export function memberStatusLabel(status: string): string {
  if (status === 'active') return t('members.status.active');
  if (status === 'blocked') return t('members.status.blocked');
  if (status === 'erased') return t('members.status.erased');
  return status;
}

export const memberStatusTone = (status: string): Tone => (status === 'active' ? 'ok' : status === 'blocked' ? 'error' : 'neutral');

/** 12345678909 → 123.456.789-09; any other document as kept. */
export function formatDocument(document: string | null): string {
  if (!document) return t('common.none');
  return /^\d{11}$/.test(document) ? `${document.slice(0, 3)}.${document.slice(3, 6)}.${document.slice(6, 9)}-${document.slice(9)}` : document;
}

/** A random UUID; crypto.randomUUID only exists on https (and localhost), getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
