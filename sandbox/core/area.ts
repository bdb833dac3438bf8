// The extension point: each VTEX area (OMS, Master Data, Catalog, …) is one SandboxArea,
// registered under /{account} with the shared auth, permission and fault gate.

import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Account } from './account';
import type { AccountRegistry } from './account-registry';
import type { SandboxClock } from './clock';
import type { LicenseResource } from './license-resources';

export interface HookRetryPolicy {
  /** Delay before the 2nd attempt; each next delay is multiplied by `factor`, capped at maxDelayMs. */
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export interface SandboxSettings {
  /** VTEX waits 5 s for a hook receiver (and for the ping) before counting a failure. */
  hookTimeoutMs: number;
  hookRetry: HookRetryPolicy;
}

export const DEFAULT_SETTINGS: SandboxSettings = {
  hookTimeoutMs: 5000,
  // "An internal geometric progression", up to 100 attempts over about 4 days (Orders spec).
  hookRetry: { initialDelayMs: 5000, factor: 2, maxDelayMs: 3_600_000, maxAttempts: 100 },
};

export interface SandboxContext {
  registry: AccountRegistry;
  /** Seed of accounts created without one. */
  defaultSeed: number;
  clock: SandboxClock;
  settings: SandboxSettings;
}

/** Who is calling: today only app keys; a later VTEX ID module can add user tokens. */
export interface Principal {
  appKey: string;
  resources: ReadonlySet<LicenseResource>;
}

/** What a route asks of the gate: the resources that allow it, or no auth at all. */
export type Access = { resources: readonly LicenseResource[] } | 'public';

export interface AreaKit {
  ctx: SandboxContext;
  /** onRequest hook: account → 404, credentials → 401, resources → 403, faults → 429/5xx. */
  gate(access: Access): onRequestHookHandler;
  account(request: FastifyRequest): Account;
  principal(request: FastifyRequest): Principal | undefined;
  /** Sends this area's VTEX-shaped error body. */
  fail(reply: FastifyReply, status: number, message: string, code?: string): FastifyReply;
}

export interface SandboxArea {
  name: string;
  /** The body VTEX sends for an error in this area; areas differ (OMS: {error:{code,message}}, MD: {Message}). */
  errorBody(status: number, message: string, code?: string): unknown;
  /** VTEX API routes, mounted under /{account}. */
  routes(scope: FastifyInstance, kit: AreaKit): void | Promise<void>;
  /** Scenario routes, mounted under /_sandbox/accounts/{account}; no VTEX auth. */
  controlRoutes?(scope: FastifyInstance, ctx: SandboxContext): void | Promise<void>;
  /** Wire per-account machinery (listeners) when an account is created or reset. */
  onAccountCreated?(account: Account, ctx: SandboxContext): void;
}
