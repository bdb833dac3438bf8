// The storefront API (docs/storefront-api.md), called by the widget from the shopper's browser on
// the merchant's store. Every request names its program by the public key (X-Pontua-Key or
// ?key=); member routes also carry a member token. CORS: only the program's store and its VTEX
// account's domains — a request from another origin is refused before it does anything (a
// preflight cannot name the program, so it is answered for any origin; the request itself is
// checked). Rate limits per IP, per member, and tighter for signing in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../domain/errors';
import { presentRedemption } from './admin/present';
import {
  memberOf, myAccount, myCoupons, myHistory, myRewards, programByKey, programInfo, redeemForMember, refreshToken, requestLoginCode, signInWithVtex,
  verifyLoginCode,
  type StorefrontDeps, type StorefrontProgram,
} from '../../app/storefront/storefront';
import type { MemberTokenClaims } from '../../app/storefront/member-token';
import type { Redemption } from '../../app/rewards/ports';
import type { Language } from '../../domain/program';
import { RateLimiter } from '../rate-limit';
import type { Router } from '../router';
import type { RecentReads } from '../../app/recent-reads';

declare module 'fastify' {
  interface FastifyRequest {
    storefront: { found: StorefrontProgram; member: MemberTokenClaims | null } | null;
  }
}

export interface StorefrontSettings {
  /** Origins allowed for every program besides its own (the VTEX sandbox in development). */
  extraOrigins: readonly string[];
}

const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, x-pontua-key';

// A cookie's value as a browser keeps it (RFC 6265 cookie-octets): anything else cannot be a VTEX
// session, and could not be sent to VTEX in a Cookie header anyway.
const CookieValue = Type.String({ maxLength: 4096, pattern: '^[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*$' });

