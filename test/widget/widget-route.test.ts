// GET /widget.js on the app as `npm start` builds it: public, JavaScript, compressed when the
// browser accepts it, cacheable for a few minutes, revalidated by its ETag.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { engines } from '../harness/databases';
import { useHttpSuite } from '../harness/http';

// The route reads no database: one engine is enough.
const engine = engines[0]!;

describe('GET /widget.js', () => {
  const suite = useHttpSuite(engine);

  it('serves the bundled widget without an API key, as JavaScript with a short cache and an ETag', async () => {
    const response = await suite.http.app.inject({ method: 'GET', url: '/widget.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers.etag).toMatch(/^"[\w-]{32}"$/);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toContain('pontua-widget');
    expect(response.body.startsWith('/*! Pontua storefront widget')).toBe(true);
  });

  it('sends it gzip- or brotli-compressed to a browser that accepts it, each encoding with its own ETag', async () => {
    const plain = await suite.http.app.inject({ method: 'GET', url: '/widget.js' });
    const gzip = await suite.http.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate' } });
    const br = await suite.http.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(gzip.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(new Set([plain.headers.etag, gzip.headers.etag, br.headers.etag]).size).toBe(3);
  });

  it('answers 304 without a body to a request that has the same version, and the file to one that has another', async () => {
    const first = await suite.http.app.inject({ method: 'GET', url: '/widget.js' });
    const etag = first.headers.etag as string;
    const again = await suite.http.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const stale = await suite.http.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': '"an-older-version"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(first.body);
  });
});
