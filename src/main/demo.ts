// `npm run demo`: the whole product so far, on one machine. The VTEX sandbox runs a demo store;
// Pontua runs on a fresh embedded database with a program connected to that store exactly as a
// merchant connects theirs (settings saved active: keys checked, order hook registered), which
// imports the store's customers and its last 90 days of orders; then shoppers buy in the store and
// their orders are invoiced, VTEX's hook reaches Pontua, and the order job credits their points;
// one of them redeems a reward and receives a VTEX coupon code to use at the store's checkout.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startSandbox } from '../../sandbox/main';
import { secretBoxFromKeys } from '../adapters/crypto/secret-box';
import { getSyncStatus } from '../app/integrations/get-sync-status';
import { saveVtexIntegration } from '../app/integrations/save-vtex-integration';
import { createTenant } from '../app/tenants/create-tenant';
import { createReward } from '../app/rewards/rewards';
import { createUser } from '../app/admin/users';
import { redeem } from '../app/rewards/redemptions';
import { sql } from 'drizzle-orm';
import { buildApp } from '../http/app';
import { openContainer, systemClock } from './container';
import { startWorker } from './worker';

const ACCOUNT = 'lojademo';
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT) || 4010;
const PORT = Number(process.env.PORT) || 3000;
const ORDERS = 12;

async function control<T = Record<string, unknown>>(url: string, body: object): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

const sandbox = await startSandbox({ port: SANDBOX_PORT });
const store = `${sandbox.url}/_sandbox/accounts/${ACCOUNT}`;
await control(`${sandbox.url}/_sandbox/accounts`, { name: ACCOUNT, seed: 42 });
const seeded = await control(`${store}/seed`, { customers: 200, orders: 2000 });
const vtexKey = await control<{ appKey: string; appToken: string }>(`${store}/keys`, {});

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const publicUrl = `http://127.0.0.1:${PORT}`;
const container = await openContainer(
  { engine: 'pglite', dataDir: join(mkdtempSync(join(tmpdir(), 'pontua-demo-')), 'pglite') },
  systemClock,
  secretBoxFromKeys(randomBytes(32)),
  { baseUrlTemplate: `${sandbox.url}/{account}`, publicUrl },
);
const { tenantId, apiKey } = await createTenant(container, { name: 'Loja Demo', pointsExpiryDays: 365 });
// The merchant's panel user (in production: the first-run setup, or `pontua user create`).
const DEMO_USER = { email: 'lojista@lojademo.example', password: 'demo-pontua-2026' };
await createUser(container, tenantId, { ...DEMO_USER, name: 'Lojista Demo' });
const app = await buildApp(container, { logger });
await app.listen({ port: PORT, host: '127.0.0.1' });

// What the merchant does in the settings form. A credit delay of 0 days lets the demo show
// available points within a minute; a real store usually waits out the 7-day withdrawal period.
await saveVtexIntegration(container, tenantId, {
  accountName: `https://${ACCOUNT}.myvtex.com`,
  appKey: vtexKey.appKey,
  appToken: vtexKey.appToken,
  storeUrl: 'https://www.lojademo.example',
  creditDelayDays: 0,
  singleSignOn: true,
  active: true,
});
// The store's pages carry the widget, as a merchant adds its one script tag.
const { publicKey } = (await container.tenants.get(tenantId))!;
await fetch(`${store}/storefront/scripts`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ scripts: [{ src: `${publicUrl}/widget.js`, attributes: { 'data-key': publicKey, 'data-mode': 'launcher' } }] }),
});
const worker = startWorker(container, logger, { orderEventsMs: 1_000, ledgerSweepMs: 5_000 });