function originOf(url: string | null | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/** The store's origin and the VTEX account's own domains. */
function allowedOrigins(found: StorefrontProgram, extra: readonly string[]): Set<string> {
  const origins = new Set(extra);
  const settings = found.integration?.settings;
  const store = originOf(settings?.storeUrl);
  if (store) origins.add(store);
  if (settings?.accountName) {
    origins.add(`https://${settings.accountName}.myvtex.com`);
    origins.add(`https://${settings.accountName}.${settings.environment}.com.br`);
  }
  return origins;
}

const keyOf = (request: FastifyRequest) => {
  const header = request.headers['x-pontua-key'];
  const query = (request.query as Record<string, unknown> | undefined)?.key;
  return typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
};

const bearer = (request: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

const presentCoupon = (redemption: Redemption, language: Language) => {
  const full = presentRedemption(redemption, language);
  return {
    id: full.id, status: full.status, rewardId: full.rewardId, reward: { kind: full.reward.kind, name: full.reward.name }, cost: full.cost,
    couponCode: full.couponCode, couponExpiresAt: full.couponExpiresAt, instructions: full.instructions, reason: full.reason, createdAt: full.createdAt,
  };
};

export async function registerStorefront(app: Router, deps: StorefrontDeps & { recentReads: RecentReads }, settings: StorefrontSettings) {
  const perIp = new RateLimiter(300, 60_000);
  const perMember = new RateLimiter(120, 60_000);
  const signIns = new RateLimiter(20, 60_000);
  const limit = (reply: FastifyReply, limiter: RateLimiter, key: string) => {
    const wait = limiter.hit(key);
    if (wait === null) return;
    reply.header('retry-after', String(wait));
    throw new DomainError('RATE_LIMITED', `too many requests: try again in ${wait} s`);
  };

  await app.register(async (scope) => {
    scope.decorateRequest('storefront', null);

    // Preflight: answered for any origin (it cannot name the program); the request itself is checked below.
    scope.options('/*', { schema: { hide: true } }, async (request, reply) => {
      const origin = request.headers.origin;
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      return reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    });

    scope.addHook('onRequest', async (request, reply) => {
      if (request.method === 'OPTIONS') return;
      limit(reply, perIp, request.ip);
      const found = await programByKey(deps, keyOf(request));
      const origin = request.headers.origin;
      if (origin !== undefined) {
        if (!allowedOrigins(found, settings.extraOrigins).has(origin)) {
          throw new DomainError('ORIGIN_NOT_ALLOWED', `requests from ${origin} are not allowed for this program (its store and VTEX account only)`);
        }
        reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      }
      let member: MemberTokenClaims | null = null;
      if (request.routeOptions.config.auth === 'memberToken') {
        member = memberOf(deps, found, bearer(request));
        limit(reply, perMember, `${member.tenantId}:${member.memberId}`);
      }
      request.storefront = { found, member };
    });

    const contextOf = (request: FastifyRequest) => {
      if (!request.storefront) throw new DomainError('UNAUTHORIZED', 'unknown program key (data-key)');
      return request.storefront;
    };
    const memberIn = (request: FastifyRequest) => {
      const { member } = contextOf(request);
      if (!member) throw new DomainError('UNAUTHORIZED', 'sign in first');
      return member;
    };
    const common = { tags: ['storefront'] };
    const programKey = { config: { auth: 'storefrontKey' as const } };
    const memberToken = { config: { auth: 'memberToken' as const } };

    scope.get('/program', { ...programKey, schema: { ...common, summary: 'The program as the widget shows it' } }, async (request) => programInfo(contextOf(request).found));

    scope.post(
      '/sso/vtex',
      {
        ...programKey,
        schema: {
          ...common,
          summary: "Sign in through the store's own login: VTEX confirms the session (or VTEX ID token) server-side",
          body: Type.Object(
            {
              vtexSession: Type.Optional(CookieValue),
              vtexSegment: Type.Optional(CookieValue),
              vtexIdToken: Type.Optional(Type.String({ maxLength: 4096 })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        // Per IP and program: guessing sessions at one store is slowed down without one busy shared IP locking out every store.
        limit(reply, signIns, `${request.ip}:${contextOf(request).found.program.tenantId}`);
        const signedIn = await signInWithVtex(deps, contextOf(request).found, request.body as { vtexSession?: string; vtexSegment?: string; vtexIdToken?: string });
        // Not signed in is an answer, not an error: every anonymous visitor has a VTEX session.
        if (!signedIn) return { signedIn: false };
        return {
          signedIn: true, token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(),
          member: { id: signedIn.member.id, name: signedIn.member.name, email: signedIn.member.email },
        };
      },
    );

    const EmailBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
    scope.post(
      '/login/code',
      { ...programKey, schema: { ...common, summary: 'E-mail a one-time sign-in code to a member (programs without single sign-on); the same answer for anyone', body: EmailBody } },
      async (request, reply) => {
        limit(reply, signIns, `${request.ip}:${contextOf(request).found.program.tenantId}`);
        await requestLoginCode(deps, contextOf(request).found, (request.body as { email: string }).email);
        return reply.status(202).send({ sent: 'if the e-mail belongs to a member, a code is on its way' });
      },
    );
    scope.post(
      '/login/verify',
      {
        ...programKey,
        schema: {
          ...common,
          summary: 'Sign in with the e-mailed code (once, 10 minutes, 5 tries)',
          body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), code: Type.String({ minLength: 1, maxLength: 12 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        limit(reply, signIns, `${request.ip}:${contextOf(request).found.program.tenantId}`);
        const body = request.body as { email: string; code: string };
        const signedIn = await verifyLoginCode(deps, contextOf(request).found, body.email, body.code);
        return {
          signedIn: true, token: signedIn.token, expiresAt: signedIn.expiresAt.toISOString(),
          member: { id: signedIn.member.id, name: signedIn.member.name, email: signedIn.member.email },
        };
      },
    );

    scope.post('/token/refresh', { ...memberToken, schema: { ...common, summary: 'A fresh member token for a valid one' } }, async (request) => {
      const fresh = refreshToken(deps, memberIn(request));
      return { token: fresh.token, expiresAt: fresh.expiresAt.toISOString() };
    });

    scope.get('/me', { ...memberToken, schema: { ...common, summary: "The member and their balance" } }, async (request) => myAccount(deps, memberIn(request)));

    scope.get(
      '/me/history',
      { ...memberToken, schema: { ...common, summary: "The member's ledger, newest first", querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 64 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }) } },
      async (request) => myHistory(deps, memberIn(request), (request.query as { cursor?: string }).cursor),
    );

    scope.get('/me/rewards', { ...memberToken, schema: { ...common, summary: 'Active rewards, with whether the member can redeem each' } }, async (request) => myRewards(deps, memberIn(request)));

    scope.post(
      '/me/redemptions',
      {
        ...memberToken,
        schema: {
          ...common,
          summary: 'Redeem a reward; the Idempotency-Key (from the client) makes a retry answer the same redemption',
          headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 1, maxLength: 200 }) }),
          body: Type.Object({ rewardId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        },
      },
      async (request, reply) => {
        const claims = memberIn(request);
        const { redemption, replayed } = await redeemForMember(deps, claims, (request.body as { rewardId: string }).rewardId, request.headers['idempotency-key'] as string);
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(201).send(presentCoupon(redemption, contextOf(request).found.program.language));
      },
    );

    scope.get('/me/coupons', { ...memberToken, schema: { ...common, summary: "The member's coupons, newest first" } }, async (request) => {
      const language = contextOf(request).found.program.language;
      return { items: (await myCoupons(deps, memberIn(request))).map((redemption) => presentCoupon(redemption, language)) };
    });
  }, { prefix: '/api/storefront/v1' });
}
