// E-mails to shoppers on each engine, sent to a real SMTP server process: nothing before the
// program is active, content and headers in the program's language, SMTP down then up (sent once),
// a type turned off, unsubscribing without logging in, an invalid address, storing without SMTP,
// one "within reach" per reward, and a 10,000-member activation welcoming each member once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { smtpSender } from '../../src/adapters/email/smtp-sender';
import { composeEmails, type EmailDeps } from '../../src/app/email/compose-emails';
import { deliverEmails } from '../../src/app/email/deliver-emails';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { startSmtpServer, type TestSmtp } from '../harness/smtp';
import { controlOk, createShop } from '../harness/vtex-sandbox';

const FROM = 'fidelidade@loja.example';

describe.each(engines)('e-mails on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let smtp: TestSmtp;
  let deps: EmailDeps;
  let sender: ReturnType<typeof smtpSender>;
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shops = 0;
  beforeAll(async () => {
    ({ database, sandbox, http } = suite);
    smtp = await startSmtpServer();
    sender = smtpSender(smtp.url, { timeoutMs: 2_000 });
    deps = { ...http.world, emailSender: sender, emailFrom: FROM };
  });
  afterAll(async () => {
    await sender?.close();
    await smtp?.close();
  });

  /** A program connected to a store of its own; active unless said otherwise. */
  async function program(options: { active?: boolean; customers?: number; settings?: Record<string, unknown>; program?: Record<string, unknown> } = {}) {
    const shop = await createShop(sandbox, `eml${slug}${++shops}`, options.customers ? { customers: options.customers } : {});
    const tenant = await tenantWithKey(http.world);
    const patch = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: tenant.auth, payload: { name: 'Clube Pontua & Cia', ...options.program } });
    expect(patch.statusCode, patch.body).toBe(200);
    const save = (active: boolean) => http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active, importOrders: false, ...options.settings },
    });
    const saved = await save(options.active ?? true);
    expect(saved.statusCode, saved.body).toBe(200);
    return { ...tenant, shop, activate: async () => expect((await save(true)).statusCode).toBe(200) };
  }
  type Program = Awaited<ReturnType<typeof program>>;

  async function member(setup: Program, email: string, name = 'Ana Souza') {
    const created = await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: setup.auth, payload: { email, name } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }
  const run = (setup: Program, dependencies: EmailDeps = deps) => emailJob(dependencies)({ tenantIds: [setup.tenantId] });
  const mailsTo = async (address: string) => (await smtp.messages()).filter((mail) => mail.to.includes(address));
  const rows = (tenantId: string) =>
    database.query<{ type: string; status: string; to_address: string; last_error: string | null; attempts: number }>(
      sql`select type, status, to_address, last_error, attempts from emails where tenant_id = ${tenantId} order by id`,
    );
  const later = (ms: number) => http.world.clock.set(new Date(http.world.clock.now().getTime() + ms));

  it('sends nothing before activation; once active, a welcome in the language with both parts and the unsubscribe headers', async () => {
    const setup = await program({ active: false });
    await member(setup, `before.${slug}@example.com`);
    await run(setup);
    expect(await rows(setup.tenantId)).toEqual([]);
    expect(await mailsTo(`before.${slug}@example.com`)).toEqual([]);
    // Activation does not send what happened before it.
    await setup.activate();
    await run(setup);
    expect(await mailsTo(`before.${slug}@example.com`)).toEqual([]);

    const ana = `ana.${slug}@example.com`;
    await member(setup, ana);
    expect(await run(setup)).toMatchObject({ composed: 1, sent: 1 });
    const [welcome] = await mailsTo(ana);
    expect(welcome).toBeDefined();
    expect(welcome!.subject).toMatch(/Clube Pontua & Cia/);
    expect(welcome!.from).toBe(FROM);
    expect(welcome!.headers.from).toContain('Clube Pontua & Cia');
    expect(welcome!.text).toContain('Ana');
    expect(welcome!.html).toContain('Clube Pontua &amp; Cia');
    expect(welcome!.html).toContain('https://www.loja.example');
    expect(welcome!.headers['list-unsubscribe']).toMatch(/^<http:\/\/.+\/unsubscribe\/[^>]+>$/);
    expect(welcome!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = welcome!.headers['list-unsubscribe']!.slice(1, -1);
    expect(welcome!.text).toContain(link);
    expect(welcome!.html).toContain(link);
    expect(await rows(setup.tenantId)).toMatchObject([{ type: 'welcome', status: 'sent', attempts: 1 }]);

    // In English once the program is.
    await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: setup.auth, payload: { language: 'en' } });
    const bob = `bob.${slug}@example.com`;
    await member(setup, bob, 'Bob Stone');
    await run(setup);
    const [english] = await mailsTo(bob);
    expect(english!.subject).not.toBe(welcome!.subject);
    expect(english!.text).toMatch(/Bob/);
    expect(english!.html).toMatch(/<html lang="en/);
    // Run again: nothing is sent twice.
    await run(setup);
    expect(await mailsTo(ana)).toHaveLength(1);
    expect(await mailsTo(bob)).toHaveLength(1);
  });

  it('points pending and available, and one "within reach" per reward however often the balance crosses it', async () => {
    const setup = await program();
    const carla = `carla.${slug}@example.com`;
    const memberId = await member(setup, carla, 'Carla Dias');
    const created = await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: setup.auth, payload: { kind: 'free_shipping', name: 'Frete <grátis>', cost: 100 } });
    expect(created.statusCode).toBe(201);
    const due = new Date(http.world.clock.now().getTime() + 7 * 86_400_000);
    await earnPoints(http.world, { tenantId: setup.tenantId, memberId, points: 40, reference: 'order:1400000000000-01', dueAt: due, idempotencyKey: 'earn:order:1400000000000-01' });
    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId, points: 150, reason: 'bonus', actor: 'test', idempotencyKey: 'bonus-1' });
    await run(setup);
    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId, points: 10, reason: 'bonus', actor: 'test', idempotencyKey: 'bonus-2' });
    await run(setup);
    const types = (await rows(setup.tenantId)).map((row) => row.type);
    expect(types.filter((type) => type === 'reward_within_reach')).toHaveLength(1);
    expect(types.filter((type) => type === 'points_available')).toHaveLength(2);
    expect(types).toContain('points_pending');
    const mails = await mailsTo(carla);
    const pending = mails.find((mail) => mail.text.includes('1400000000000-01'));
    expect(pending?.text).toMatch(/40/);
    const reach = mails.find((mail) => mail.text.includes('Frete <grátis>'));
    expect(reach?.html).toContain('Frete &lt;grátis&gt;');
    expect(reach?.html).not.toContain('Frete <grátis>');
  });

  it('the redemption steps and points expiring in a week reach the member, the coupon code included', async () => {
    const setup = await program({ settings: { manualRedemptionApproval: true }, program: { pointsExpiryDays: 30 } });
    const lia = `lia.${slug}@example.com`;
    const memberId = await member(setup, lia, 'Lia Prado');
    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId, points: 500, reason: 'bonus', actor: 'test', idempotencyKey: 'lia-bonus' });
    const reward = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: setup.auth, payload: { kind: 'percent_discount', name: '10% off', cost: 100, discountPercent: 10 } })).json();
    const redeem = async (key: string) =>
      (await http.app.inject({ method: 'POST', url: `/api/admin/v1/members/${memberId}/redemptions`, headers: { ...setup.auth, 'idempotency-key': key }, payload: { rewardId: reward.id } })).json();
    const first = await redeem('lia-1');
    const rejected = await http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions/${first.id}/reject`, headers: setup.auth, payload: { reason: 'Estoque <esgotado>' } });
    expect(rejected.statusCode).toBe(200);
    const second = await redeem('lia-2');
    const approved = (await http.app.inject({ method: 'POST', url: `/api/admin/v1/redemptions/${second.id}/approve`, headers: setup.auth })).json();
    expect(approved.status).toBe('issued');
    await run(setup);
    const byType = new Map((await rows(setup.tenantId)).map((row) => [row.type, row]));
    for (const type of ['redemption_pending_approval', 'redemption_rejected', 'redemption_approved', 'redemption_issued']) expect(byType.get(type)?.status, type).toBe('sent');
    const mails = await mailsTo(lia);
    const issued = mails.find((mail) => mail.text.includes(approved.couponCode));
    expect(issued, 'the coupon e-mail').toBeDefined();
    expect(issued!.html).toContain(approved.couponCode);
    const rejection = mails.find((mail) => mail.text.includes('Estoque <esgotado>'));
    expect(rejection?.html).toContain('Estoque &lt;esgotado&gt;');

    // 23.5 days on, the bonus's points expire within a week: one notice, however often the job runs.
    later(23.5 * 86_400_000);
    await emailJob(deps)({ tenantIds: [setup.tenantId] });
    await emailJob(deps)({ tenantIds: [setup.tenantId] });
    const expiring = (await rows(setup.tenantId)).filter((row) => row.type === 'points_expiring');
    expect(expiring).toMatchObject([{ status: 'sent' }]);
    const notices = (await mailsTo(lia)).filter((mail) => !mails.some((earlier) => earlier.messageId === mail.messageId));
    expect(notices).toHaveLength(1);
    // 500 earned, 100 redeemed: 400 expire.
    expect(notices[0]!.text).toMatch(/400/);
  });

  it('SMTP down then up: kept and sent once later; a 5xx ends as failed with the answer; a type turned off is not made', async () => {
    const setup = await program();
    const dora = `dora.${slug}@example.com`;
    await smtp.stop();
    await member(setup, dora);
    expect(await run(setup)).toMatchObject({ sent: 0, retrying: 1 });
    expect(await rows(setup.tenantId)).toMatchObject([{ status: 'queued', attempts: 1 }]);
    await smtp.restart();
    // Not due yet: nothing is tried.
    expect(await run(setup)).toMatchObject({ sent: 0, retrying: 0 });
    later(61_000);
    expect(await run(setup)).toMatchObject({ sent: 1 });
    later(10 * 60_000);
    await run(setup);
    expect(await mailsTo(dora)).toHaveLength(1);

    const eva = `eva.${slug}@example.com`;
    await smtp.refuse({ code: 550, message: 'No such user here', recipients: [eva] });
    await member(setup, eva);
    expect(await run(setup)).toMatchObject({ failed: 1 });
    await smtp.refuse(null);
    const failed = (await database.query<{ status: string; smtp_response: string }>(sql`select status, smtp_response from emails
      where tenant_id = ${setup.tenantId} and to_address = ${eva}`))[0];
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.smtp_response).toMatch(/550/);

    await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: setup.auth, payload: { emailTypesOff: ['welcome'] } });
    const fabio = `fabio.${slug}@example.com`;
    await member(setup, fabio);
    await run(setup);
    expect(await mailsTo(fabio)).toEqual([]);
    expect((await rows(setup.tenantId)).filter((row) => row.to_address === fabio)).toEqual([]);
    const badType = await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: setup.auth, payload: { emailTypesOff: ['newsletter'] } });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.field).toBe('emailTypesOff');
  });

  it('unsubscribing works from the link without logging in, one-click included, and is honoured; a forged link changes nothing', async () => {
    const setup = await program();
    const gil = `gil.${slug}@example.com`;
    const memberId = await member(setup, gil);
    await run(setup);
    const [welcome] = await mailsTo(gil);
    // Another member's e-mail is made, then the member unsubscribes before it is sent: never sent.
    const jon = `jon.${slug}@example.com`;
    const jonId = await member(setup, jon);
    await composeEmails(deps, { tenantIds: [setup.tenantId] });
    const jonLink = (await database.query<{ id: string }>(sql`select id from emails where tenant_id = ${setup.tenantId} and member_id = ${jonId}`))[0];
    expect(jonLink).toBeDefined();
    await http.world.emails.unsubscribe(setup.tenantId, jonId, http.world.clock.now());
    await deliverEmails(deps, { tenantIds: [setup.tenantId] });
    expect(await mailsTo(jon)).toEqual([]);
    expect((await rows(setup.tenantId)).find((row) => row.to_address === jon)).toMatchObject({ status: 'skipped', last_error: 'the member unsubscribed' });
    const path = new URL(welcome!.headers['list-unsubscribe']!.slice(1, -1)).pathname;
    const page = await http.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    // Seeing the page unsubscribes nobody (mail scanners follow links).
    expect((await database.query<{ unsubscribed_at: Date | null }>(sql`select unsubscribed_at from members where tenant_id = ${setup.tenantId} and id = ${memberId}`))[0]?.unsubscribed_at).toBeNull();
    const forged = await http.app.inject({ method: 'POST', url: `${path.slice(0, -3)}AAA` });
    expect(forged.statusCode).toBe(404);
    const oneClick = await http.app.inject({
      method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect((await database.query<{ unsubscribed_at: Date | null }>(sql`select unsubscribed_at from members where tenant_id = ${setup.tenantId} and id = ${memberId}`))[0]?.unsubscribed_at).not.toBeNull();
    await adjustPoints(http.world, { tenantId: setup.tenantId, memberId, points: 5, reason: 'bonus', actor: 'test', idempotencyKey: 'after-unsubscribe' });
    await run(setup);
    expect(await mailsTo(gil)).toHaveLength(1);
    expect((await rows(setup.tenantId)).at(-1)).toMatchObject({ type: 'points_available', status: 'skipped', last_error: 'the member unsubscribed' });
  });

  it('an invalid address is skipped with the reason, never retried; without SMTP the e-mails are stored and previewed', async () => {
    const setup = await program();
    const memberId = await member(setup, `hana.${slug}@example.com`);
    await database.query(sql`update members set email = 'hana at example' where tenant_id = ${setup.tenantId} and id = ${memberId}`);
    await run(setup);
    expect(await rows(setup.tenantId)).toMatchObject([{ status: 'skipped', last_error: 'not a valid e-mail address: "hana at example"', attempts: 0 }]);

    const stored = await program();
    const ivo = `ivo.${slug}@example.com`;
    await member(stored, ivo, 'Ivo Lima');
    await run(stored, { ...deps, emailSender: null });
    expect(await mailsTo(ivo)).toEqual([]);
    const list = await http.app.inject({ method: 'GET', url: '/api/admin/v1/emails?status=stored', headers: stored.auth });
    expect(list.statusCode, list.body).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ type: 'welcome', status: 'stored', to: ivo });
    expect(item.preview).toContain('Ivo');
    const one = await http.app.inject({ method: 'GET', url: `/api/admin/v1/emails/${item.id}`, headers: stored.auth });
    expect(one.json().html).toContain('<html');
    const preview = await http.app.inject({ method: 'GET', url: `/api/admin/v1/emails/${item.id}/preview`, headers: stored.auth });
    expect(preview.headers['content-type']).toMatch(/text\/html/);
    expect(preview.headers['content-security-policy']).toContain("default-src 'none'");
    expect(preview.body).toBe(one.json().html);
    const badStatus = await http.app.inject({ method: 'GET', url: '/api/admin/v1/emails?status=lost', headers: stored.auth });
    expect(badStatus.statusCode).toBe(400);
  });

  it('a 10,000-member activation welcomes each member exactly once, with two workers at it', async () => {
    await smtp.clear();
    const setup = await program({ active: false, customers: 10_000, settings: { importCustomers: true } });
    await setup.activate();
    while ((await runSyncJobs(http.world, { owner: 'test', leaseMs: 60_000, sliceMs: 30_000, tenantIds: [setup.tenantId] }, 60_000)) > 0);
    const [{ n: members } = { n: 0 }] = await database.query<{ n: number }>(sql`select count(*)::int as n from members where tenant_id = ${setup.tenantId}`);
    expect(members).toBe(10_000);
    const workers = [emailJob(deps), emailJob({ ...deps })];
    for (let round = 0; round < 40; round++) {
      const results = await Promise.all(workers.map((work) => work({ tenantIds: [setup.tenantId] })));
      if (results.every((result) => result.events === 0 && result.sent === 0 && result.retrying === 0)) break;
    }
    const counts = await database.query<{ status: string; n: number }>(sql`select status, count(*)::int as n from emails where tenant_id = ${setup.tenantId} group by status`);
    expect(counts).toEqual([{ status: 'sent', n: 10_000 }]);
    const welcomes = (await smtp.messages()).filter((mail) => mail.headers['x-pontua-email-id'] !== undefined && mail.to.some((to) => to.includes('@')));
    const addresses = welcomes.map((mail) => mail.to[0]);
    expect(welcomes).toHaveLength(10_000);
    expect(new Set(addresses).size).toBe(10_000);
    await controlOk(sandbox, 'GET', `/accounts/${setup.shop.name}/requests?limit=1`);
  }, 600_000);
});
