// The audit log of admin actions: who (a user or an API key), what, when, and the target's state
// before and after, with every secret redacted.
import type { Clock } from '../ports';
import { newId } from '../ids';
import type { AuditLogStore } from './ports';

// Keys whose values never reach the log: the AppToken, API keys, passwords, CSRF and other tokens.
const SECRET_KEY = /token|password|secret|apikey|app_?key/i;
const MAX_DEPTH = 8;

/** A copy of `value` with every secret-looking field replaced, and long lists cut. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => redactSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== null && item !== '' && typeof item !== 'boolean' ? '[redacted]' : redactSecrets(item, depth + 1);
  }
  return out;
}

export interface AuditRecord {
  tenantId: string;
  actor: string;
  actorLabel: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export async function recordAudit(deps: { auditLog: AuditLogStore; clock: Clock }, record: AuditRecord): Promise<void> {
  const now = deps.clock.now();
  await deps.auditLog.append({
    ...record,
    id: newId('aud', now.getTime()),
    before: record.before === undefined ? null : redactSecrets(record.before),
    after: record.after === undefined ? null : redactSecrets(record.after),
    createdAt: now,
  });
}

export function listAudit(
  deps: { auditLog: AuditLogStore },
  tenantId: string,
  query: { action?: string; actor?: string; targetId?: string; cursor?: string; limit?: number },
) {
  return deps.auditLog.list(tenantId, {
    action: query.action ?? null,
    actor: query.actor ?? null,
    targetId: query.targetId ?? null,
    cursor: query.cursor ?? null,
    limit: query.limit ?? 50,
  });
}
