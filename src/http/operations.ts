// What the operator's side of the HTTP app needs: every request timed into the metrics by its
// route template (never the raw URL: ids would make a series per member), the requests in flight
// (a shutdown that runs out of time logs them), the draining flag /readyz answers 503 on, and
// GET /metrics, which is not for the internet: with PONTUA_METRICS_TOKEN it wants that bearer
// token, without one it answers only a peer on the loopback that no proxy forwarded.
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors';
import { newId } from '../app/ids';
import type { OperatorMetrics } from '../app/metrics/ports';
import type { Router } from './router';
import { sendError } from './errors';
import { registerHealthRoutes } from './routes/health';

export interface OperationsDeps {
  metrics: OperatorMetrics;
  /** PONTUA_METRICS_TOKEN; null: /metrics answers loopback peers only. */
  metricsToken: string | null;
  isDatabaseReady(): Promise<boolean>;
}

export interface InFlightRequest {
  requestId: string;
  method: string;
  route: string;
  seconds: number;
}

export interface Operations {
  /** From now on /readyz answers 503, so a load balancer stops sending traffic here. */
  beginShutdown(): void;
  isShuttingDown(): boolean;
  /** The requests not answered yet, oldest first. */
  inFlight(): InFlightRequest[];
}

declare module 'fastify' {
  interface FastifyInstance {
    operations: Operations;
  }
}

/** A route's URL template; `unmatched` for a URL no route serves (one label, whatever was asked). */
const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Throws UNAUTHORIZED unless the request may read the metrics. */
function checkMetricsAccess(request: FastifyRequest, token: string | null): void {
  if (token !== null) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), digest(token))) {
      throw new DomainError('UNAUTHORIZED', 'GET /metrics needs the PONTUA_METRICS_TOKEN as a bearer token');
    }
    return;
  }
  // A proxy on the same machine would make every client look local: a forwarded request is not.
  const forwarded = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
  if (!isLoopback(request.socket.remoteAddress) || forwarded) {
    throw new DomainError('UNAUTHORIZED', 'GET /metrics answers loopback addresses only; set PONTUA_METRICS_TOKEN to scrape from elsewhere');
  }
}

/** Registers the request metrics, the in-flight list, /metrics and the `operations` decoration. */
export function registerOperations(app: Router, deps: OperationsDeps): void {
  let shuttingDown = false;
  const inFlight = new Map<string, { method: string; route: string; startedAt: number }>();
  app.decorate('operations', {
    beginShutdown: () => {
      shuttingDown = true;
    },
    isShuttingDown: () => shuttingDown,
    inFlight: () => {
      const now = performance.now();
      return [...inFlight].map(([requestId, entry]) => ({ requestId, method: entry.method, route: entry.route, seconds: Math.round(now - entry.startedAt) / 1000 }));
    },
  } satisfies Operations);

  app.addHook('onRequest', async (request) => {
    inFlight.set(request.id, { method: request.method, route: routeOf(request), startedAt: performance.now() });
  });
  app.addHook('onRequestAbort', async (request) => {
    inFlight.delete(request.id);
  });
  // A kept-alive connection would hold the closing server open until it idles out.
  app.addHook('onSend', async (_request, reply) => {
    if (shuttingDown) reply.header('connection', 'close');
  });
  // One log line per request, when it is answered (Fastify's own request logging, off in both
  // apps, writes two: the request when it arrives and the answer). Errors are logged when they happen.
  app.addHook('onResponse', async (request, reply) => {
    inFlight.delete(request.id);
    deps.metrics.observeRequest({ method: request.method, route: routeOf(request), statusCode: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });

  // Scrapes every few seconds would fill the log: only their failures are logged.
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    checkMetricsAccess(request, deps.metricsToken);
    const { contentType, body } = await deps.metrics.render();
    return reply.type(contentType).send(body);
  });
}

/**
 * A listener for PONTUA_METRICS_PORT: /metrics, /healthz and /readyz only, for a process that
 * serves no API (`pontua worker`) or to keep them off the API's port.
 */
export async function buildOperationsApp(deps: OperationsDeps, options: { logger: FastifyBaseLogger }) {
  const app = Fastify({ loggerInstance: options.logger, logController: new LogController({ disableRequestLogging: true }), genReqId: () => newId('req') }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  registerOperations(app, deps);
  registerHealthRoutes(app, { isDatabaseReady: deps.isDatabaseReady, isShuttingDown: () => app.operations.isShuttingDown() });
  await app.ready();
  return app;
}
