// Single sign-on's question to VTEX (VTEX-API.md §7): is this session, or this VTEX ID token, an
// authenticated shopper of the store's account — and who. The Session API is asked on the
// account's own host, so another store's session is not this store's shopper.
import type { VtexShopper, VtexShopperCheck, VtexShopperCheckFactory } from '../../app/storefront/ports';
import type { VtexClientOptions } from './http-transport';
import { clientFor, perConnection, toVtexRead } from './per-connection';

export function vtexShopperCheckFactory(options: Pick<VtexClientOptions, 'baseUrlTemplate'> = {}): VtexShopperCheckFactory {
  return perConnection((connection): VtexShopperCheck => {
    const client = clientFor(connection, {
      baseUrlTemplate: options.baseUrlTemplate,
      // A shopper is waiting: short, one retry.
      timeoutMs: 5_000,
      retry: { maxAttempts: 2, baseDelayMs: 200, maxBackoffMs: 1_000, maxRetryAfterMs: 1_000, rateLimitFloorMs: 1_000 },
    });
    return {
      async session(cookies) {
        const jar: Record<string, string> = { vtex_session: cookies.vtexSession };
        if (cookies.vtexSegment) jar.vtex_segment = cookies.vtexSegment;
        return toVtexRead(await client.getSession(jar), (session): VtexShopper | null => {
          if (!session.isAuthenticated || !session.email) return null;
          const name = [session.firstName, session.lastName].filter(Boolean).join(' ');
          return { userId: session.userId, email: session.email, name: name || null };
        });
      },
      async idToken(token) {
        return toVtexRead(await client.validateShopperToken(token), (identity): VtexShopper | null =>
          identity ? { userId: identity.userId, email: identity.email, name: null } : null);
      },
    };
  });
}
