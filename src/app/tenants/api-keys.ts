// Tenant API keys: `psk.{tenantId}.{keyId}.{secret}`. Only a SHA-256 of the secret is stored; the
// secret has 256 random bits, so a fast hash is enough (a password hash protects low-entropy
// secrets, this one has none to protect).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, invalid, notFound } from '../../domain/errors';
import { newId } from '../ids';
import type { Clock, TenantStore } from '../ports';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export function issueApiKey(tenantId: string): { id: string; token: string; secretHash: string } {
  const id = newId('key');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `psk.${tenantId}.${id}.${secret}`, secretHash: hashSecret(secret) };
}

const TOKEN = /^psk\.(ten_[0-9A-Z]{26})\.(key_[0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/;

const unauthorized = () => new DomainError('UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer <key>)');

/** The caller's tenant and key id. Errors: UNAUTHORIZED. */
export async function authenticateApiKey(
  deps: { tenants: TenantStore },
  token: string,
): Promise<{ tenantId: string; keyId: string }> {
  const match = TOKEN.exec(token);
  if (!match) throw unauthorized();
  const [, tenantId = '', keyId = '', secret = ''] = match;
  const record = await deps.tenants.apiKey(tenantId, keyId);
  if (!record || record.revokedAt !== null) throw unauthorized();
  const expected = Buffer.from(record.secretHash);
  const actual = Buffer.from(hashSecret(secret));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw unauthorized();
  return { tenantId, keyId };
}

/** A further API key for an existing tenant. Errors: NOT_FOUND, VALIDATION_FAILED. */
export async function createApiKey(
  deps: { tenants: TenantStore; clock: Clock },
  command: { tenantId: string; name?: string },
): Promise<{ tenantId: string; keyId: string; apiKey: string }> {
  const name = (command.name ?? 'API key').trim();
  if (name.length === 0 || name.length > 100) throw invalid('name', 'must be 1 to 100 characters');
  const key = issueApiKey(command.tenantId);
  const added = await deps.tenants.addApiKey(command.tenantId, { id: key.id, name, secretHash: key.secretHash });
  if (!added) throw new DomainError('NOT_FOUND', `tenant ${command.tenantId} not found`);
  return { tenantId: command.tenantId, keyId: key.id, apiKey: key.token };
}

export const listApiKeys = (deps: { tenants: TenantStore }, tenantId: string) => deps.tenants.listApiKeys(tenantId);

/** Errors: NOT_FOUND. A key revoked before stays revoked as it was. */
export async function revokeApiKey(deps: { tenants: TenantStore; clock: Clock }, tenantId: string, keyId: string) {
  const key = await deps.tenants.revokeApiKey(tenantId, keyId, deps.clock.now());
  if (!key) throw notFound(`API key ${keyId}`);
  return key;
}
