// A member's personal data under the LGPD, over HTTP on each engine, with a program connected to
// the VTEX sandbox (its customers imported from Master Data) and a real SMTP server: the export
// holds everything we keep; erasure clears the member, its e-mails, events and sign-in codes in
// one go, keeps the ledger's sums, sends nothing more, and neither the customer import nor an
// order brings the person's data back onto the erased row.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { smtpSender } from '../../src/adapters/email/smtp-sender';
import { composeEmails, type EmailDeps } from '../../src/app/email/compose-emails';
import { deliverEmails } from '../../src/app/email/deliver-emails';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { resolveOrderMember } from '../../src/app/orders/resolve-order-member';
import { runSyncJobs } from '../../src/app/sync/run-sync-jobs';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { startSmtpServer, type TestSmtp } from '../harness/smtp';
import { createShop } from '../harness/vtex-sandbox';
import { seedMember } from '../harness/world';

const FROM = 'fidelidade@loja.example';
const STOREFRONT = '/api/storefront/v1';

interface MemberRow {
  id: string;
  external_id: string | null;
  vtex_user_id: string | null;
  email: string | null;
  name: string | null;
  document: string | null;
  phone: string | null;
  birth_date: string | null;
  status: string;
  marketing_opt_in: boolean;
}

describe.each(engines)('member personal data (LGPD) on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let smtp: TestSmtp;
  let sender: ReturnType<typeof smtpSender>;
  let deps: EmailDeps;
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
  // The sandbox keeps real time; the jobs' schedules follow our clock.
  beforeEach(() => {
    http.world.clock.set(new Date());
  });

  const syncOptions = { owner: 'test-worker', leaseMs: 60_000, sliceMs: 60_000 };
  const importCustomers = (tenantId: string) => runSyncJobs(http.world, { ...syncOptions, tenantIds: [tenantId] }, 60_000);
  const memberRow = async (tenantId: string, memberId: string) =>
    (await database.query<MemberRow>(sql`select id, external_id, vtex_user_id, email, name, document, phone, birth_date::text as birth_date, status, marketing_opt_in
      from members where tenant_id = ${tenantId} and id = ${memberId}`))[0];

  /**
   * A program on a sandbox store of 3 customers, imported; e-mails on (welcomes sent). Then one
   * customer's life: a bonus, an order's points, a coupon issued in VTEX, a storefront sign-in,
   * e-mails made and queued (not sent yet), and a sign-in code whose e-mail is not made yet.
   */
  async function memberWithHistory() {
    // Every shop's customers are the same people (one seed): count only this program's mail.
    await smtp.clear();
    const shop = await createShop(sandbox, `lgpd${slug}${++shops}`, { customers: 3 });
    const tenant = await tenantWithKey(http.world);
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: { accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true, importOrders: false },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await importCustomers(tenant.tenantId);
    const imported = await database.query<MemberRow>(sql`select id, external_id, vtex_user_id, email, name, document, phone, birth_date::text as birth_date, status, marketing_opt_in
      from members where tenant_id = ${tenant.tenantId} order by id`);
    expect(imported).toHaveLength(3);
    const target = imported.find((row) => row.vtex_user_id && row.email && row.name && row.document && row.phone)!;
    expect(target, 'a customer with all their data').toBeDefined();
    const bystander = imported.find((row) => row.id !== target.id)!;
    await emailJob(deps)({ tenantIds: [tenant.tenantId] });
    expect((await smtp.messages()).filter((mail) => mail.to.includes(target.email!))).toHaveLength(1);

    const { tenantId, auth } = tenant;
    await adjustPoints(http.world, { tenantId, memberId: target.id, points: 300, reason: 'welcome bonus', actor: 'test', idempotencyKey: `bonus-${target.id}` });
    const due = new Date(http.world.clock.now().getTime() + 7 * 86_400_000);
    await earnPoints(http.world, {
      tenantId, memberId: target.id, points: 50, reference: 'order:1500000000001-01', dueAt: due, idempotencyKey: 'earn:order:1500000000001-01',
      details: { orderId: '1500000000001-01', status: 'invoiced', statusAt: http.world.clock.now().toISOString(), itemsCents: 5_000, discountsCents: 0, shippingCents: 0 },
    });
    const reward = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: auth, payload: { kind: 'free_shipping', name: 'Frete grátis', cost: 100 } })).json();
    const redeemed = await http.app.inject({
      method: 'POST', url: `/api/admin/v1/members/${target.id}/redemptions`, headers: { ...auth, 'idempotency-key': 'lgpd-1' }, payload: { rewardId: reward.id },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    expect(redeemed.json().status).toBe('issued');

    const publicKey = (await http.app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: auth })).json().publicKey as string;
    const storefront = (method: 'GET' | 'POST', path: string, options: { body?: object; token?: string } = {}) =>
      http.app.inject({
        method, url: `${STOREFRONT}${path}`, headers: { 'x-pontua-key': publicKey, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        ...(options.body ? { payload: options.body } : {}),
      });
    const codeSent = async () => {
      expect((await storefront('POST', '/login/code', { body: { email: target.email } })).statusCode).toBe(202);
      const [event] = await database.query<{ payload: { code: string } }>(sql`select payload from outbox_events
        where tenant_id = ${tenantId} and member_id = ${target.id} and type = 'member.login_code' and processed_at is null`);
      return event!.payload.code;
    };
    const firstCode = await codeSent();
    const signedIn = await storefront('POST', '/login/verify', { body: { email: target.email, code: firstCode } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const token = signedIn.json().token as string;
    // Made (queued) but not sent: the bonus, the order's points, the coupon, the first code.
    await composeEmails(deps, { tenantIds: [tenantId] });
    const secondCode = await codeSent();
    return { tenantId, auth, target, bystander, reward, coupon: redeemed.json().couponCode as string, token, storefront, secondCode };
  }

  it('exports everything held about a member as a JSON file, to its own program only', async () => {
    const { auth, target, coupon } = await memberWithHistory();
    const response = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${target.id}/export`, headers: auth });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=member-${target.id}.json`);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const data = response.json();
    expect(data.member).toMatchObject({
      id: target.id, email: target.email, name: target.name, document: target.document, phone: target.phone, vtexUserId: target.vtex_user_id, status: 'active',
    });
    // 300 bonus − 100 coupon available, 50 pending.
    expect(data.balance).toMatchObject({ available: 200, pending: 50, held: 0 });
    expect(data.ledger.map((entry: { kind: string; points: number }) => [entry.kind, entry.points])).toEqual([
      ['adjust', 300], ['earn', 50], ['redeem-hold', 100], ['redeem-confirm', 100],
    ]);
    expect(data.earnings).toEqual([
      expect.objectContaining({
        reference: 'order:1500000000001-01', orderId: '1500000000001-01', points: 50, status: 'pending',
        details: expect.objectContaining({ itemsCents: 5_000, status: 'invoiced' }),
      }),
    ]);
    expect(data.redemptions).toEqual([expect.objectContaining({ rewardName: 'Frete grátis', status: 'issued', cost: 100, couponCode: coupon })]);
    const types = data.emails.map((email: { type: string }) => email.type).sort();
    expect(types).toEqual(['login_code', 'points_available', 'points_pending', 'redemption_issued', 'reward_within_reach', 'welcome']);
    for (const email of data.emails) {
      expect(email.toAddress).toBe(target.email);
      expect(email.subject.length).toBeGreaterThan(0);
    }
    expect(data.emails.find((email: { type: string }) => email.type === 'welcome')).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    // The second code exists; nothing of it but its dates is told.
    expect(data.loginCodes).toHaveLength(1);
    expect(Object.keys(data.loginCodes[0]).sort()).toEqual(['createdAt', 'expiresAt']);
    expect(response.body).not.toContain('codeSignature');

    const other = await tenantWithKey(http.world);
    const refused = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${target.id}/export`, headers: other.auth });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('NOT_FOUND');
    expect(refused.headers['content-disposition']).toBeUndefined();
    const unknown = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/mbr_nobody/export`, headers: auth });
    expect(unknown.statusCode).toBe(404);
  });

  it('erases the personal data in one go, keeps the ledger, sends nothing more and lets nothing bring it back', async () => {
    const { tenantId, auth, target, bystander, reward, token, storefront, secondCode } = await memberWithHistory();
    const personal = [target.email!, target.name!, target.document!, target.phone!, target.vtex_user_id!];
    const erase = (memberId: string, payload: unknown, headers = auth) =>
      http.app.inject({ method: 'POST', url: `/api/admin/v1/members/${memberId}/erase`, headers, payload: payload as object });

    /** Everything erasure may change, to compare around refused requests. */
    const snapshot = async () => ({
      member: await memberRow(tenantId, target.id),
      emails: await database.query<{ member_id: string; status: string }>(sql`select id, member_id, to_address, subject, html, text, status, last_error
        from emails where tenant_id = ${tenantId} order by id`),
      events: await database.query(sql`select id, payload, processed_at from outbox_events where tenant_id = ${tenantId} order by id`),
      codes: await database.query(sql`select email, member_id from login_codes where tenant_id = ${tenantId} order by email`),
    });
    /** What the ledger says of the member: the sums erasure must leave alone. */
    const ledger = async () => ({
      balance: (await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${target.id}`, headers: auth })).json().balance,
      sums: await database.query(sql`select p.account, sum(p.amount)::bigint as amount, count(*)::int as n
        from ledger_transactions t join ledger_postings p on p.tenant_id = t.tenant_id and p.transaction_id = t.id
        where t.tenant_id = ${tenantId} and t.member_id = ${target.id} group by p.account order by p.account`),
    });
    const before = await snapshot();
    const ledgerBefore = await ledger();
    expect(before.emails.some((email) => email.status === 'queued')).toBe(true);
    expect(before.codes).toHaveLength(1);
    // The welcome (sent), then queued: the bonus available, a reward within reach, the order's points, the coupon, the first code.
    const targetEmails = before.emails.filter((email) => email.member_id === target.id).length;
    expect(targetEmails).toBe(6);

    // Refused: a bad reason, or another program's key; nothing changes.
    for (const payload of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 42 }, { reason: 'ok', also: 1 }]) {
      const refused = await erase(target.id, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    const other = await tenantWithKey(http.world);
    const elsewhere = await erase(target.id, { reason: 'asked' }, other.auth);
    expect(elsewhere.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);

    const erased = await erase(target.id, { reason: 'The member asked by e-mail on 2026-03-02' });
    expect(erased.statusCode, erased.body).toBe(200);
    const answer = erased.json();
    expect(answer).toMatchObject({ reason: 'The member asked by e-mail on 2026-03-02', erasedAt: expect.any(String) });
    expect(answer.member).toMatchObject({
      id: target.id, status: 'erased', email: null, name: null, document: null, phone: null, birthDate: null, externalId: null, vtexUserId: null, marketingOptIn: false,
    });
    expect(answer.erased).toEqual({ emails: targetEmails, outboxEvents: 1, loginCodes: 1 });

    // The row: anonymous. The bystander: untouched.
    expect(await memberRow(tenantId, target.id)).toMatchObject({
      external_id: null, vtex_user_id: null, email: null, name: null, document: null, phone: null, birth_date: null, status: 'erased', marketing_opt_in: false,
    });
    expect(await memberRow(tenantId, bystander.id)).toEqual(bystander);
    // E-mails scrubbed, none left queued; the unhandled sign-in event emptied; codes gone.
    const mails = await database.query<{ to_address: string; subject: string; html: string; text: string; status: string }>(sql`select to_address, subject, html, text, status
      from emails where tenant_id = ${tenantId} and member_id = ${target.id}`);
    expect(mails).toHaveLength(targetEmails);
    for (const mail of mails) {
      expect(mail).toMatchObject({ to_address: '', subject: '', html: '', text: '' });
      expect(mail.status).not.toBe('queued');
    }
    expect(await database.query(sql`select 1 from outbox_events where tenant_id = ${tenantId} and member_id = ${target.id} and processed_at is null`)).toEqual([]);
    expect(await database.query(sql`select 1 from login_codes where tenant_id = ${tenantId} and member_id = ${target.id}`)).toEqual([]);
    // Nowhere in what erasure covers: not the address, the name, the document, the phone, the VTEX id, the live code.
    for (const value of [...personal, secondCode]) {
      const like = `%${value}%`;
      const [found] = await database.query<{ members: number; emails: number; events: number; codes: number }>(sql`select
          (select count(*) from members where tenant_id = ${tenantId} and ${value} in (email, name, document, phone, vtex_user_id, external_id))::int as members,
          (select count(*) from emails where tenant_id = ${tenantId} and member_id = ${target.id}
             and (to_address like ${like} or subject like ${like} or html like ${like} or text like ${like} or coalesce(last_error, '') like ${like}))::int as emails,
          (select count(*) from outbox_events where tenant_id = ${tenantId} and member_id = ${target.id} and payload::text like ${like})::int as events,
          (select count(*) from login_codes where tenant_id = ${tenantId} and email = ${value})::int as codes`);
      expect(found, value).toEqual({ members: 0, emails: 0, events: 0, codes: 0 });
    }

    // The ledger and the balances: exactly as they were.
    expect(await ledger()).toEqual(ledgerBefore);

    // Nothing more reaches the address: not the queued e-mails, not what happens next.
    const sentBefore = (await smtp.messages()).filter((mail) => mail.to.includes(target.email!)).length;
    await adjustPoints(http.world, { tenantId, memberId: target.id, points: 10, reason: 'after', actor: 'test', idempotencyKey: `after-${target.id}` });
    await emailJob(deps)({ tenantIds: [tenantId] });
    await deliverEmails(deps, { tenantIds: [tenantId] });
    expect((await smtp.messages()).filter((mail) => mail.to.includes(target.email!))).toHaveLength(sentBefore);
    expect(await database.query(sql`select 1 from emails where tenant_id = ${tenantId} and member_id = ${target.id}`)).toHaveLength(targetEmails);
    expect(await http.world.emails.recipients(tenantId, [target.id, bystander.id])).toEqual(new Map([[bystander.id, expect.objectContaining({ email: bystander.email })]]));
    // A compose that read the member just before the erasure saves nothing for them (and still for others).
    const now = http.world.clock.now();
    const late = (memberId: string, toAddress: string, id: string) => ({
      tenantId, id, memberId, type: 'welcome', dedupeKey: `late:${id}`, fromAddress: FROM, toAddress, language: 'pt-BR', subject: `Olá ${toAddress}`,
      html: `<p>${toAddress}</p>`, text: toAddress, status: 'stored' as const, attempts: 0, nextAttemptAt: null, lastError: null, smtpResponse: null, sentAt: null, createdAt: now, updatedAt: now,
    });
    await http.world.emails.saveComposed([], [late(target.id, target.email!, `eml_late_${slug}_1`), late(bystander.id, bystander.email!, `eml_late_${slug}_2`)], now);
    expect(await database.query(sql`select member_id from emails where tenant_id = ${tenantId} and dedupe_key like 'late:%'`)).toEqual([{ member_id: bystander.id }]);

    // Not found by a search, cannot redeem, sign in, be changed, or be erased twice.
    for (const query of [target.email!, target.name!.split(' ')[0]!, target.document!]) {
      const search = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members?query=${encodeURIComponent(query)}`, headers: auth });
      expect(search.json().items.map((item: { id: string }) => item.id), query).not.toContain(target.id);
    }
    const redeem = await http.app.inject({
      method: 'POST', url: `/api/admin/v1/members/${target.id}/redemptions`, headers: { ...auth, 'idempotency-key': 'after-erase' }, payload: { rewardId: reward.id },
    });
    expect(redeem.statusCode).toBe(409);
    expect(redeem.json().error.code).toBe('MEMBER_BLOCKED');
    expect((await storefront('GET', '/me', { token })).statusCode).toBe(401);
    expect((await storefront('POST', '/login/verify', { body: { email: target.email, code: secondCode } })).statusCode).toBe(401);
    const patch = await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/members/${target.id}`, headers: auth, payload: { email: target.email, status: 'active' } });
    expect(patch.statusCode).toBe(409);
    const again = await erase(target.id, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_STATE');

    // The same shopper's next order: a new member, from VTEX's data; the erased row stays empty.
    const credentials = await getVtexCredentials(http.world, tenantId);
    const reader = http.world.vtexOrders(credentials!);
    const shopper = await resolveOrderMember(http.world, reader, tenantId, { userProfileId: target.vtex_user_id, firstName: null, lastName: null });
    expect(shopper.id).not.toBe(target.id);
    expect(shopper).toMatchObject({ vtexUserId: target.vtex_user_id, email: target.email, status: 'active' });
    const fresh = (await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${shopper.id}`, headers: auth })).json();
    expect(fresh.balance).toMatchObject({ available: 0, pending: 0, held: 0, lifetimeEarned: 0 });

    // The customer import again: it updates that new member, never the erased row.
    await http.world.syncJobs.runNow(tenantId, 'customers.import', { checkpoint: {}, now: http.world.clock.now() });
    await importCustomers(tenantId);
    expect(await memberRow(tenantId, target.id)).toMatchObject({ vtex_user_id: null, email: null, name: null, document: null, phone: null, status: 'erased' });
    const byUserId = await database.query<{ id: string }>(sql`select id from members where tenant_id = ${tenantId} and vtex_user_id = ${target.vtex_user_id}`);
    expect(byUserId).toEqual([{ id: shopper.id }]);
    expect(await database.query(sql`select 1 from members where tenant_id = ${tenantId}`)).toHaveLength(4);
  });

  it('another program cannot erase or export a member; a member never imported is erased the same way', async () => {
    const mine = await tenantWithKey(http.world);
    const theirs = await tenantWithKey(http.world);
    const member = await seedMember(http.world, theirs.tenantId, { email: `api.${slug}@example.com`, name: 'Bia Lima' });
    for (const [method, path, payload] of [['POST', 'erase', { reason: 'not mine' }], ['GET', 'export', undefined]] as const) {
      const refused = await http.app.inject({ method, url: `/api/admin/v1/members/${member.id}/${path}`, headers: mine.auth, ...(payload ? { payload } : {}) });
      expect(refused.statusCode, path).toBe(404);
    }
    expect(await memberRow(theirs.tenantId, member.id)).toMatchObject({ email: `api.${slug}@example.com`, name: 'Bia Lima', status: 'active' });
    const erased = await http.app.inject({ method: 'POST', url: `/api/admin/v1/members/${member.id}/erase`, headers: theirs.auth, payload: { reason: 'asked' } });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().erased).toEqual({ emails: 0, outboxEvents: 1, loginCodes: 0 });
    expect(await memberRow(theirs.tenantId, member.id)).toMatchObject({ email: null, name: null, status: 'erased' });
    // Its export still answers: the anonymous row and its (empty) history.
    const exported = await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${member.id}/export`, headers: theirs.auth });
    expect(exported.json()).toMatchObject({ member: { id: member.id, status: 'erased', email: null }, ledger: [], emails: [], loginCodes: [] });
  });

  it('leaves no personal data of an erased member in the audit log, and never copies an export into it', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const created = await http.app.inject({
      method: 'POST', url: '/api/admin/v1/members', headers: auth, payload: { email: `audit.${slug}@example.com`, name: 'Carla Dias', document: '52998224725' },
    });
    const memberId = created.json().id as string;
    await http.app.inject({ method: 'PATCH', url: `/api/admin/v1/members/${memberId}`, headers: auth, payload: { phone: '+5511987654321' } });
    await http.app.inject({ method: 'GET', url: `/api/admin/v1/members/${memberId}/export`, headers: auth });
    const log = async () => (await http.app.inject({ method: 'GET', url: `/api/admin/v1/audit-log?targetId=${memberId}`, headers: auth })).json().items;
    expect(JSON.stringify(await log())).toContain('Carla Dias');
    expect((await log()).find((entry: { action: string }) => entry.action === 'member.export')).toMatchObject({ after: null });

    expect((await http.app.inject({ method: 'POST', url: `/api/admin/v1/members/${memberId}/erase`, headers: auth, payload: { reason: 'asked' } })).statusCode).toBe(200);
    const entries = await log();
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['member.erase', 'member.export', 'member.update', 'member.create']);
    const text = JSON.stringify(entries);
    for (const personal of ['Carla Dias', `audit.${slug}@example.com`, '52998224725', '987654321']) expect(text).not.toContain(personal);
    expect(entries[0].before).toMatchObject({ id: memberId, status: 'active' });
    expect(entries[3].after).toMatchObject({ id: memberId, status: 'active' });
    expect(tenantId).toMatch(/^ten_/);
  });
});
