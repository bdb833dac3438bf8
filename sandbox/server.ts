// Builds and starts the sandbox: the control API under /_sandbox and every area under
// /{account}. `startSandbox` is what tests (ours and Pontua's) call to run it in-process.

import Fastify, { type FastifyInstance } from 'fastify';
import { BUILT_IN_AREAS } from './areas';
import { AccountRegistry } from './core/account-registry';
import { DEFAULT_SETTINGS, type HookRetryPolicy, type SandboxArea, type SandboxContext, type SandboxSettings } from './core/area';
import { SandboxClock } from './core/clock';
import { makeAreaKit, recordRequests } from './core/gate';
import { registerControlRoutes } from './control/control-routes';

export interface SandboxOptions {
  /** 0 = a free port (tests). Default 4010. */
  port?: number;
  host?: string;
  /** Seed of accounts created without one. */
  seed?: number;
  hookTimeoutMs?: number;
  hookRetry?: Partial<HookRetryPolicy>;
  /** Extra areas besides the built-in ones (e.g. an area under development). */
  areas?: readonly SandboxArea[];
  logger?: boolean;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:4010; an account's VTEX base URL is `${url}/${account}`. */
  url: string;
  port: number;
  app: FastifyInstance;
  ctx: SandboxContext;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';

function resolveSettings(options: SandboxOptions): SandboxSettings {
  return {
    hookTimeoutMs: options.hookTimeoutMs ?? DEFAULT_SETTINGS.hookTimeoutMs,
    hookRetry: { ...DEFAULT_SETTINGS.hookRetry, ...options.hookRetry },
  };
}

export async function buildSandbox(options: SandboxOptions = {}): Promise<{ app: FastifyInstance; ctx: SandboxContext }> {
  const ctx: SandboxContext = {
    registry: new AccountRegistry(),
    clock: new SandboxClock(),
    settings: resolveSettings(options),
    defaultSeed: options.seed ?? 1,
  };
  const areas = [...BUILT_IN_AREAS, ...(options.areas ?? [])];
  // Closing drops every connection, kept-alive ones included: a test's sandbox stops at once.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true });

  // VTEX clients send Content-Type: application/json even on bodiless DELETEs, and Master
  // Data uses vendor types (application/vnd.vtex.ds.v10+json): accept empty and vendor JSON.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error, _request, reply) => {
    const status = typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    const message = status < 500 && error instanceof Error ? error.message : 'Internal server error';
    return reply.code(status).send({ error: { code: '1', message, exception: null } });
  });
  // The .NET-style body VTEX's services answer for a path they do not have.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ Message: `No HTTP resource was found that matches the request URI '${request.url}'.` }));

  registerControlRoutes(app, ctx);
  for (const area of areas) {
    ctx.registry.onAccountCreated((account) => area.onAccountCreated?.(account, ctx));
    const kit = makeAreaKit(area, ctx);
    await app.register(async (scope) => {
      recordRequests(scope);
      await area.routes(scope, kit);
    }, { prefix: '/:account' });
    const controlRoutes = area.controlRoutes;
    if (controlRoutes) {
      await app.register(async (scope) => controlRoutes(scope, ctx), { prefix: '/_sandbox/accounts/:account' });
    }
  }
  app.addHook('onClose', async () => ctx.registry.clear());
  return { app, ctx };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { app, ctx } = await buildSandbox(options);
  const host = options.host ?? DEFAULT_HOST;
  await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port ?? DEFAULT_PORT;
  return { url: `http://${host}:${port}`, port, app, ctx, close: () => app.close() };
}
