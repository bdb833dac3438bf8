// The admin panel's files at /admin: the app's HTML for any page (deep links), hashed assets kept
// for a year, a strict Content-Security-Policy, no file outside dist/admin whatever the path, and
// a page saying how to build the panel when it is not built. The global setup builds dist/admin.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PANEL_DIR, registerAdminPanel } from '../../src/http/routes/admin-panel';
import { engines } from '../harness/databases';
import { useHttpSuite } from '../harness/http';

const CSP = "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const PACKAGE_JSON = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
const SECRET = 'this file is outside the panel';

async function panelServer(dir: string) {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  registerAdminPanel(app, { dir });
  await app.ready();
  return app;
}

describe('the admin panel served by the app', () => {
  const suite = useHttpSuite(engines[0]!);
  const index = readFileSync(join(ADMIN_PANEL_DIR, 'index.html'), 'utf8');

  it('answers the app for /admin and any page under it, with its security headers and no auth', async () => {
    for (const url of ['/admin', '/admin/', '/admin/members/mbr_123', '/admin/settings/integration?tab=x', '/admin/sign-in']) {
      const response = await suite.http.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe(CSP);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(index);
      expect(response.body).toContain('<div id="app"></div>');
    }
    const routes = suite.http.app.routeTable.filter((route) => route.url.startsWith('/admin'));
    expect(routes.map((route) => `${route.method} ${route.url} ${route.auth}`).sort()).toEqual(['GET /admin null', 'GET /admin/* null'].sort());
  });

  it('serves each built asset with its type, an immutable cache and compression', async () => {
    const assets = readdirSync(join(ADMIN_PANEL_DIR, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'));
    const style = assets.find((name) => name.endsWith('.css'));
    expect(script && index.includes(`/admin/assets/${script}`)).toBeTruthy();
    expect(style && index.includes(`/admin/assets/${style}`)).toBeTruthy();
    const scriptBody = readFileSync(join(ADMIN_PANEL_DIR, 'assets', script!));

    const plain = await suite.http.app.inject({ method: 'GET', url: `/admin/assets/${script}` });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(scriptBody)).toBe(true);

    const gzipped = await suite.http.app.inject({ method: 'GET', url: `/admin/assets/${script}`, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(gzipped.rawPayload).equals(scriptBody)).toBe(true);

    const css = await suite.http.app.inject({ method: 'GET', url: `/admin/assets/${style}` });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');

    const again = await suite.http.app.inject({ method: 'GET', url: `/admin/assets/${script}`, headers: { 'if-none-match': plain.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('answers 404 for a missing asset rather than the HTML', async () => {
    const response = await suite.http.app.inject({ method: 'GET', url: '/admin/assets/index-missing.js' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('<html');
  });

  it('never serves a file outside dist/admin, whatever the path', async () => {
    for (const url of [
      '/admin/../package.json',
      '/admin/../../package.json',
      '/admin/%2e%2e/package.json',
      '/admin/%2E%2E/%2E%2E/package.json',
      '/admin/..%2fpackage.json',
      '/admin/..%2f..%2f..%2fpackage.json',
      '/admin/assets/..%2f..%2f..%2fpackage.json',
      '/admin/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/admin/..%5c..%5c..%5cpackage.json',
      '/admin//etc/passwd',
      '/admin/%2fetc%2fpasswd',
    ]) {
      const response = await suite.http.app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('"name": "pontua"');
      expect(response.body, url).not.toBe(PACKAGE_JSON);
      expect(response.body, url).not.toContain('root:');
    }
  });
});

describe('the admin panel from a given folder', () => {
  let root: string;
  let panel: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'pontua-panel-'));
    panel = join(root, 'panel');
    mkdirSync(join(panel, 'assets'), { recursive: true });
    writeFileSync(join(panel, 'index.html'), '<!doctype html><title>panel</title><div id="app"></div>');
    writeFileSync(join(panel, 'assets', 'app-1234.js'), 'console.log("panel")');
    writeFileSync(join(root, 'secret.txt'), SECRET);
    writeFileSync(join(panel, '.env'), SECRET);
    symlinkSync(join(root, 'secret.txt'), join(panel, 'assets', 'link.js'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('never reaches a file beside the panel, a dotfile or a link out of it', async () => {
    const app = await panelServer(panel);
    for (const url of [
      '/admin/../secret.txt',
      '/admin/%2e%2e/secret.txt',
      '/admin/%2e%2e%2fsecret.txt',
      '/admin/assets/../../secret.txt',
      '/admin/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/admin/assets/..%5c..%5csecret.txt',
      '/admin/.env',
      '/admin/assets/link.js',
      `/admin/${encodeURIComponent(join(root, 'secret.txt'))}`,
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain(SECRET);
    }
    const asset = await app.inject({ method: 'GET', url: '/admin/assets/app-1234.js' });
    expect(asset.body).toBe('console.log("panel")');
    await app.close();
  });

  it('serves a new build without a restart', async () => {
    const app = await panelServer(panel);
    expect((await app.inject({ method: 'GET', url: '/admin/x' })).body).toContain('<title>panel</title>');
    writeFileSync(join(panel, 'index.html'), '<!doctype html><title>panel, rebuilt</title><div id="app"></div>');
    expect((await app.inject({ method: 'GET', url: '/admin/x' })).body).toContain('<title>panel, rebuilt</title>');
    await app.close();
  });

  it('says how to build the panel when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pontua-panel-empty-'));
    const app = await panelServer(empty);
    for (const url of ['/admin', '/admin/members', '/admin/assets/app.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe(CSP);
      expect(response.body).toContain('The admin panel is not built: run <code>npm run build:admin</code>');
    }
    await app.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