async function until(seconds: number, done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

// The imports run in the worker: customers from Master Data, orders since ordersImportSince.
console.log('Importing the demo store (customers and the last 90 days of orders)…');
await until(120, async () => {
  const status = await getSyncStatus(container, tenantId);
  const imports = status.jobs.filter((job) => job.kind.endsWith('.import'));
  return imports.length > 0 && imports.every((job) => job.state === 'done') && status.orderEvents.pending + status.orderEvents.retrying === 0;
});
const imported = await getSyncStatus(container, tenantId);
const importLine = imported.jobs
  .filter((job) => job.kind.endsWith('.import'))
  .map((job) => `${job.kind} ${job.state} ${job.done}/${job.total ?? '?'}`)
  .join(', ');

// Shoppers buy, and the store invoices their orders: VTEX's hook tells Pontua.
const { skus } = (await (await fetch(`${store}/skus`)).json()) as { skus: { id: number }[] };
const placed: string[] = [];
for (let i = 0; i < ORDERS; i++) {
  const skuId = skus[i % skus.length]!.id;
  const { orderId } = await control<{ orderId: string }>(`${store}/orders`, { customerIndex: i, status: 'handling', items: [{ skuId, quantity: 1 + (i % 3) }] });
  await control(`${store}/orders/${orderId}/status`, { status: 'invoiced' });
  placed.push(orderId);
}
let credited = 0;
await until(20, async () => {
  const earnings = await Promise.all(placed.map((orderId) => container.ledger.earningByReference(tenantId, `order:${orderId}`)));
  credited = earnings.filter(Boolean).length;
  return credited === ORDERS;
});

// A reward, redeemed by a shopper whose points are available: the coupon is created in the store.
const reward = await createReward(container, tenantId, { kind: 'percent_discount', name: '10% off', cost: 10, discountPercent: 10 });
let redeemer: { member_id: string; email: string } | undefined;
await until(20, async () => {
  [redeemer] = await container.database.query<{ member_id: string; email: string }>(sql`select b.member_id, m.email from member_balances b
    join members m on m.tenant_id = b.tenant_id and m.id = b.member_id where b.tenant_id = ${tenantId} and b.available >= ${reward.cost} limit 1`);
  return redeemer !== undefined;
});
const redemption = redeemer
  ? (await redeem(container, { tenantId, memberId: redeemer.member_id, rewardId: reward.id, idempotencyKey: 'demo-redemption' })).redemption
  : null;
const redemptionLine = redemption && redeemer
  ? `${redeemer.email} redeemed "${reward.name}" for ${reward.cost} points: coupon ${redemption.couponCode} (${redemption.status}); ` +
    `log in as that shopper (password sandbox) and apply it at ${sandbox.url}/${ACCOUNT}/checkout`
  : 'no member had points available yet to redeem a reward';

console.log(`
Pontua demo is running.

  VTEX sandbox   ${sandbox.url}/${ACCOUNT}   (${seeded.customers} customers, ${seeded.orders} orders)
  The store      ${sandbox.url}/${ACCOUNT}/   log in as a listed shopper (password sandbox): the widget shows their points
                 (single sign-on through the store's own login), their rewards, and redeems to a coupon for ${sandbox.url}/${ACCOUNT}/checkout
  Admin panel    ${publicUrl}/admin   sign in as ${DEMO_USER.email} / ${DEMO_USER.password}
                 (settings, dashboard, members, rewards, the redemption queue, sync, e-mails, users, audit log)
  Pontua API     ${publicUrl}   (API docs: ${publicUrl}/api/docs)
                 program ${tenantId}, connected to ${ACCOUNT}
                 imported: ${importLine}; ${imported.orderEvents.settled} orders scored
                 then ${credited} of ${ORDERS} orders placed and invoiced now were credited through the hook
                 ${redemptionLine}
                 API key ${apiKey}

Try:
  curl -s -H "Authorization: Bearer ${apiKey}" ${publicUrl}/api/admin/v1/members | head -c 700
  curl -s -H "Authorization: Bearer ${apiKey}" ${publicUrl}/api/admin/v1/integrations/vtex
  curl -s -H "Authorization: Bearer ${apiKey}" ${publicUrl}/api/admin/v1/sync
  curl -s -H "Authorization: Bearer ${apiKey}" -H "Content-Type: application/json" -d '{}' ${publicUrl}/api/admin/v1/integrations/vtex/check
  curl -s -H "Authorization: Bearer ${apiKey}" ${publicUrl}/api/admin/v1/redemptions
  curl -s -H "Authorization: Bearer ${apiKey}" "${publicUrl}/api/admin/v1/emails?limit=5"   (stored: no SMTP_URL; /emails/{id}/preview shows one)
  curl -s -H "Authorization: Bearer ${apiKey}" -H "Content-Type: application/json" \\
    -d '{"kind":"free_shipping","name":"Frete grátis","cost":50}' ${publicUrl}/api/admin/v1/rewards

Buy something at ${sandbox.url}/${ACCOUNT}/checkout and invoice it there: the points appear on the
shopper's member a second later. A coupon used there marks its redemption used. The shoppers'
e-mails are made and stored (set SMTP_URL to send them): the panel's E-mails page previews them.
Press Ctrl+C to stop.
`);

const stop = async () => {
  await app.close();
  await worker.stop();
  await container.close();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
