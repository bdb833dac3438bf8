import type { Router } from '../router';

export interface HealthDeps {
  isDatabaseReady(): Promise<boolean>;
  /** True once the process is stopping: readiness fails at once so a load balancer drains it. */
  isShuttingDown(): boolean;
}

export function registerHealthRoutes(app: Router, deps: HealthDeps) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.status(503).send({ status: 'shutting down' });
    const ready = await deps.isDatabaseReady().catch(() => false);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unavailable' });
  });
}
