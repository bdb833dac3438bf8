// The VTEX integration settings over HTTP: every field's valid and invalid values, all invalid
// fields reported at once with nothing saved, secrets kept, masked and encrypted at rest, the
// program's language saved with the form, activation bookkeeping, and the form's help texts.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { VTEX_INTEGRATION_FIELDS } from '../../src/domain/integration';
import { getVtexCredentials } from '../../src/app/integrations/get-vtex-credentials';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { ALL_RESOURCES, controlOk } from '../harness/vtex-sandbox';
import type { RunningSandbox } from '../../sandbox/main';

const URL = '/api/admin/v1/integrations/vtex';
const APP_KEY = 'vtexappkey-nomedaloja-QWERTYUIOPX1';
const APP_TOKEN = 'PLMOKNIJBUHVYGCTFXRDZESWAQ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE = { appKey: APP_KEY, appToken: APP_TOKEN, accountName: 'nomedaloja', storeUrl: 'https://www.nomedaloja.com.br' };

type Body = Record<string, unknown>;
const many = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

// [field, value] pairs that must be refused with 400 naming that field.
const INVALID: [string, unknown][] = [
  ['appKey', 123], ['appKey', ''], ['appKey', 'vtexappkey with space'], ['appKey', 'vtexappkey-nom…X1'], ['appKey', 'k'.repeat(257)],
  ['appToken', true], ['appToken', '   '], ['appToken', 't'.repeat(513)],
  ['language', 'fr'], ['language', 'PT-BR'], ['language', null],
  ['creditDelayDays', -1], ['creditDelayDays', 366], ['creditDelayDays', 1.5], ['creditDelayDays', '7'], ['creditDelayDays', null],
  ['storeUrl', 'http://www.nomedaloja.com.br'], ['storeUrl', 'ftp://nomedaloja.com.br'], ['storeUrl', 'https://user:pw@nomedaloja.com.br'],
  ['storeUrl', 'https://localhost'], ['storeUrl', ''], ['storeUrl', 42], ['storeUrl', 'not a url at all'], ['storeUrl', null],
  ['accountName', 'www.nomedaloja.com.br'], ['accountName', 'nome-da-loja'], ['accountName', '1loja'], ['accountName', ''],
  ['accountName', 'a'], ['accountName', 5], ['accountName', 'https://nomedaloja.example.com/admin'],
  ['environment', 'Vtex Commerce'], ['environment', ''], ['environment', 7],
  ['singleSignOn', 'yes'], ['singleSignOn', 1], ['singleSignOn', null],
  ['signupUrl', 'http://www.nomedaloja.com.br/cadastro'], ['signupUrl', 'javascript:alert(1)'], ['signupUrl', 5],
  ['rewardSkuIds', 'abc'], ['rewardSkuIds', [0]], ['rewardSkuIds', [-1]], ['rewardSkuIds', [1.5]], ['rewardSkuIds', ['12a']],
  ['rewardSkuIds', [2147483648]], ['rewardSkuIds', [null]], ['rewardSkuIds', many(1001)], ['rewardSkuIds', null],
  ['scoringStatuses', []], ['scoringStatuses', ['shipped']], ['scoringStatuses', ['canceled']], ['scoringStatuses', ['invoiced', 'cancel']],
  ['scoringStatuses', 'invoiced'], ['scoringStatuses', [1]],
  ['couponValidityDays', 0], ['couponValidityDays', 3651], ['couponValidityDays', 1.5], ['couponValidityDays', null],
  ['ordersImportSince', '2026-02-30'], ['ordersImportSince', '15/01/2026'], ['ordersImportSince', '2026-01-16'],
  ['ordersImportSince', '1999-12-31'], ['ordersImportSince', 20260101],
  ['includeShipping', 'false'], ['active', 'true'], ['importCustomers', 0], ['importOrders', null],
  ['productsAreGifts', 'no'], ['importProducts', 1], ['manualRedemptionApproval', []],
  ['importProducts', true],
  ['favouriteColour', 'blue'],
];

