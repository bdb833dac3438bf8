// GET /widget.js: the storefront widget the merchant's <script> tag loads (widget/, docs/storefront-api.md).
//
// Built here, in memory, on the first request, rather than by a build step: the server already
// runs from source through tsx (no build before `npm start`), and esbuild — which tsx itself
// runs on — bundles the widget in about 50 ms. So a fresh clone, `npx pontua serve` and the tests
// all serve the widget of the source they run, with no dist/ file to forget or go stale. Once per
// process; a failed build is not kept, so the next request tries again. Compressed once too: the
// 30 KB budget is the gzipped size, what a store's shopper downloads.
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { bundleWidget } from '../../../widget/bundle';
import type { Router } from '../router';

type Encoding = 'br' | 'gzip' | 'identity';

interface Representation {
  body: Buffer;
  etag: string;
}

let built: Promise<Record<Encoding, Representation>> | null = null;

function servedWidget(): Promise<Record<Encoding, Representation>> {
  built ??= bundleWidget().then(
    ({ code }) => {
      const version = createHash('sha256').update(code).digest('base64url').slice(0, 32);
      const identity = Buffer.from(code);
      return {
        identity: { body: identity, etag: `"${version}"` },
        gzip: { body: gzipSync(identity, { level: 9 }), etag: `"${version}-gz"` },
        br: { body: brotliCompressSync(identity), etag: `"${version}-br"` },
      };
    },
    (error: unknown) => {
      built = null;
      throw error;
    },
  );
  return built;
}

function encodingFor(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase()));
  return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : 'identity';
}

export function registerWidgetRoute(app: Router) {
  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    const versions = await servedWidget();
    const encoding = encodingFor(request.headers['accept-encoding']);
    const chosen = versions[encoding];
    reply.headers({
      'content-type': 'application/javascript; charset=utf-8',
      // Short: a new version reaches the stores within minutes; the ETag makes the checks cheap.
      'cache-control': 'public, max-age=300',
      etag: chosen.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      // Loaded by the stores' pages, from another origin.
      'cross-origin-resource-policy': 'cross-origin',
    });
    // Any encoding of this version is still good for a cache that holds it.
    const current = new Set(Object.values(versions).map((version) => version.etag));
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => current.has(tag.trim().replace(/^W\//, '')))) return reply.status(304).send();
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(chosen.body);
  });
}
