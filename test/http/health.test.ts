// /healthz and /readyz: readiness follows the database, and fails as soon as a shutdown begins
// (so a load balancer drains the process while it finishes what it has).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';
import { engines } from '../harness/databases';
import { useHttpSuite, type HttpWorld } from '../harness/http';

describe.each(engines)('health routes on $name', (engine) => {
  const suite = useHttpSuite(engine);
  let http: HttpWorld;
  beforeAll(() => {
    ({ http } = suite);
  });

  it('answers live and ready while the database answers', async () => {
    expect((await http.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await http.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers not ready when the database does not answer', async () => {
    const app = await buildApp({ ...http.world, isDatabaseReady: async () => Promise.reject(new Error('connection refused')) });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'database unavailable' });
    } finally {
      await app.close();
    }
  });

  it('answers not ready once a shutdown begins, while still serving requests', async () => {
    const app = await buildApp(http.world);
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      app.operations.beginShutdown();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'shutting down' });
      // Answers sent while stopping close their connection, so keep-alive does not hold the server.
      const live = await app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
      expect(live.headers.connection).toBe('close');
    } finally {
      await app.close();
    }
  });
});