// [changes to BASE, field, the value saved]. The test clock's date is 2026-01-15 (São Paulo).
const VALID: [Body, string, unknown][] = [
  [{ language: 'en' }, 'language', 'en'],
  [{ creditDelayDays: 0 }, 'creditDelayDays', 0],
  [{ creditDelayDays: 365 }, 'creditDelayDays', 365],
  [{ storeUrl: 'https://www.NomeDaLoja.com.br/' }, 'storeUrl', 'https://www.nomedaloja.com.br'],
  [{ storeUrl: 'www.nomedaloja.com.br/produtos?x=1#topo' }, 'storeUrl', 'https://www.nomedaloja.com.br'],
  [{ storeUrl: 'https://nomedaloja.com.br:8443/loja/' }, 'storeUrl', 'https://nomedaloja.com.br:8443'],
  [{ storeUrl: 'https://nomedaloja.com.br:443' }, 'storeUrl', 'https://nomedaloja.com.br'],
  [{ accountName: 'https://nomedaloja.myvtex.com/admin' }, 'accountName', 'nomedaloja'],
  [{ accountName: 'nomedaloja.vtexcommercestable.com.br' }, 'accountName', 'nomedaloja'],
  [{ accountName: 'https://dev--nomedaloja.myvtex.com/' }, 'accountName', 'nomedaloja'],
  [{ accountName: ' NomeDaLoja2 ' }, 'accountName', 'nomedaloja2'],
  [{ environment: 'vtexcommercebeta' }, 'environment', 'vtexcommercebeta'],
  [{ singleSignOn: true }, 'singleSignOn', true],
  [{ signupUrl: 'https://www.nomedaloja.com.br/cadastro?ref=pontua' }, 'signupUrl', 'https://www.nomedaloja.com.br/cadastro?ref=pontua'],
  [{ signupUrl: null }, 'signupUrl', null],
  [{ rewardSkuIds: [1, '2', ' 3 ', 2, '0004', 2147483647] }, 'rewardSkuIds', ['1', '2', '3', '4', '2147483647']],
  [{ rewardSkuIds: many(1000) }, 'rewardSkuIds', many(1000).map(String)],
  [{ rewardSkuIds: [] }, 'rewardSkuIds', []],
  [{ scoringStatuses: ['payment-approved', 'invoiced', 'invoiced'] }, 'scoringStatuses', ['payment-approved', 'invoiced']],
  [{ couponValidityDays: 1 }, 'couponValidityDays', 1],
  [{ couponValidityDays: 3650 }, 'couponValidityDays', 3650],
  [{ ordersImportSince: '2025-06-01' }, 'ordersImportSince', '2025-06-01'],
  [{ ordersImportSince: '2026-01-15' }, 'ordersImportSince', '2026-01-15'],
  [{ includeShipping: true }, 'includeShipping', true],
  [{ importCustomers: false }, 'importCustomers', false],
  [{ importOrders: false }, 'importOrders', false],
  [{ productsAreGifts: true }, 'productsAreGifts', true],
  [{ productsAreGifts: true, importProducts: true }, 'importProducts', true],
  [{ manualRedemptionApproval: true }, 'manualRedemptionApproval', true],
];

