// GET /metrics: requests timed by route template (never a raw URL), the queue gauges read from the
// database, VTEX calls by area and outcome (against the sandbox), and who may read it.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { buildApp } from '../../src/http/app';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { seedMember, seedTenant } from '../harness/world';
import { createShop, type Shop } from '../harness/vtex-sandbox';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function samples(text: string): Sample[] {
  const parsed: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    parsed.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return parsed;
}

/** The value of the sample with exactly these labels; 0 when there is none (a counter not yet moved). */
function valueOf(all: Sample[], name: string, labels: Record<string, string> = {}): number {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return all.find((sample) => sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === wanted)?.value ?? 0;
}

const DAY_SECONDS = 86_400;

describe.each(engines)('GET /metrics on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let http: HttpWorld;
  let shop: Shop;

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await http.app.inject({ method: 'GET', url: '/metrics', headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: response.body, all: samples(response.body) };
  };

  // Every tenant's queues are summed: on the PostgreSQL other test files share, other rows add to
  // ours, so there the counts are at least what this test seeded; the embedded database is ours alone.
  const shared = engine.name === 'postgres';
  const expectCount = (actual: number, seeded: number) => (shared ? expect(actual).toBeGreaterThanOrEqual(seeded) : expect(actual).toBe(seeded));

  // The queues are seeded before the first scrape: a reading is kept for a few seconds.
  beforeAll(async () => {
    ({ database, http } = suite);
    shop = await createShop(suite.sandbox, `metrics${engine.name}`, { customers: 5, orders: 5 });
    const now = http.world.clock.now();
    const ago = (days: number) => new Date(now.getTime() - days * DAY_SECONDS * 1000).toISOString();
    const active = await seedTenant(http.world);
    const inactive = await seedTenant(http.world);
    for (const [tenant, isActive] of [[active.tenantId, true], [inactive.tenantId, false]] as const) {
      await database.query(sql`insert into vtex_integrations (tenant_id, app_key_sealed, app_token_sealed, hook_secret_sealed, account_name, store_url, credit_delay_days, scoring_statuses, active)
        values (${tenant}, 'sealed', 'sealed', 'sealed', 'metricsloja', 'https://loja.example', 7, '["invoiced"]'::jsonb, ${isActive})`);
    }
    const event = (tenant: string, id: string, receivedDaysAgo: number, extra: { attempts?: number; processed?: boolean; outcome?: string } = {}) =>
      database.query(sql`insert into order_events (tenant_id, id, order_id, state, last_change, source, received_at, attempts, processed_at, outcome)
        values (${tenant}, ${id}, ${`order-${id}`}, 'invoiced', '2025-01-01T00:00:00.0000000Z', 'hook', ${ago(receivedDaysAgo)}::timestamptz,
          ${extra.attempts ?? 0}, ${extra.processed ? ago(0) : null}::timestamptz, ${extra.outcome ?? null})`);
    await event(active.tenantId, 'evt_pending_old', 1000);
    await event(active.tenantId, 'evt_pending_new', 1);
    await event(active.tenantId, 'evt_retrying', 2, { attempts: 3 });
    await event(active.tenantId, 'evt_failed', 3, { attempts: 8, processed: true, outcome: 'failed' });
    await event(active.tenantId, 'evt_settled', 3, { attempts: 1, processed: true, outcome: 'earned' });
    await event(inactive.tenantId, 'evt_paused', 1500);

    const job = (tenant: string, kind: string, state: string, done: number, total: number | null, runAfterDaysAgo: number) =>
      database.query(sql`insert into sync_jobs (tenant_id, kind, state, done, total, run_after)
        values (${tenant}, ${kind}, ${state}, ${done}, ${total}, ${ago(runAfterDaysAgo)}::timestamptz)`);
    // A running job whose lease is free (its worker died): claimable, overdue for 900 days.
    await job(active.tenantId, 'customers.import', 'running', 300, 1000, 900);
    await job(active.tenantId, 'orders.import', 'done', 50, 50, 5);
    await job(inactive.tenantId, 'customers.import', 'queued', 0, null, 2000);

    const email = (id: string, status: string, createdDaysAgo: number) =>
      database.query(sql`insert into emails (tenant_id, id, member_id, type, dedupe_key, from_address, to_address, language, subject, html, text, status, next_attempt_at, created_at)
        values (${active.tenantId}, ${id}, 'mbr_x', 'welcome', ${id}, 'a@loja.example', 'b@loja.example', 'pt-BR', 's', 'h', 't', ${status}, ${ago(0)}::timestamptz, ${ago(createdDaysAgo)}::timestamptz)`);
    await email('eml_queued', 'queued', 800);
    await email('eml_failed', 'failed', 2);
    await email('eml_sent', 'sent', 2);

    await database.query(sql`insert into redemptions (tenant_id, id, member_id, reward_id, status, cost, idempotency_key, reward, next_attempt_at, created_at)
      values (${active.tenantId}, 'rdm_issuing', 'mbr_x', 'rwd_x', 'issuing', 10, 'redeem:metrics', '{}'::jsonb, ${ago(0)}::timestamptz, ${ago(700)}::timestamptz)`);
  });

  it('times requests by route template and status, with one label for unknown URLs and no raw ids', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const member = await seedMember(http.world, tenantId);
    expect((await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${member.id}`, headers: auth })).statusCode).toBe(200);
    expect((await http.app.inject({ method: 'GET', url: '/api/admin/v1/members/mbr_01NOSUCHMEMBER', headers: auth })).statusCode).toBe(404);
    expect((await http.app.inject({ method: 'GET', url: '/no/such/page/mbr_01UNROUTED' })).statusCode).toBe(404);

    const { text, all } = await scrape();
    const route = '/api/admin/v1/members/:memberId';
    expect(valueOf(all, 'pontua_http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(all, 'pontua_http_request_duration_seconds_count', { method: 'GET', route, status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(all, 'pontua_http_request_duration_seconds_bucket', { method: 'GET', route, status_code: '200', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(all, 'pontua_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(member.id);
    expect(text).not.toContain('NOSUCHMEMBER');
    expect(text).not.toContain('/no/such/page');
    // Every route label is a template the app declares, or `unmatched`.
    const templates = new Set([...http.app.routeTable.map((entry) => entry.url), 'unmatched']);
    const routes = new Set(all.filter((sample) => sample.name.startsWith('pontua_http_request')).map((sample) => sample.labels.route));
    for (const label of routes) expect(templates, `route label ${label}`).toContain(label);
    // The process's own metrics and the build.
    expect(all.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(all.find((sample) => sample.name === 'pontua_build_info')?.labels).toMatchObject({ version: '0.1.0', node_version: process.version });
  });

  it('reports the queues across tenants: order events, sync jobs and import progress, e-mails, redemptions issuing', async () => {
    const { all } = await scrape();
    expect(valueOf(all, 'pontua_queue_gauges_up')).toBe(1);
    expectCount(valueOf(all, 'pontua_order_events', { state: 'pending' }), 2);
    expectCount(valueOf(all, 'pontua_order_events', { state: 'retrying' }), 1);
    expectCount(valueOf(all, 'pontua_order_events', { state: 'paused' }), 1);
    expectCount(valueOf(all, 'pontua_order_events', { state: 'failed' }), 1);
    // The oldest event never tried of an active integration; the paused one (older) does not count.
    const oldestPending = valueOf(all, 'pontua_order_events_oldest_pending_age_seconds');
    if (shared) expect(oldestPending).toBeGreaterThanOrEqual(1000 * DAY_SECONDS);
    else expect(oldestPending).toBe(1000 * DAY_SECONDS);

    const running = { kind: 'customers.import', state: 'running' };
    expectCount(valueOf(all, 'pontua_sync_jobs', running), 1);
    expectCount(valueOf(all, 'pontua_sync_job_records_done', running), 300);
    expectCount(valueOf(all, 'pontua_sync_job_records_expected', running), 1000);
    expectCount(valueOf(all, 'pontua_sync_jobs', { kind: 'customers.import', state: 'paused' }), 1);
    expectCount(valueOf(all, 'pontua_sync_jobs', { kind: 'orders.import', state: 'done' }), 1);
    const oldestDue = valueOf(all, 'pontua_sync_job_oldest_due_age_seconds', { kind: 'customers.import' });
    if (shared) expect(oldestDue).toBeGreaterThanOrEqual(900 * DAY_SECONDS);
    else expect(oldestDue).toBe(900 * DAY_SECONDS);

    expectCount(valueOf(all, 'pontua_emails', { status: 'queued' }), 1);
    expectCount(valueOf(all, 'pontua_emails', { status: 'failed' }), 1);
    expect(valueOf(all, 'pontua_emails_oldest_queued_age_seconds')).toBeGreaterThanOrEqual(800 * DAY_SECONDS);
    expectCount(valueOf(all, 'pontua_redemptions_issuing'), 1);
    expect(valueOf(all, 'pontua_redemptions_oldest_issuing_age_seconds')).toBeGreaterThanOrEqual(700 * DAY_SECONDS);
    // No series carries a tenant.
    expect(all.filter((sample) => Object.keys(sample.labels).some((label) => /tenant/i.test(label)))).toEqual([]);
  });

  it('counts VTEX calls by API area and outcome', async () => {
    const { auth } = await tenantWithKey(http.world);
    const before = (await scrape()).all;
    const good = await http.app.inject({
      method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: auth, payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken },
    });
    expect(good.statusCode, good.body).toBe(200);
    const wrong = await http.app.inject({
      method: 'POST', url: '/api/admin/v1/integrations/vtex/check', headers: auth, payload: { accountName: shop.name, appKey: shop.appKey, appToken: 'not-the-token' },
    });
    expect(wrong.statusCode, wrong.body).toBe(200);
    const after = (await scrape()).all;
    const moved = (area: string, outcome: string) =>
      valueOf(after, 'pontua_vtex_requests_total', { area, outcome }) - valueOf(before, 'pontua_vtex_requests_total', { area, outcome });
    for (const area of ['oms', 'masterdata', 'catalog', 'promotions']) {
      expect(moved(area, 'ok'), `${area} ok`).toBeGreaterThanOrEqual(1);
      expect(moved(area, '4xx'), `${area} 4xx (401)`).toBeGreaterThanOrEqual(1);
    }
    // The check asks for a coupon that does not exist: 404 with the right key, 401 with the wrong one.
    expect(moved('coupons', '4xx')).toBeGreaterThanOrEqual(2);
    const timed = (area: string) =>
      valueOf(after, 'pontua_vtex_request_duration_seconds_count', { area }) - valueOf(before, 'pontua_vtex_request_duration_seconds_count', { area });
    expect(timed('oms')).toBe(moved('oms', 'ok') + moved('oms', '4xx'));
  });

  it('serves loopback peers only without a token, and only the token holder with one', async () => {
    const from = (remoteAddress: string, headers: Record<string, string> = {}) => http.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
    expect((await from('127.0.0.1')).statusCode).toBe(200);
    expect((await from('::1')).statusCode).toBe(200);
    expect((await from('::ffff:127.0.0.1')).statusCode).toBe(200);
    const remote = await from('203.0.113.9');
    expect(remote.statusCode).toBe(401);
    expect(remote.json().error.code).toBe('UNAUTHORIZED');
    expect(remote.body).not.toContain('pontua_');
    // A proxy on this machine forwards from the loopback: not a local caller.
    expect((await from('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(401);
    expect((await from('127.0.0.1', { forwarded: 'for=203.0.113.9' })).statusCode).toBe(401);

    const token = 'metrics-token-0123456789abcdef';
    const guarded = await buildApp({ ...http.world, metricsToken: token });
    try {
      const guardedFrom = (remoteAddress: string, headers: Record<string, string> = {}) => guarded.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
      expect((await guardedFrom('127.0.0.1')).statusCode).toBe(401);
      expect((await guardedFrom('203.0.113.9', { authorization: 'Bearer wrong-token-0123456789abcdef' })).statusCode).toBe(401);
      expect((await guardedFrom('203.0.113.9', { authorization: `Bearer ${token}x` })).statusCode).toBe(401);
      const allowed = await guardedFrom('203.0.113.9', { authorization: `Bearer ${token}` });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.body).toContain('pontua_http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });
});
