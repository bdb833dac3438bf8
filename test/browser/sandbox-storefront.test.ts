// The browser harness against the VTEX sandbox's storefront: a shopper logs in through the login
// form in Chromium and the browser ends up holding the cookies VTEX sets on the store's domain.

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/main';
import { openBrowser, type TestBrowser } from '../harness/browser';
import { controlOk, createShop, startTestSandbox, type Shop } from '../harness/vtex-sandbox';

interface SandboxCustomer { email: string; firstName: string; userId: string }

let sandbox: RunningSandbox;
let browser: TestBrowser;
let shop: Shop;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  shop = await createShop(sandbox, 'browserstore', { customers: 3 });
  browser = await openBrowser({ locale: 'pt-BR' });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox storefront in Chromium', () => {
  it('logs a shopper in through the login form and keeps the VTEX session cookies', async () => {
    const shopper = await controlOk<SandboxCustomer>(sandbox, 'POST', `/accounts/${shop.name}/masterdata/customers`, {
      email: 'ana.navegador@example.com', firstName: 'Ana', lastName: 'Navegador',
    });
    const storefront = `${sandbox.url}/${shop.name}/`;
    const page = await browser.page();

    await page.goto(storefront);
    await page.getByRole('heading', { name: 'Entrar', level: 1 }).waitFor();
    expect(await browser.context.cookies(storefront)).not.toContainEqual(expect.objectContaining({ name: `VtexIdclientAutCookie_${shop.name}` }));

    await page.getByLabel('E-mail').fill(shopper.email);
    await page.getByLabel('Senha').fill('sandbox');
    const login = page.waitForResponse((response) => response.url() === `${storefront}login` && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Entrar', exact: true }).click();
    expect((await login).status()).toBe(303);

    await page.getByRole('heading', { name: `Olá, ${shopper.firstName}!`, level: 1 }).waitFor();
    expect(await page.getByText(shopper.userId).textContent()).toBe(shopper.userId);
    expect(await page.getByRole('button', { name: 'Sair' }).isVisible()).toBe(true);

    const cookies = await browser.context.cookies(storefront);
    const session = cookies.find((cookie) => cookie.name === 'vtex_session');
    const auth = cookies.find((cookie) => cookie.name === `VtexIdclientAutCookie_${shop.name}`);
    expect(session?.value).toMatch(/\S/);
    expect(session?.path).toBe(`/${shop.name}`);
    expect(auth?.httpOnly).toBe(true);
    expect(jwtClaims(auth?.value ?? '')).toMatchObject({ sub: shopper.email, account: shop.name, userId: shopper.userId });

    const screenshot = await browser.screenshot(page, 'sandbox-storefront-logged-in');
    expect(existsSync(screenshot)).toBe(true);
    expect(browser.consoleErrors).toEqual([]);
  });
});
