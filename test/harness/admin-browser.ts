// Shared by the admin panel's browser suites: panel users with e-mails unique to the run, a tab
// with no session, signing in through the sign-in page, and a test's console errors checked
// against the refusals it provoked on purpose (Chromium logs every 4xx answer to fetch as one).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createUser } from '../../src/app/admin/users';
import type { Page, TestBrowser } from './browser';
import type { HttpWorld } from './http';

/**
 * For expect.poll on what the page shows: vitest's default (1 s) is shorter than the Sync page's
 * polling (2 s) and than a busy machine's answer; below the test timeout, so a page that never
 * gets there fails with its own message.
 */
export const WAIT = { timeout: 10_000 };

export const PANEL_PASSWORD = 'correct horse battery staple';

export interface PanelUser {
  id: string;
  email: string;
  password: string;
}

/**
 * A panel user of the tenant. The e-mail carries a random suffix: the PostgreSQL database is
 * shared by every test file and outlives runs, and an e-mail that opened users of two stores
 * would make sign-in ask which store.
 */
export async function panelUser(
  http: HttpWorld,
  tenantId: string,
  options: { name?: string; language?: 'pt-BR' | 'en' | 'es' } = {},
): Promise<PanelUser> {
  const email = `painel.${randomBytes(5).toString('hex')}@panel.example`;
  const user = await createUser(http.world, tenantId, {
    email,
    name: options.name ?? 'Marina Lopes',
    password: PANEL_PASSWORD,
    ...(options.language ? { language: options.language } : {}),
  });
  return { id: user.id, email, password: PANEL_PASSWORD };
}

export const panelUrl = (http: HttpWorld, path = '') => `${http.world.publicUrl}/admin${path}`;

/** A new tab of the suite's browser with no session cookie (every earlier sign-in forgotten). */
export async function freshTab(browser: TestBrowser, viewport?: { width: number; height: number }): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.page();
  if (viewport) await page.setViewportSize(viewport);
  return page;
}

/** Fills the sign-in form already on screen and sends it. */
export async function submitSignIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.getByTestId('page-sign-in').waitFor();
  await page.getByTestId('field-email').fill(user.email);
  await page.getByTestId('field-password').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
}

/** Opens the sign-in page, signs in and waits for the signed-in layout. */
export async function signIn(page: Page, http: HttpWorld, user: PanelUser): Promise<void> {
  await page.goto(panelUrl(http, '/sign-in'));
  await submitSignIn(page, user);
  // Attached, not visible: on a phone the navigation stays hidden behind the menu button.
  await page.getByTestId('side-nav').waitFor({ state: 'attached' });
}

/** A request the test makes the server refuse on purpose: its status and path under the app. */
export interface Refusal {
  status: number;
  path: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The console errors logged since `from` (an index into `browser.consoleErrors`): exactly one
 * "Failed to load resource" per refusal, in order, and nothing else.
 */
export function expectConsoleErrors(browser: TestBrowser, from: number, http: HttpWorld, refusals: Refusal[] = []): void {
  const logged = browser.consoleErrors.slice(from);
  const patterns = refusals.map(
    ({ status, path }) => new RegExp(`^Failed to load resource: the server responded with a status of ${status} \\([^)]*\\) \\(${escape(http.world.publicUrl + path)}(\\?[^)]*)?:\\d+\\)$`),
  );
  expect(logged, 'console errors').toHaveLength(patterns.length);
  patterns.forEach((pattern, index) => expect(logged[index], 'console error').toMatch(pattern));
}

/** The data-testids of the inline field errors on screen, sorted. */
export async function fieldErrorsShown(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="error-"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid') ?? ''));
  return ids.sort();
}
