// Chromium for the browser suites: Debian's /usr/bin/chromium driven by playwright-core (no browser
// download), a fresh profile for every openBrowser(), and the console errors and uncaught page
// errors of every page it opens collected, so a test can assert there were none.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** Below the test timeout, so a selector that never shows up fails with its own message. */
const ACTION_TIMEOUT_MS = 10_000;

export interface OpenBrowserOptions {
  /** e.g. 'pt-BR': navigator.language, Accept-Language and Intl formatting in the pages. */
  locale?: string;
}

export interface TestBrowser {
  context: BrowserContext;
  /** The first call answers the tab the browser opened with; later calls open new tabs. */
  page(): Promise<Page>;
  /** `console.error` messages (failed resource loads included) and uncaught page errors, in order. */
  consoleErrors: string[];
  /** Saves a full-page PNG as test-artifacts/screenshots/{name}.png and answers its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Throws when Chromium is absent: a browser suite that skipped itself would pass without testing
 * anything, so it fails instead and says how to get the browser.
 */
export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}, which is not installed. `
      + 'Install it with `apt-get install -y chromium` (as root; .ci/run does this itself on a clean machine).',
    );
  }
}

/**
 * Chromium asks every origin for /favicon.ico on its own and logs the 404 as a console error,
 * possibly after a test's last step. The page never asked for it, so it is not the page's error.
 */
function isUnaskedFaviconProbe(url: string): boolean {
  return URL.canParse(url) && new URL(url).pathname === '/favicon.ico';
}

export async function openBrowser(options: OpenBrowserOptions = {}): Promise<TestBrowser> {
  assertChromiumInstalled();
  const profileDir = mkdtempSync(join(tmpdir(), 'pontua-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Tests run as root, where Chromium refuses to start with its sandbox on.
      args: ['--no-sandbox'],
      ...(options.locale === undefined ? {} : { locale: options.locale }),
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);

  const consoleErrors: string[] = [];
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    if (isUnaskedFaviconProbe(url)) return;
    consoleErrors.push(url === '' ? message.text() : `${message.text()} (${url}:${lineNumber})`);
  });
  context.on('weberror', (webError) => {
    const error = webError.error();
    consoleErrors.push(`uncaught ${error.name}: ${error.message} (${webError.page()?.url() ?? 'no page'})`);
  });

  let initialTabTaken = false;
  return {
    context,
    consoleErrors,
    async page() {
      const initialTab = context.pages()[0];
      if (!initialTabTaken && initialTab) {
        initialTabTaken = true;
        return initialTab;
      }
      return context.newPage();
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}
