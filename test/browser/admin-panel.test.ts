// The admin panel's shell in Chromium, against the app listening on a loopback port: signing in
// through the sign-in page (a wrong password refused, the session cookie out of the page's reach),
// signing out, a deep link kept across sign-in, a member's manual adjustment, the pages in pt-BR
// (the default), English and Spanish, and the phone layout. Each test signs in as a new user
// and ends with no console errors but the refusals it provoked. Screenshots go to
// test-artifacts/screenshots as admin-<scenario>-<engine>.png.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { getBalance } from '../../src/app/ledger/get-balance';
import { openBrowser, type Page, type TestBrowser } from '../harness/browser';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { WAIT, expectConsoleErrors, freshTab, panelUrl, panelUser, signIn, submitSignIn } from '../harness/admin-browser';
import { seedMember } from '../harness/world';

describe.each(engines)('the admin panel in Chromium, $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let http: HttpWorld;
  let browser: TestBrowser;
  let page: Page;
  let errorsFrom = 0;
  const slug = engine.name.replace(/[^a-z]/g, '');
  beforeAll(async () => {
    ({ http } = suite);
    browser = await openBrowser({ locale: 'pt-BR' });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
  });

  async function start(viewport?: { width: number; height: number }) {
    page = await freshTab(browser, viewport);
    errorsFrom = browser.consoleErrors.length;
    return page;
  }

  const apiUrl = (path = '') => `${http.world.publicUrl}/api/admin/v1${path}`;
  const apiGet = (auth: Record<string, string>, url: string) => http.app.inject({ method: 'GET', url: `/api/admin/v1${url}`, headers: auth });

  it('refuses a wrong password, signs in with a cookie the page cannot read, and signs out back to the sign-in page', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const user = await panelUser(http, tenantId);
    await start();

    // Signed out, the panel sends any page to sign-in (and asks /auth/session without an error).
    await page.goto(panelUrl(http, '/'));
    await page.getByTestId('page-sign-in').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    expect(await page.locator('h1').textContent()).toBe('Entrar');

    // Nothing typed: each field says so and nothing is sent.
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('error-email').waitFor();
    await page.getByTestId('error-password').waitFor();

    await submitSignIn(page, { email: user.email, password: 'not the password' });
    await expect.poll(async () => page.getByTestId('sign-in-error').textContent(), WAIT).toBe('O e-mail ou a senha está errado.');
    expect(await browser.context.cookies(apiUrl())).toEqual([]);
    await browser.screenshot(page, `admin-sign-in-error-${slug}`);

    await page.getByTestId('field-password').fill(user.password);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('page-dashboard').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/dashboard');
    const cookie = (await browser.context.cookies(apiUrl())).find((item) => item.name === 'pontua_admin');
    expect(cookie).toMatchObject({ httpOnly: true, path: '/api/admin' });
    const session = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie: `pontua_admin=${cookie!.value}` } });
    expect(session.json()).toMatchObject({ user: { id: user.id, email: user.email }, tenant: { id: tenantId } });
    // The cookie's path is the API's: a script there, where the browser does send it, cannot read it either.
    const scriptTab = await browser.page();
    await scriptTab.goto(apiUrl('/auth/session'));
    expect(await scriptTab.evaluate<string>('document.cookie')).toBe('');
    // …while the browser sends it with the page's own requests there.
    const sessionSeen = await scriptTab.evaluate(async () => (await (await fetch('/api/admin/v1/auth/session')).json()) as { user: { email: string } | null });
    expect(sessionSeen.user?.email).toBe(user.email);
    await scriptTab.close();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('page-sign-in').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    // The session is over on the server, not only forgotten by the browser.
    const after = await http.app.inject({ method: 'GET', url: '/api/admin/v1/auth/session', headers: { cookie: `pontua_admin=${cookie!.value}` } });
    expect(after.json()).toMatchObject({ user: null, tenant: null });
    await page.goto(panelUrl(http, '/members'));
    await page.getByTestId('page-sign-in').waitFor();
    expectConsoleErrors(browser, errorsFrom, http, [{ status: 401, path: '/api/admin/v1/auth/sign-in' }]);
  });

  it('keeps a deep link across sign-in, and a manual adjustment with its reason updates the balance', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const user = await panelUser(http, tenantId);
    const member = await seedMember(http.world, tenantId, { name: 'Joana Prado' });
    await adjustPoints(http.world, { tenantId, memberId: member.id, points: 100, reason: 'welcome', actor: 'test', idempotencyKey: `welcome:${member.id}` });
    await start();

    await page.goto(panelUrl(http, `/members/${member.id}`));
    await page.getByTestId('page-sign-in').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/members/${member.id}`);
    await submitSignIn(page, user);
    await page.getByTestId('page-member').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/members/${member.id}`);
    await expect.poll(async () => page.getByTestId('page-member').textContent(), WAIT).toContain('Joana Prado');
    const available = page.getByTestId('balance-available');
    await expect.poll(async () => available.getAttribute('data-value'), WAIT).toBe('100');

    const reason = 'Compensação pelo atraso na entrega';
    await page.getByTestId('field-points').fill('250');
    await page.getByTestId('field-reason').fill(reason);
    await page.getByTestId('adjust-submit').click();
    await page.getByTestId('toast').first().waitFor();
    await expect.poll(async () => available.getAttribute('data-value'), WAIT).toBe('350');
    expect(await getBalance(http.world, tenantId, member.id)).toMatchObject({ available: 350 });
    const ledger = (await apiGet(auth, `/members/${member.id}/ledger`)).json().items;
    expect(ledger[0]).toMatchObject({ points: 250, metadata: { reason } });
    await browser.screenshot(page, `admin-member-adjusted-${slug}`);

    // A debit beyond the balance is refused (409) with its code, and nothing moves.
    await page.getByTestId('field-points').fill('-1000');
    await page.getByTestId('field-reason').fill('Correção');
    await page.getByTestId('adjust-submit').click();
    await page.locator('[data-testid=adjust-error] [data-code=INSUFFICIENT_POINTS]').waitFor();
    expect(await available.getAttribute('data-value')).toBe('350');
    expect(await getBalance(http.world, tenantId, member.id)).toMatchObject({ available: 350 });
    expectConsoleErrors(browser, errorsFrom, http, [{ status: 409, path: `/api/admin/v1/members/${member.id}/adjustments` }]);
  });

  it('shows the pages in pt-BR by default, in English and Spanish by the user\'s language, and the menu switches and keeps it', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const portuguese = await panelUser(http, tenantId);
    const english = await panelUser(http, tenantId, { language: 'en' });
    await start();
    const nav = async () => ({
      dashboard: await page.getByTestId('nav-dashboard').textContent(),
      members: await page.getByTestId('nav-members').textContent(),
      redemptions: await page.getByTestId('nav-redemptions').textContent(),
      integration: await page.getByTestId('nav-settings-integration').textContent(),
    });
    const title = async () => page.locator('#page-title').textContent();

    // No language anywhere: pt-BR.
    await signIn(page, http, portuguese);
    await page.getByTestId('page-dashboard').waitFor();
    expect(await nav()).toEqual({ dashboard: 'Painel', members: 'Membros', redemptions: 'Resgates', integration: 'Integração' });
    expect(await title()).toBe('Painel');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('pt-BR');
    await browser.screenshot(page, `admin-language-pt-BR-${slug}`);

    // The user menu switches to Spanish at once, and the choice is the user's from now on.
    await page.getByTestId('nav-members').click();
    await page.getByTestId('page-members').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-switch').selectOption('es');
    await expect.poll(title, WAIT).toBe('Miembros');
    expect(await nav()).toEqual({ dashboard: 'Panel', members: 'Miembros', redemptions: 'Canjes', integration: 'Integración' });
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('es');
    await expect.poll(async () => (await apiGet(auth, '/users')).json().items.find((item: { id: string }) => item.id === portuguese.id)?.language, WAIT).toBe('es');
    await browser.screenshot(page, `admin-language-es-${slug}`);

    // A user whose language is English.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('page-sign-in').waitFor();
    await submitSignIn(page, english);
    await page.getByTestId('page-dashboard').waitFor();
    expect(await nav()).toEqual({ dashboard: 'Dashboard', members: 'Members', redemptions: 'Redemptions', integration: 'Integration' });
    expect(await title()).toBe('Dashboard');
    await page.getByTestId('nav-redemptions').click();
    await expect.poll(title, WAIT).toBe('Redemptions');
    await browser.screenshot(page, `admin-language-en-${slug}`);

    // Signed out, the sign-in page has its own switch; the user's saved Spanish wins at sign-in.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('page-sign-in').waitFor();
    await page.getByTestId('language-switch').selectOption('en');
    await expect.poll(title, WAIT).toBe('Sign in');
    await submitSignIn(page, portuguese);
    await page.getByTestId('page-dashboard').waitFor();
    await expect.poll(title, WAIT).toBe('Panel');
    await page.evaluate('localStorage.clear()');
    expectConsoleErrors(browser, errorsFrom, http);
  });

  it('on a phone the menu button opens the navigation, which closes after choosing a page', async () => {
    const { tenantId } = await tenantWithKey(http.world);
    const user = await panelUser(http, tenantId);
    await start({ width: 375, height: 740 });
    await signIn(page, http, user);
    await page.getByTestId('page-dashboard').waitFor();
    const menu = page.getByTestId('menu-button');
    const nav = page.getByTestId('side-nav');
    expect(await menu.isVisible()).toBe(true);
    expect(await nav.isVisible()).toBe(false);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot(page, `admin-phone-dashboard-${slug}`);

    await menu.click();
    await nav.waitFor({ state: 'visible' });
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await browser.screenshot(page, `admin-phone-menu-${slug}`);
    await page.getByTestId('nav-redemptions').click();
    await page.getByTestId('page-redemptions').waitFor();
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await browser.screenshot(page, `admin-phone-redemptions-${slug}`);
    expectConsoleErrors(browser, errorsFrom, http);
  });
});
