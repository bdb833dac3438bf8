// Reads the two busiest routes repeat on every request — the storefront's program by its public
// key, and the order hook's integration — kept for a few seconds in the process, instead of
// read from the database each time (docs/PERFORMANCE.md, "HTTP load").
//
// What may be stale, and for how long (at most `ttlMs`, 5 s by default):
// - a change made by this process is seen at once (the stores that write call `forget`);
// - a change made by another process (several API processes) is seen within `ttlMs`: a program's
//   name, colours or store URL (CORS), an integration switched off. Nothing a shopper or VTEX does
//   depends on a fresher read: the order hook re-reads whenever the kept integration would refuse
//   or ignore the notification (see receive-order-hook.ts), so a newly activated integration or a
//   new hook secret never loses a notification.
import { LRUCache } from 'lru-cache';
import type { Program } from '../domain/program';
import type { StoredVtexIntegration, TenantStore, VtexIntegrationStore } from './ports';

export interface StorefrontProgram {
  program: Program;
  integration: StoredVtexIntegration | null;
}

export interface RecentReads {
  /** The program with this public key and its integration, read at most ttl ago; null: no such program (never kept). */
  storefrontProgram(publicKey: string): Promise<StorefrontProgram | null>;
  /** The tenant's integration, read at most ttl ago; null: none saved (never kept). */
  integration(tenantId: string): Promise<StoredVtexIntegration | null>;
  /** Reads the integration now and keeps that reading. */
  freshIntegration(tenantId: string): Promise<StoredVtexIntegration | null>;
  /** Something changed in this process: every kept reading is dropped. */
  forget(): void;
}

export const RECENT_READS_TTL_MS = 5_000;

/** Programs and integrations kept at most (one entry each per store; a host with more stores reads more often). */
const MAX_ENTRIES = 10_000;

export function recentReads(
  deps: { tenants: Pick<TenantStore, 'byPublicKey'>; vtexIntegrations: Pick<VtexIntegrationStore, 'get'> },
  ttlMs = RECENT_READS_TTL_MS,
): RecentReads {
  const readProgram = async (publicKey: string): Promise<StorefrontProgram | undefined> => {
    const program = await deps.tenants.byPublicKey(publicKey);
    if (!program) return undefined;
    return { program, integration: await deps.vtexIntegrations.get(program.tenantId) };
  };
  const readIntegration = async (tenantId: string) => (await deps.vtexIntegrations.get(tenantId)) ?? undefined;
  // fetchMethod: concurrent misses of one key share one read; undefined (not found) is not kept.
  const programs = new LRUCache<string, StorefrontProgram>({ max: MAX_ENTRIES, ttl: ttlMs, fetchMethod: readProgram });
  const integrations = new LRUCache<string, StoredVtexIntegration>({ max: MAX_ENTRIES, ttl: ttlMs, fetchMethod: readIntegration });
  // forget() during a read in flight makes lru-cache reject that read ("deleted"): it may be older
  // than the change, so it is read again, directly, and not kept. (A database error the first
  // time is met again by that second read.)
  const kept = async <V extends object>(cache: LRUCache<string, V>, key: string, read: (key: string) => Promise<V | undefined>, forceRefresh = false) => {
    try {
      return (await cache.fetch(key, { forceRefresh })) ?? null;
    } catch {
      return (await read(key)) ?? null;
    }
  };
  return {
    storefrontProgram: (publicKey) => kept(programs, publicKey, readProgram),
    integration: (tenantId) => kept(integrations, tenantId, readIntegration),
    freshIntegration: (tenantId) => kept(integrations, tenantId, readIntegration, true),
    forget() {
      programs.clear();
      integrations.clear();
    },
  };
}
