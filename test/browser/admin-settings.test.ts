// Settings → Integration and the Sync page in Chromium, against the app and the VTEX sandbox:
// invalid values marked on each field (those only the server finds too) with nothing saved; valid
// values saved and read back; "Test connection" naming the License Manager resource a restricted
// key lacks; activation confirmed in pt-BR, then the customer and order imports of a seeded store
// watched on the Sync page until their progress bars are full. The imports run one step at a
// time from the test (runOneSyncJob), so the page is seen part way and at the end.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runOneSyncJob } from '../../src/app/sync/run-sync-jobs';
import type { SyncJobKind } from '../../src/app/sync/ports';
import { addDays, localDate } from '../../src/domain/integration';
import type { RunningSandbox } from '../../sandbox/main';
import { openBrowser, type Page, type TestBrowser } from '../harness/browser';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { WAIT, expectConsoleErrors, fieldErrorsShown, freshTab, panelUser, signIn } from '../harness/admin-browser';
import { ALL_RESOURCES, RESOURCES, addKey, controlOk, createShop, type Shop } from '../harness/vtex-sandbox';

const DAY_MS = 86_400_000;
const SEEDED = 300;

describe.each(engines)('the integration settings and sync pages in Chromium, $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let browser: TestBrowser;
  let page: Page;
  let errorsFrom = 0;
  let shop: Shop;
  let seededShop: Shop;
  const slug = engine.name.replace(/[^a-z]/g, '');
  beforeAll(async () => {
    ({ sandbox, http } = suite);
    shop = await createShop(sandbox, `adm${slug}`, { customers: 5, orders: 5 });
    seededShop = await createShop(sandbox, `admimport${slug}`);
    // Orders before the test clock's today (2026-01-15), inside the 90 days activation imports.
    await controlOk(sandbox, 'POST', `/accounts/${seededShop.name}/seed`, {
      customers: SEEDED, orders: SEEDED, from: '2025-11-01T00:00:00.000Z', to: '2026-01-10T00:00:00.000Z',
    });
    browser = await openBrowser({ locale: 'pt-BR' });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
  });

  /** A store with a panel user signed in on the integration page. */
  async function onIntegrationPage(options: { browserClockAheadDays?: number } = {}) {
    const tenant = await tenantWithKey(http.world);
    const user = await panelUser(http, tenant.tenantId);
    page = await freshTab(browser);
    errorsFrom = browser.consoleErrors.length;
    if (options.browserClockAheadDays) await page.clock.setFixedTime(new Date(http.world.clock.now().getTime() + options.browserClockAheadDays * DAY_MS));
    await signIn(page, http, user);
    await page.getByTestId('nav-settings-integration').click();
    await page.getByTestId('integration-form').waitFor();
    return tenant;
  }

  const stored = (auth: Record<string, string>) => http.app.inject({ method: 'GET', url: '/api/admin/v1/integrations/vtex', headers: auth });
  const field = (name: string) => page.getByTestId(`field-${name}`);

  async function fill(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) await field(name).fill(value);
  }

  it('marks every invalid field, including what only the server finds, and saves nothing', async () => {
    // The browser's calendar a month ahead of the server's: a date it accepts is still in the program's future.
    const { auth } = await onIntegrationPage({ browserClockAheadDays: 30 });
    const puts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(new URL(request.url()).pathname);
    });

    await fill({ accountName: 'www.minhaloja.com.br', storeUrl: 'http://www.minhaloja.com.br', creditDelayDays: '-3', appKey: '', appToken: 'um-token-qualquer' });
    await page.getByTestId('save').click();
    await page.getByTestId('form-error').waitFor();
    expect(await fieldErrorsShown(page)).toEqual(['error-accountName', 'error-appKey', 'error-creditDelayDays', 'error-storeUrl']);
    for (const name of ['accountName', 'appKey', 'creditDelayDays', 'storeUrl']) {
      expect(await field(name).getAttribute('aria-invalid'), name).toBe('true');
      expect(await page.getByTestId(`error-${name}`).textContent(), name).toMatch(/\S/);
    }
    expect(await page.getByTestId('error-storeUrl').textContent()).toContain('https');
    expect(puts).toEqual([]);
    expect((await stored(auth)).statusCode).toBe(404);
    await browser.screenshot(page, `admin-settings-invalid-${slug}`);

    // Fixed; but the import date is after the program's today, which only the server knows.
    const serverToday = localDate(http.world.clock.now(), 'America/Sao_Paulo');
    await fill({
      accountName: shop.name, storeUrl: 'https://www.minhaloja.com.br', creditDelayDays: '3', appKey: shop.appKey, appToken: shop.appToken,
      ordersImportSince: addDays(serverToday, 5),
    });
    await page.getByTestId('save').click();
    await page.getByTestId('error-ordersImportSince').waitFor();
    expect(await fieldErrorsShown(page)).toEqual(['error-ordersImportSince']);
    expect(await page.getByTestId('error-ordersImportSince').textContent()).toBe('must not be in the future');
    expect(await field('ordersImportSince').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('save-error').waitFor();
    expect(puts).toEqual(['/api/admin/v1/integrations/vtex']);
    expect((await stored(auth)).statusCode).toBe(404);
    await browser.screenshot(page, `admin-settings-server-error-${slug}`);
    expectConsoleErrors(browser, errorsFrom, http, [{ status: 400, path: '/api/admin/v1/integrations/vtex' }]);
  });

  it('saves valid settings, normalised, and shows them again after a reload', async () => {
    const { auth } = await onIntegrationPage();
    await fill({
      accountName: `https://${shop.name}.myvtex.com/admin`, appKey: shop.appKey, appToken: shop.appToken,
      storeUrl: 'www.loja-exemplo.com.br/produtos?origem=painel', creditDelayDays: '14', couponValidityDays: '60', ordersImportSince: '2026-01-02',
      signupUrl: 'https://www.loja-exemplo.com.br/cadastro',
    });
    await field('scoringStatuses-payment-approved').check();
    await field('singleSignOn').check();
    await field('manualRedemptionApproval').check();
    await page.getByTestId('save').click();
    await page.getByTestId('save-success').waitFor();
    expect(await fieldErrorsShown(page)).toEqual([]);

    const saved = await stored(auth);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      accountName: shop.name, storeUrl: 'https://www.loja-exemplo.com.br', creditDelayDays: 14, couponValidityDays: 60, ordersImportSince: '2026-01-02',
      scoringStatuses: ['invoiced', 'payment-approved'], singleSignOn: true, signupUrl: 'https://www.loja-exemplo.com.br/cadastro',
      manualRedemptionApproval: true, active: false, appTokenSet: true, environment: 'vtexcommercestable',
    });
    const maskedKey = saved.json().appKey as string;
    expect(maskedKey).not.toBe(shop.appKey);

    await page.reload();
    await page.getByTestId('integration-form').waitFor();
    expect(await field('accountName').inputValue()).toBe(shop.name);
    expect(await field('storeUrl').inputValue()).toBe('https://www.loja-exemplo.com.br');
    expect(await field('creditDelayDays').inputValue()).toBe('14');
    expect(await field('appKey').inputValue()).toBe('');
    expect(await field('appKey').getAttribute('placeholder')).toContain(maskedKey);
    expect(await field('manualRedemptionApproval').isChecked()).toBe(true);
    expect(await field('scoringStatuses-payment-approved').isChecked()).toBe(true);
    expect(await page.getByTestId('integration-status').textContent()).toBe('Inativa');
    await browser.screenshot(page, `admin-settings-saved-${slug}`);
    expectConsoleErrors(browser, errorsFrom, http);
  });

  it('"Test connection" names the permission a restricted key lacks, and answers ok for a full key', async () => {
    const { auth } = await onIntegrationPage();
    const restricted = await addKey(sandbox, shop.name, ALL_RESOURCES.filter((resource) => resource !== RESOURCES.readDocuments
      && resource !== RESOURCES.writeDocuments && resource !== RESOURCES.fullAccessDocuments && resource !== RESOURCES.masterDataAdministrator));
    await fill({ accountName: shop.name, appKey: restricted.appKey, appToken: restricted.appToken });
    await page.getByTestId('test-connection').click();
    const result = page.getByTestId('connection-result');
    await result.waitFor();
    expect(await result.getAttribute('data-all-ok')).toBe('false');
    expect(await page.getByTestId('capability-customers').getAttribute('data-status')).toBe('forbidden');
    expect(await page.getByTestId('capability-customers-resource').textContent()).toBe(RESOURCES.readDocuments);
    for (const capability of ['orders', 'orderHook', 'catalog', 'promotions', 'coupons']) {
      expect(await page.getByTestId(`capability-${capability}`).getAttribute('data-status'), capability).toBe('ok');
    }
    await browser.screenshot(page, `admin-connection-forbidden-${slug}`);

    await fill({ appKey: shop.appKey, appToken: shop.appToken });
    await page.getByTestId('test-connection').click();
    await expect.poll(async () => result.getAttribute('data-all-ok'), WAIT).toBe('true');
    for (const capability of ['customers', 'orders', 'orderHook', 'catalog', 'promotions', 'coupons']) {
      expect(await page.getByTestId(`capability-${capability}`).getAttribute('data-status'), capability).toBe('ok');
    }
    expect(await page.getByTestId('capability-customers-resource').count()).toBe(0);
    await browser.screenshot(page, `admin-connection-ok-${slug}`);
    // Testing saves nothing.
    expect((await stored(auth)).statusCode).toBe(404);
    expectConsoleErrors(browser, errorsFrom, http);
  });

  it('activation asks first in pt-BR, then the Sync page shows the customer and order imports progress to done', async () => {
    const { tenantId, auth } = await onIntegrationPage();
    await fill({ accountName: seededShop.name, appKey: seededShop.appKey, appToken: seededShop.appToken, storeUrl: 'https://www.loja-importada.com.br' });
    const dialog = page.getByTestId('activate-dialog');

    // Cancelled: nothing saved, the switch back off.
    await field('active').click();
    await dialog.waitFor();
    await page.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await field('active').isChecked()).toBe(false);
    expect((await stored(auth)).statusCode).toBe(404);

    await field('active').click();
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe('Ativar a integração?');
    expect(await page.getByTestId('activate-customers').textContent()).toBe('importar os clientes da loja (Master Data) como participantes do programa;');
    expect(await page.getByTestId('activate-orders').textContent()).toBe('importar os pedidos dos últimos 90 dias e creditar seus pontos;');
    expect(await page.getByTestId('activate-emails').textContent()).toBe('começar a enviar e-mails aos participantes (boas-vindas, pontos, resgates).');
    expect(await page.getByTestId('confirm-ok').textContent()).toBe('Ativar e salvar');
    await browser.screenshot(page, `admin-activate-dialog-${slug}`);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('save-success').waitFor();
    expect(await page.getByTestId('integration-status').textContent()).toBe('Ativa');
    expect((await stored(auth)).json()).toMatchObject({ accountName: seededShop.name, active: true, importCustomers: true, importOrders: true });

    await page.getByTestId('nav-sync').click();
    await page.getByTestId('page-sync').waitFor();
    await page.getByTestId('job-customers.import').waitFor();
    await page.getByTestId('job-orders.import').waitFor();

    const runStep = () => runOneSyncJob(http.world, { owner: 'admin-browser-test', leaseMs: 60_000, sliceMs: 0, tenantIds: [tenantId] });
    const job = async (kind: SyncJobKind) => (await http.world.syncJobs.list(tenantId)).find((item) => item.kind === kind);
    const bar = (kind: SyncJobKind) => page.getByTestId(`progress-${kind}`);
    /** What the bar shows, once the page's polling has caught up with `done` of `total`. */
    const shows = async (kind: SyncJobKind, done: number, total: number) => {
      await expect.poll(async () => [await bar(kind).getAttribute('aria-valuenow'), await bar(kind).getAttribute('aria-valuemax')], WAIT)
        .toEqual([String(done), String(total)]);
    };

    // Step by step until the order import is part way: the page shows it part way.
    for (let steps = 0; ; steps++) {
      const orders = await job('orders.import');
      if (orders && orders.total !== null && orders.done > 0 && orders.done < orders.total) break;
      expect(steps, 'the order import never was part way').toBeLessThan(10);
      expect(await runStep()).toBe(true);
    }
    const partWay = (await job('orders.import'))!;
    expect(partWay.total).toBe(SEEDED);
    await shows('orders.import', partWay.done, SEEDED);
    expect(await page.getByTestId('job-orders.import').getAttribute('data-state')).not.toBe('done');
    await browser.screenshot(page, `admin-sync-progress-${slug}`);

    // The rest, until no import step is due: both bars full, both jobs done.
    for (let steps = 0; await runStep(); steps++) expect(steps, 'the imports never finished').toBeLessThan(20);
    for (const kind of ['customers.import', 'orders.import'] as const) {
      expect(await job(kind), kind).toMatchObject({ state: 'done', done: SEEDED, total: SEEDED, errors: 0 });
      await shows(kind, SEEDED, SEEDED);
      await expect.poll(async () => page.getByTestId(`job-${kind}`).getAttribute('data-state'), WAIT).toBe('done');
      expect(await page.getByTestId(`job-count-${kind}`).textContent(), kind).toContain('300');
    }
    await browser.screenshot(page, `admin-sync-done-${slug}`);
    expectConsoleErrors(browser, errorsFrom, http);
  });
});
