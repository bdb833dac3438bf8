// Builds the HTTP application: validation, authentication, error mapping, OpenAPI and routes.
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { newId } from '../app/ids';
import { invalid } from '../domain/errors';
import type { Clock, LedgerStore, MemberStore, WorkSignal, SecretBox, TenantStore, VtexIntegrationStore, VtexConnectionChecker, OrderEventStore, VtexOrderHookGateway } from '../app/ports';
import type { SyncJobStore } from '../app/sync/ports';
import type { EmailStore } from '../app/email/ports';
import type { StorefrontStore, VtexShopperCheckFactory } from '../app/storefront/ports';
import type { RedemptionStore, RewardStore, VtexCouponGatewayFactory } from '../app/rewards/ports';
import type { DashboardStore } from '../app/dashboard/ports';
import type { MemberPrivacyStore } from '../app/members/ports';
import type { AdminUserStore, AuditLogStore, PasswordHasher } from '../app/admin/ports';
import type { OperatorMetrics } from '../app/metrics/ports';
import type { RecentReads } from '../app/recent-reads';
import { adminAuth } from './auth';
import { auditHooks } from './audit';
import { sendError } from './errors';
import { ErrorResponse } from './schemas';
import { validatorCompiler } from './validation';
import { registerAdminRoutes } from './routes/admin';
import { registerHealthRoutes } from './routes/health';
import { registerOperations } from './operations';
import { registerVtexOrdersWebhook } from './routes/webhooks/vtex-orders.receive';
import { registerUnsubscribe } from './routes/unsubscribe';
import { registerWidgetRoute } from './routes/widget';
import { registerAdminPanel } from './routes/admin-panel';
import { registerStorefront } from './routes/storefront';

export interface AppDeps {
  ledger: LedgerStore;
  tenants: TenantStore;
  members: MemberStore;
  /** Exporting and erasing members' personal data (LGPD). */
  memberPrivacy: MemberPrivacyStore;
  /** The panel's dashboard aggregates. */
  dashboard: DashboardStore;
  rewards: RewardStore;
  orderEventsRecorded: WorkSignal;
  redemptions: RedemptionStore;
  vtexIntegrations: VtexIntegrationStore;
  /** The storefront's program and the hook's integration, read at most a few seconds ago. */
  recentReads: RecentReads;
  secrets: SecretBox;
  vtexChecker: VtexConnectionChecker;
  vtexHooks: VtexOrderHookGateway;
  /** E-mails made from the outbox: the admin list and previews, unsubscribing. */
  emails: EmailStore;
  /** The storefront's reads, and VTEX's answer on a shopper's session. */
  storefront: StorefrontStore;
  vtexShoppers: VtexShopperCheckFactory;
  /** Origins every program's storefront accepts besides its own store (the VTEX sandbox in development). */
  storefrontExtraOrigins: readonly string[];
  /** Issuing reward coupons in VTEX, one gateway per tenant connection. */
  vtexCoupons: VtexCouponGatewayFactory;
  /** Where VTEX reaches this server (PONTUA_PUBLIC_URL), for the hook it calls. */
  publicUrl: string;
  orderEvents: OrderEventStore;
  syncJobs: SyncJobStore;
  /** The panel's users and sessions, how their passwords are hashed, and the audit log. */
  adminUsers: AdminUserStore;
  passwords: PasswordHasher;
  auditLog: AuditLogStore;
  clock: Clock;
  /** Whether the database answers, for /readyz. */
  isDatabaseReady(): Promise<boolean>;
  /** Request and job metrics, and GET /metrics's text. */
  metrics: OperatorMetrics;
  /** PONTUA_METRICS_TOKEN: the bearer token /metrics wants; null: loopback peers only. */
  metricsToken: string | null;
}

export interface RouteEntry {
  method: string;
  url: string;
  auth: 'admin' | 'storefrontKey' | 'memberToken' | null;
  /** The audit log's action, for routes that change something. */
  audit: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The first field (`name`, `query`, `redemptionIds[2]`) whose text, or key, holds U+0000; null if none. */
function nulField(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : depth === 0 ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulField(item, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * `trustProxy`: the reverse proxies whose X-Forwarded-For names the client (addresses, CIDR
 * ranges or a hop count: PONTUA_TRUST_PROXY); then `request.ip`, which the per-address rate
 * limits count, is the client's. Without it, the socket's peer.
 */
export async function buildApp(deps: AppDeps, options: { logger?: FastifyBaseLogger | boolean; trustProxy?: string[] | number | null } = {}) {
  const app = Fastify({
    // A hop count trusts that many proxies nearest to this server, whatever their addresses.
    ...(typeof options.trustProxy === 'number' ? { trustProxy: (_address: string, hop: number) => hop < (options.trustProxy as number) } : {}),
    ...(Array.isArray(options.trustProxy) ? { trustProxy: options.trustProxy } : {}),
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId('req');
    },
    // registerOperations logs one line per answered request instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // The unsubscribe link's signed token is about 110 characters (the default limit is 100).
    routerOptions: { maxParamLength: 400 },
    // A URL the router cannot decode (`%E0%A4%A`, `%`) or a path segment over maxParamLength is
    // refused before any route runs: answered with the API's error shape too.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      return sendError(error, request, reply);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('caller', null);
  app.addSchema(ErrorResponse);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}`, requestId: request.id } }),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // PostgreSQL text cannot hold U+0000: such input is refused here, naming the field, instead of
  // failing in the database as a 500 (a path parameter, a query string, any string in a body).
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      const field = nulField(value, part);
      if (field) throw invalid(field, 'must not contain the character U+0000');
    }
  });

  // Authentication runs first (onRequest), so a caller without a valid key learns nothing about
  // what a valid request would look like. Every route is recorded for the security tests.
  const authenticate = adminAuth(deps);
  const audit = auditHooks(deps);
  app.decorateRequest('auditBefore', null);
  app.addHook('onSend', (request, reply, payload) => audit.write(request, reply, payload));
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth ?? null;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, auth, audit: route.config?.audit?.action ?? null });
    }
    if (auth === 'admin') {
      const existing = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [authenticate, ...existing];
    }
    if (route.config?.audit?.before) {
      const existing = route.preHandler ? [route.preHandler].flat() : [];
      route.preHandler = [...existing, audit.readBefore];
    }
  });

  // After the route table's hook (so /metrics is in it), before the routes: every request is timed.
  registerOperations(app, deps);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Pontua API', version: '1', description: 'Loyalty points for VTEX stores' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key (psk.…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'pontua_admin', description: "The panel's session; changes also need X-CSRF-Token" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerHealthRoutes(app, { isDatabaseReady: deps.isDatabaseReady, isShuttingDown: () => app.operations.isShuttingDown() });
  registerVtexOrdersWebhook(app, deps);
  registerWidgetRoute(app);
  registerAdminPanel(app);
  await registerUnsubscribe(app, deps);
  await registerStorefront(app, deps, { extraOrigins: deps.storefrontExtraOrigins });
  await app.register(async (admin) => registerAdminRoutes(admin.withTypeProvider<TypeBoxTypeProvider>(), deps), {
    prefix: '/api/admin/v1',
  });
  return app;
}

export type TypedApp = Awaited<ReturnType<typeof buildApp>>;