describe.each(engines)('VTEX integration settings on $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let database: Database;
  let http: HttpWorld;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    ({ database, http, sandbox } = suite);
    // Activation checks the keys and registers the order hook: a sandbox account answers for
    // `nomedaloja` with exactly these keys.
    await controlOk(sandbox, 'POST', '/accounts', { name: 'nomedaloja', seed: 3 });
    await controlOk(sandbox, 'POST', '/accounts/nomedaloja/keys', { resources: ALL_RESOURCES, appKey: APP_KEY, appToken: APP_TOKEN });
  });

  const put = (auth: Record<string, string>, payload: unknown) =>
    http.app.inject({ method: 'PUT', url: URL, headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const get = (auth: Record<string, string>, url = URL) => http.app.inject({ method: 'GET', url, headers: auth });
  /** The stored row as text, read raw, with the program's language: what a change must leave alone. */
  const rawRow = async (tenantId: string) =>
    (
      await database.query<{ row: string | null; language: string }>(
        sql`select (select v::text from vtex_integrations v where v.tenant_id = ${tenantId}) as row, language from tenants where id = ${tenantId}`,
      )
    )[0];

  it('refuses every invalid value of every field with 400 naming it, and saves nothing', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    expect((await put(auth, BASE)).statusCode).toBe(200);
    const before = await rawRow(tenantId);
    for (const [field, value] of INVALID) {
      const body = field === 'importProducts' && value === true ? { ...BASE, importProducts: true } : { ...BASE, language: 'es', [field]: value };
      const response = await put(auth, body);
      const label = `${field} = ${JSON.stringify(value)?.slice(0, 40)}`;
      expect(response.statusCode, label).toBe(400);
      const error = response.json().error;
      expect(error.code, label).toBe('VALIDATION_FAILED');
      expect(error.errors.map((e: { field: string }) => e.field), label).toEqual([field]);
      expect(error.field, label).toBe(field);
      expect(error.message, label).toContain(`${field}: `);
      expect(await rawRow(tenantId), label).toEqual(before);
    }
    // covers every field of the form, plus unknown ones
    expect(new Set(INVALID.map(([field]) => field))).toEqual(new Set([...VTEX_INTEGRATION_FIELDS, 'favouriteColour']));
  });

  it('accepts and normalises the valid values of every field', async () => {
    const { auth } = await tenantWithKey(http.world);
    for (const [changes, field, saved] of VALID) {
      const label = JSON.stringify(changes).slice(0, 80);
      const response = await put(auth, { ...BASE, ...changes });
      expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(200);
      expect(response.json()[field], label).toEqual(saved);
      expect((await get(auth)).json()[field], label).toEqual(saved);
    }
  });

  it('fills in the defaults of a minimal form', async () => {
    const { auth } = await tenantWithKey(http.world);
    const response = await put(auth, BASE);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      appKey: 'vtexappkey-nom…X1',
      appTokenSet: true,
      language: 'pt-BR',
      creditDelayDays: 7,
      storeUrl: 'https://www.nomedaloja.com.br',
      accountName: 'nomedaloja',
      environment: 'vtexcommercestable',
      singleSignOn: false,
      signupUrl: null,
      rewardSkuIds: [],
      scoringStatuses: ['invoiced'],
      couponValidityDays: 365,
      ordersImportSince: null,
      includeShipping: false,
      active: false,
      importCustomers: true,
      importOrders: true,
      productsAreGifts: false,
      importProducts: false,
      manualRedemptionApproval: false,
      firstActivatedAt: null,
      createdAt: '2026-01-15T12:00:00.000Z',
      updatedAt: '2026-01-15T12:00:00.000Z',
    });
  });

  it('reports every invalid field together, and a first save with any of them saves nothing', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const response = await put(auth, {
      appKey: APP_KEY,
      language: 'fr',
      creditDelayDays: 400,
      storeUrl: 'http://www.nomedaloja.com.br',
      scoringStatuses: [],
      importProducts: true,
      colour: 'blue',
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.errors.map((e: { field: string }) => e.field);
    expect(fields.sort()).toEqual(
      ['accountName', 'appToken', 'colour', 'creditDelayDays', 'importProducts', 'language', 'scoringStatuses', 'storeUrl'].sort(),
    );
    for (const entry of response.json().error.errors) expect(entry.message.length).toBeGreaterThan(3);
    expect(await rawRow(tenantId)).toEqual({ row: null, language: 'pt-BR' });
    for (const body of [[], 'text', null, 42]) {
      const bad = await put(auth, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().error.field).toBe('body');
    }
    expect(await rawRow(tenantId)).toEqual({ row: null, language: 'pt-BR' });
  });

  it('keeps the stored appToken (and appKey) when left out; a new appKey needs its token', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    expect((await put(auth, BASE)).statusCode).toBe(200);
    const sealed = async () =>
      (await database.query<{ k: string; t: string; h: string }>(
        sql`select app_key_sealed as k, app_token_sealed as t, hook_secret_sealed as h from vtex_integrations where tenant_id = ${tenantId}`,
      ))[0]!;
    const first = await sealed();
    const { appToken: _t, appKey: _k, ...withoutSecrets } = BASE;
    const kept = await put(auth, { ...withoutSecrets, creditDelayDays: 30 });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ appKey: 'vtexappkey-nom…X1', appTokenSet: true, creditDelayDays: 30 });
    expect(await sealed()).toEqual(first);
    expect((await put(auth, { ...withoutSecrets, appKey: APP_KEY })).statusCode).toBe(200);
    expect((await sealed()).t).toBe(first.t);

    const newKey = await put(auth, { ...withoutSecrets, appKey: 'vtexappkey-nomedaloja-NEWKEYZZ99' });
    expect(newKey.statusCode).toBe(400);
    expect(newKey.json().error.errors).toEqual([{ field: 'appToken', message: 'is required when appKey changes' }]);
    const rotated = await put(auth, { ...withoutSecrets, appKey: 'vtexappkey-nomedaloja-NEWKEYZZ99', appToken: 'NEWTOKEN' });
    expect(rotated.json()).toMatchObject({ appKey: 'vtexappkey-nom…99', appTokenSet: true });
    const after = await sealed();
    expect(http.world.secrets.open(after.t, `${tenantId}:vtex.appToken`)).toBe('NEWTOKEN');
    expect(after.h).toBe(first.h);
  });

  it('never returns or stores the secrets in plaintext', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const saved = await put(auth, BASE);
    const read = await get(auth);
    const hookSecret = http.world.secrets.open(
      (await database.query<{ h: string }>(sql`select hook_secret_sealed as h from vtex_integrations where tenant_id = ${tenantId}`))[0]!.h,
      `${tenantId}:vtex.hookSecret`,
    );
    expect(hookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = (await rawRow(tenantId))!.row!;
    for (const text of [saved.body, read.body, row]) {
      expect(text).not.toContain(APP_TOKEN);
      expect(text).not.toContain(APP_KEY);
      expect(text).not.toContain('QWERTYUIOP');
      expect(text).not.toContain(hookSecret);
    }
    expect(read.json()).not.toHaveProperty('appToken');
    expect(read.json()).not.toHaveProperty('hookSecret');
    expect(await getVtexCredentials(http.world, tenantId)).toEqual({
      accountName: 'nomedaloja',
      environment: 'vtexcommercestable',
      appKey: APP_KEY,
      appToken: APP_TOKEN,
      hookSecret,
    });
    const other = await tenantWithKey(http.world);
    expect(await getVtexCredentials(http.world, other.tenantId)).toBeNull();
  });

  it("saves the program's language with the form, and leaves it alone on a refused form", async () => {
    const { auth } = await tenantWithKey(http.world);
    expect((await put(auth, { ...BASE, language: 'es' })).json().language).toBe('es');
    expect((await get(auth, '/api/admin/v1/program')).json().language).toBe('es');
    expect((await put(auth, { ...BASE, language: 'en', creditDelayDays: -5 })).statusCode).toBe(400);
    expect((await get(auth, '/api/admin/v1/program')).json().language).toBe('es');
    // left out: the program's language stays as it is
    expect((await put(auth, BASE)).json().language).toBe('es');
  });

  it('records the first activation and sets the default import date then, in the program time zone', async () => {
    const { auth } = await tenantWithKey(http.world);
    http.world.clock.set(new Date('2026-01-15T12:00:00.000Z'));
    expect((await put(auth, BASE)).json()).toMatchObject({ active: false, firstActivatedAt: null, ordersImportSince: null });
    // 01:00 UTC on the 16th is still the 15th in São Paulo
    http.world.clock.set(new Date('2026-01-16T01:00:00.000Z'));
    const activated = (await put(auth, { ...BASE, active: true })).json();
    expect(activated).toMatchObject({ active: true, firstActivatedAt: '2026-01-16T01:00:00.000Z', ordersImportSince: '2025-10-17' });
    http.world.clock.advanceDays(10);
    expect((await put(auth, { ...BASE, active: false })).json()).toMatchObject({ active: false, ordersImportSince: '2025-10-17' });
    http.world.clock.advanceDays(10);
    const again = (await put(auth, { ...BASE, active: true, ordersImportSince: null })).json();
    expect(again).toMatchObject({ active: true, firstActivatedAt: '2026-01-16T01:00:00.000Z', ordersImportSince: '2025-10-17' });
    expect((await put(auth, { ...BASE, active: true, ordersImportSince: '2025-01-01' })).json().ordersImportSince).toBe('2025-01-01');
    http.world.clock.set(new Date('2026-01-15T12:00:00.000Z'));
  });

  it('keeps a chosen import date on the first activation', async () => {
    const { auth } = await tenantWithKey(http.world);
    const saved = (await put(auth, { ...BASE, active: true, ordersImportSince: '2024-03-01' })).json();
    expect(saved).toMatchObject({ active: true, firstActivatedAt: '2026-01-15T12:00:00.000Z', ordersImportSince: '2024-03-01' });
  });

  it("another tenant's settings are invisible and untouched", async () => {
    const mine = await tenantWithKey(http.world);
    const theirs = await tenantWithKey(http.world);
    expect((await put(theirs.auth, { ...BASE, accountName: 'outraloja' })).statusCode).toBe(200);
    const before = await rawRow(theirs.tenantId);
    const missing = await get(mine.auth);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    expect((await put(mine.auth, BASE)).json().accountName).toBe('nomedaloja');
    expect(await rawRow(theirs.tenantId)).toEqual(before);
    expect((await get(theirs.auth)).json().accountName).toBe('outraloja');
  });

  it('serves the form with a help text for every field in each language', async () => {
    const { auth } = await tenantWithKey(http.world);
    const helps: Record<string, string> = {};
    for (const lang of ['pt-BR', 'en', 'es']) {
      const response = await get(auth, `${URL}/form?lang=${lang}`);
      expect(response.statusCode, lang).toBe(200);
      const form = response.json();
      expect(form.language).toBe(lang);
      expect(form.fields.map((f: { name: string }) => f.name)).toEqual([...VTEX_INTEGRATION_FIELDS]);
      for (const field of form.fields) {
        expect(field.help.length, `${lang} ${field.name}`).toBeGreaterThan(20);
        expect(field.label.length, `${lang} ${field.name}`).toBeGreaterThan(1);
      }
      const byName = Object.fromEntries(form.fields.map((f: { name: string }) => [f.name, f]));
      expect(byName.scoringStatuses).toMatchObject({ type: 'enum-list', default: ['invoiced'] });
      expect(byName.scoringStatuses.options).toContain('payment-approved');
      expect(byName.scoringStatuses.options).not.toContain('canceled');
      expect(byName.creditDelayDays).toMatchObject({ type: 'integer', default: 7, constraints: { minimum: 0, maximum: 365 } });
      expect(byName.couponValidityDays.default).toBe(365);
      expect(byName.environment.default).toBe('vtexcommercestable');
      expect(byName.language).toMatchObject({ default: 'pt-BR', options: ['pt-BR', 'en', 'es'] });
      helps[lang] = byName.creditDelayDays.help;
    }
    expect(new Set(Object.values(helps)).size).toBe(3);
    expect(helps['pt-BR']).toMatch(/^Dias entre/);
    expect(helps.en).toMatch(/^Days between/);
    expect(helps.es).toMatch(/^Días entre/);
    expect((await put(auth, { ...BASE, language: 'en' })).statusCode).toBe(200);
    expect((await get(auth, `${URL}/form`)).json().language).toBe('en');
    const bad = await get(auth, `${URL}/form?lang=fr`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('lang');
  });
});
