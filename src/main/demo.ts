// `npm run demo`: the VTEX sandbox with a seeded demo store, and Pontua on a fresh embedded
// database with a program and members holding points, so a newcomer can try the API at once.
// The store connection (import, hooks, crediting) arrives with the VTEX integration; until then
// the demo's members are enrolled and credited from the store's customers and orders directly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startSandbox } from '../../sandbox/main';
import { buildApp } from '../http/app';
import { createTenant } from '../app/tenants/create-tenant';
import { createMember } from '../app/members/members';
import { earnPoints } from '../app/ledger/earn-points';
import { pointsForCents } from '../domain/points';
import { sweepLedger } from '../jobs/ledger-sweep.job';
import { openContainer } from './container';

const ACCOUNT = 'lojademo';
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT) || 4010;
const PORT = Number(process.env.PORT) || 3000;

async function control(url: string, body: object) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

const sandbox = await startSandbox({ port: SANDBOX_PORT });
await control(`${sandbox.url}/_sandbox/accounts`, { name: ACCOUNT, seed: 42 });
const seeded = await control(`${sandbox.url}/_sandbox/accounts/${ACCOUNT}/seed`, { customers: 200, orders: 2000 });
const vtexKey = await control(`${sandbox.url}/_sandbox/accounts/${ACCOUNT}/keys`, {});
const store = sandbox.ctx.registry.get(ACCOUNT)!;

const dataDir = mkdtempSync(join(tmpdir(), 'pontua-demo-'));
const container = await openContainer({ engine: 'pglite', dataDir: join(dataDir, 'pglite') });
const { tenantId, apiKey } = await createTenant(container, { name: 'Loja Demo', pointsExpiryDays: 365 });

// Enrol the first customers and credit their orders, as the integration will do on its own.
let credited = 0;
const memberOf = new Map<string, string>();
for (let index = 0; index < Math.min(store.customers.count, 30); index++) {
  const customer = store.customers.at(index);
  if (!customer) break;
  const member = await createMember(container, tenantId, {
    email: customer.email,
    name: `${customer.firstName} ${customer.lastName}`,
    vtexUserId: customer.userId,
    document: customer.document,
  });
  memberOf.set(customer.userId, member.id);
}
for (let index = 0; index < store.orders.count && credited < 60; index++) {
  const customer = store.customers.at(store.orders.customerIndexAt(index));
  const memberId = customer && memberOf.get(customer.userId);
  const cents = store.orders.totalValueAt(index);
  if (!memberId || cents <= 0) continue;
  const orderId = store.orders.orderIdAt(index);
  await earnPoints(container, {
    tenantId,
    memberId,
    points: Math.max(1, pointsForCents(cents, '1')),
    reference: `order:${orderId}`,
    // Half are already due (the worker makes them available), half become available in a week.
    dueAt: new Date(Date.now() + (credited % 2 === 0 ? 0 : 7 * 86_400_000)),
    idempotencyKey: `earn:order:${orderId}`,
  });
  credited++;
}
await sweepLedger(container, { tenantIds: [tenantId] });

const app = await buildApp(container, { logger: pino({ level: 'warn' }) });
await app.listen({ port: PORT, host: '127.0.0.1' });
const firstMember = [...memberOf.values()][0];

console.log(`
Pontua demo is running.

  VTEX sandbox   ${sandbox.url}/${ACCOUNT}   (${seeded.customers} customers, ${seeded.orders} orders)
                 AppKey ${vtexKey.appKey}
                 AppToken ${vtexKey.appToken}
  Pontua API     http://127.0.0.1:${PORT}   (API docs: http://127.0.0.1:${PORT}/api/docs)
                 tenant ${tenantId}, ${memberOf.size} members, ${credited} orders credited
                 API key ${apiKey}

Try:
  curl -s -H "Authorization: Bearer ${apiKey}" http://127.0.0.1:${PORT}/api/admin/v1/members | head -c 600
  curl -s -H "Authorization: Bearer ${apiKey}" http://127.0.0.1:${PORT}/api/admin/v1/members/${firstMember}
  curl -s -H "Authorization: Bearer ${apiKey}" -H "Idempotency-Key: demo-1" -H "Content-Type: application/json" \\
       -d '{"points": 50, "reason": "Welcome bonus"}' http://127.0.0.1:${PORT}/api/admin/v1/members/${firstMember}/adjustments

The store connection (customer and order import, hooks, crediting N days later), rewards, e-mails,
the widget and the admin panel arrive with the next issues. Press Ctrl+C to stop.
`);

const stop = async () => {
  await app.close();
  await container.close();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
