// JWT-shaped tokens (HS256) the sandbox signs: the shopper token VTEX ID puts in
// VtexIdclientAutCookie_{account}, and the vtex_session token. One secret per sandbox, like VTEX
// ID's keys, so a token validates at any account of the same sandbox and says which account
// it belongs to (clients must compare it with the store, VTEX-API.md §7).

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from '../core/area';

export interface UserTokenClaims {
  sub: string;
  account: string;
  audience: 'webstore';
  sess: string;
  exp: number;
  userId: string;
  iat: number;
  iss: 'token-emitter';
  jti: string;
}

const secrets = new WeakMap<SandboxContext, Buffer>();

function secretOf(ctx: SandboxContext): Buffer {
  let secret = secrets.get(ctx);
  if (!secret) {
    secret = randomBytes(32);
    secrets.set(ctx, secret);
  }
  return secret;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signToken(ctx: SandboxContext, claims: object): string {
  const unsigned = `${encode({ alg: 'HS256', kid: 'sandbox', typ: 'jwt' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secretOf(ctx)).update(unsigned).digest('base64url')}`;
}

/** The claims of a token this sandbox signed, or undefined (malformed, forged or tampered). */
export function verifySignature(ctx: SandboxContext, token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secretOf(ctx)).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? { ...claims } : undefined;
  } catch {
    return undefined;
  }
}

export function mintUserToken(ctx: SandboxContext, input: { account: string; email: string; userId: string; sessionId: string; ttlMs: number }): { token: string; claims: UserTokenClaims } {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const claims: UserTokenClaims = {
    sub: input.email, account: input.account, audience: 'webstore', sess: input.sessionId,
    exp: iat + Math.max(1, Math.floor(input.ttlMs / 1000)), userId: input.userId, iat, iss: 'token-emitter', jti: randomUUID(),
  };
  return { token: signToken(ctx, claims), claims };
}

/** A shopper token that is ours, well-formed and not expired on the sandbox clock. */
export function verifyUserToken(ctx: SandboxContext, token: string): UserTokenClaims | undefined {
  const claims = verifySignature(ctx, token);
  if (!claims) return undefined;
  const { sub, account, sess, exp, userId, iat, jti } = claims;
  if (typeof sub !== 'string' || typeof account !== 'string' || typeof userId !== 'string' || typeof exp !== 'number'
    || typeof iat !== 'number' || typeof sess !== 'string' || typeof jti !== 'string' || claims.audience !== 'webstore') return undefined;
  if (exp * 1000 <= ctx.clock.now()) return undefined;
  return { sub, account, audience: 'webstore', sess, exp, userId, iat, iss: 'token-emitter', jti };
}
