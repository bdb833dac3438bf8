// The widget on the VTEX sandbox's store, in Chromium, against Pontua listening on a loopback
// port: a shopper logged into the store sees their points without another login, redeems, and
// the code, applied at the sandbox checkout, makes an order that marks the redemption used; an
// anonymous shopper is offered the program with the sign-up link; a session the store's VTEX does
// not know signs nobody in; the page mode in pt-BR and en; no console errors. Screenshots are
// kept in test-artifacts/screenshots.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { processOrderEvents } from '../../src/app/orders/process-order-events';
import { emailJob } from '../../src/jobs/emails.job';
import type { RunningSandbox } from '../../sandbox/main';
import { openBrowser, type Page, type TestBrowser } from '../harness/browser';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { controlOk, createShop, type Shop } from '../harness/vtex-sandbox';

describe.each(engines)('the widget on the sandbox store, $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let browser: TestBrowser;
  const slug = engine.name.replace(/[^a-z]/g, '');
  let shops = 0;
  beforeAll(async () => {
    ({ sandbox, http } = suite);
    browser = await openBrowser({ locale: 'pt-BR' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A store carrying the widget, its program connected with single sign-on, a reward and a shopper with points. */
  async function storeWithWidget(options: { mode?: 'launcher' | 'page'; language?: 'pt-BR' | 'en'; singleSignOn?: boolean } = {}) {
    const shop: Shop = await createShop(sandbox, `wgt${slug}${++shops}`);
    const tenant = await tenantWithKey(http.world);
    await http.app.inject({ method: 'PATCH', url: '/api/admin/v1/program', headers: tenant.auth, payload: { name: 'Clube Sandbox', language: options.language ?? 'pt-BR' } });
    const saved = await http.app.inject({
      method: 'PUT', url: '/api/admin/v1/integrations/vtex', headers: tenant.auth,
      payload: {
        accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: true,
        importCustomers: false, importOrders: false, singleSignOn: options.singleSignOn ?? true, signupUrl: 'https://www.loja.example/cadastro',
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const { publicKey } = (await http.world.tenants.get(tenant.tenantId))!;
    await controlOk(sandbox, 'PUT', `/accounts/${shop.name}/storefront/scripts`, {
      scripts: [{ src: `${http.world.publicUrl}/widget.js`, attributes: { 'data-key': publicKey, 'data-mode': options.mode ?? 'launcher' } }],
    });
    const email = `cliente.${shop.name}@example.com`;
    await controlOk(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, { email, firstName: 'Clara', lastName: 'Nunes' });
    const member = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/members', headers: tenant.auth, payload: { email, name: 'Clara Nunes' } })).json();
    await adjustPoints(http.world, { tenantId: tenant.tenantId, memberId: member.id, points: 250, reason: 'bonus', actor: 'test', idempotencyKey: `bonus:${member.id}` });
    const reward = (await http.app.inject({ method: 'POST', url: '/api/admin/v1/rewards', headers: tenant.auth, payload: { kind: 'percent_discount', name: '10% de desconto', cost: 100, discountPercent: 10 } })).json();
    return { shop, tenant, email, member, reward, storefront: `${sandbox.url}/${shop.name}/` };
  }
  type Store = Awaited<ReturnType<typeof storeWithWidget>>;

  async function logIn(page: Page, store: Store) {
    await page.goto(store.storefront);
    await page.getByLabel('E-mail', { exact: true }).fill(store.email);
    await page.getByLabel('Senha').fill('sandbox');
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    await page.getByRole('heading', { name: 'Olá, Clara!', level: 1 }).waitFor();
  }

  it('a shopper logged into the store sees their points without another login, redeems, and the code used at checkout marks it used', async () => {
    const store = await storeWithWidget();
    const page = await browser.page();
    await logIn(page, store);
    await page.locator('pontua-widget[data-state=member]').waitFor({ state: 'attached' });
    const launcher = page.getByTestId('pontua-launcher');
    await expect.poll(async () => launcher.textContent()).toMatch(/250/);
    await launcher.click();
    await page.getByTestId('pontua-panel').waitFor();
    expect(await page.getByTestId('pontua-balance-available').textContent()).toMatch(/250/);
    await browser.screenshot(page, `widget-launcher-${slug}`);

    await page.getByTestId('pontua-redeem').first().click();
    await page.getByTestId('pontua-redeem-confirm').click();
    const code = page.getByTestId('pontua-coupon-code').first();
    await code.waitFor();
    const couponCode = await code.inputValue();
    expect(couponCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await browser.screenshot(page, `widget-redeemed-${slug}`);
    const redemptions = (await http.app.inject({ method: 'GET', url: `/api/admin/v1/redemptions?memberId=${store.member.id}`, headers: store.tenant.auth })).json().items;
    expect(redemptions).toMatchObject([{ status: 'issued', couponCode }]);

    // The code at the sandbox checkout: an order; VTEX's hook reaches Pontua; the order job marks it used.
    const skus = (await (await fetch(`${sandbox.url}/_sandbox/accounts/${store.shop.name}/skus`)).json()) as { skus: { id: number }[] };
    const order = await controlOk<{ orderId: string }>(sandbox, 'POST', `/accounts/${store.shop.name}/checkout`, {
      email: store.email, items: [{ skuId: skus.skus[0]!.id, quantity: 1 }], coupon: couponCode, status: 'invoiced',
    });
    await expect.poll(async () => (await processOrderEvents(http.world, store.tenant.tenantId)).settled, { timeout: 10_000 }).toBeGreaterThan(0);
    const used = (await http.app.inject({ method: 'GET', url: `/api/admin/v1/redemptions/${redemptions[0].id}`, headers: store.tenant.auth })).json();
    expect(used).toMatchObject({ status: 'used', orderId: order.orderId });
    expect(browser.consoleErrors).toEqual([]);
  });

  it('an anonymous shopper is offered the program and the sign-up link; a forged session or another store’s signs nobody in', async () => {
    const store = await storeWithWidget({ mode: 'page' });
    const page = await browser.page();
    await page.goto(store.storefront);
    await page.locator('pontua-widget[data-state=anonymous]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('pontua-signup').getAttribute('href')).toBe('https://www.loja.example/cadastro');
    await browser.screenshot(page, `widget-anonymous-${slug}`);
    // A forged session cookie on the store's domain: VTEX does not know it, the widget stays anonymous.
    await browser.context.addCookies([{ name: 'vtex_session', value: 'forged.session.value', url: store.storefront }]);
    await page.reload();
    await page.locator('pontua-widget[data-state=anonymous]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('pontua-balance-available').count()).toBe(0);
    // A real session of a shopper signed in at another store, carried over: this store's VTEX does not know it.
    const other = await storeWithWidget();
    const login = await fetch(`${other.storefront}login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: other.email, password: 'sandbox' }).toString(),
    });
    const theirs = login.headers.getSetCookie().map((line) => line.split(';')[0]!).find((pair) => pair.startsWith('vtex_session='))!.slice('vtex_session='.length);
    await browser.context.addCookies([{ name: 'vtex_session', value: theirs, url: store.storefront }]);
    await page.reload();
    await page.locator('pontua-widget[data-state=anonymous]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('pontua-balance-available').count()).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('without single sign-on, a member signs in with the code e-mailed to them', async () => {
    const store = await storeWithWidget({ mode: 'page', singleSignOn: false });
    const page = await browser.page();
    await page.goto(store.storefront);
    await page.locator('pontua-widget[data-state=anonymous]').waitFor({ state: 'attached' });
    await page.getByTestId('pontua-code-email').fill(store.email);
    await page.getByTestId('pontua-code-send').click();
    await page.getByTestId('pontua-code-input').waitFor();
    // The e-mail job makes the message (stored: no SMTP server here); the shopper reads the code in
    // it. (The admin API hides sign-in codes from the store's staff: the message as stored is read.)
    await emailJob({ ...http.world, emailSender: null, emailFrom: 'no-reply@loja.example' })({ tenantIds: [store.tenant.tenantId] });
    const [mail] = await http.world.database.query<{ text: string }>(sql`select text from emails
      where tenant_id = ${store.tenant.tenantId} and member_id = ${store.member.id} and type = 'login_code'`);
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
    expect(code, mail?.text).toBeDefined();
    await page.getByTestId('pontua-code-input').fill(code!);
    await page.getByTestId('pontua-code-verify').click();
    await page.locator('pontua-widget[data-state=member]').waitFor({ state: 'attached' });
    await expect.poll(async () => page.getByTestId('pontua-page').textContent()).toMatch(/250/);
    await browser.screenshot(page, `widget-code-signed-in-${slug}`);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('the page mode in pt-BR and in English', async () => {
    for (const language of ['pt-BR', 'en'] as const) {
      const store = await storeWithWidget({ mode: 'page', language });
      const page = await browser.page();
      await logIn(page, store);
      await page.locator('pontua-widget[data-state=member]').waitFor({ state: 'attached' });
      const pageMode = page.getByTestId('pontua-page');
      await pageMode.waitFor();
      const text = (await pageMode.textContent()) ?? '';
      expect(text).toMatch(/250/);
      expect(text).toContain('10% de desconto');
      expect(text).toMatch(language === 'en' ? /Rewards|points/ : /Recompensas|pontos/);
      await browser.screenshot(page, `widget-page-${language}-${slug}`);
    }
    expect(browser.consoleErrors).toEqual([]);
  });
});
