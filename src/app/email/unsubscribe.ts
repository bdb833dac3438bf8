// Every e-mail carries a link that unsubscribes its member without logging in: the tenant and
// member ids, signed with the server's key (so nobody can unsubscribe someone else by editing the
// link). The link never expires; it only ever unsubscribes.
import { DomainError } from '../../domain/errors';
import type { Clock, SecretBox } from '../ports';
import type { EmailStore } from './ports';

const CONTEXT = 'unsubscribe';

export function unsubscribeToken(deps: { secrets: SecretBox }, tenantId: string, memberId: string): string {
  const subject = `${tenantId}.${memberId}`;
  return `${Buffer.from(subject, 'utf8').toString('base64url')}.${deps.secrets.sign(subject, CONTEXT)}`;
}

export function unsubscribeUrl(deps: { secrets: SecretBox; publicUrl: string }, tenantId: string, memberId: string): string {
  return `${deps.publicUrl.replace(/\/+$/, '')}/unsubscribe/${unsubscribeToken(deps, tenantId, memberId)}`;
}

/** The tenant and member a token names, or null when it is not one this server signed. */
export function readUnsubscribeToken(deps: { secrets: SecretBox }, token: string): { tenantId: string; memberId: string } | null {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0 || token.length > 400) return null;
  const subject = Buffer.from(encoded, 'base64url').toString('utf8');
  const [tenantId, memberId, ...more] = subject.split('.');
  if (!tenantId || !memberId || more.length > 0) return null;
  return deps.secrets.verify(subject, CONTEXT, signature) ? { tenantId, memberId } : null;
}

/** Errors: NOT_FOUND (a forged or unknown token: nothing is said about which part is wrong). */
export async function unsubscribe(deps: { secrets: SecretBox; emails: EmailStore; clock: Clock }, token: string): Promise<{ tenantId: string; memberId: string }> {
  const named = readUnsubscribeToken(deps, token);
  if (!named || !(await deps.emails.unsubscribe(named.tenantId, named.memberId, deps.clock.now()))) {
    throw new DomainError('NOT_FOUND', 'this unsubscribe link is not valid');
  }
  return named;
}
