// The storefront's proof of who the shopper is: the program and member, and when it stops being
// good (60 minutes), signed with the server's key — no session table, nothing to look up. Issued
// only after VTEX confirmed the shopper (single sign-on); refreshed while still valid.
import { DomainError } from '../../domain/errors';
import type { SecretBox } from '../ports';

const CONTEXT = 'member-token';
export const MEMBER_TOKEN_TTL_MS = 60 * 60_000;

export interface MemberTokenClaims {
  tenantId: string;
  memberId: string;
  expiresAt: Date;
}

export function issueMemberToken(deps: { secrets: SecretBox }, claims: { tenantId: string; memberId: string }, now: Date): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + MEMBER_TOKEN_TTL_MS);
  const payload = Buffer.from(JSON.stringify({ t: claims.tenantId, m: claims.memberId, e: Math.floor(expiresAt.getTime() / 1000) }), 'utf8').toString('base64url');
  return { token: `mt.${payload}.${deps.secrets.sign(payload, CONTEXT)}`, expiresAt };
}

const refused = () => new DomainError('UNAUTHORIZED', 'the member token is not valid (expired, forged or of another program): sign in again');

/** Errors: UNAUTHORIZED for anything but a token this server signed that has not expired. */
export function readMemberToken(deps: { secrets: SecretBox }, token: string, now: Date): MemberTokenClaims {
  const [prefix, payload, signature, ...rest] = token.split('.');
  if (prefix !== 'mt' || !payload || !signature || rest.length > 0 || token.length > 600) throw refused();
  if (!deps.secrets.verify(payload, CONTEXT, signature)) throw refused();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  const { t, m, e } = (claims ?? {}) as Record<string, unknown>;
  if (typeof t !== 'string' || typeof m !== 'string' || typeof e !== 'number') throw refused();
  const expiresAt = new Date(e * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw refused();
  return { tenantId: t, memberId: m, expiresAt };
}
