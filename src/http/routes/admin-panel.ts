// GET /admin and /admin/*: the admin panel, a single-page app built by Vite into dist/admin
// (`npm run build:admin`, which `npm install` runs through the `prepare` script).
//
// Unlike the widget (built in memory on first use), the panel is a Vite build: hashed file names
// let browsers keep its assets for a year, and only index.html is revalidated. Only files found in
// dist/admin are ever served — the request path is looked up in that list, never joined onto a
// directory — so no path (`..`, encoded or not) can reach another file. Any other path under
// /admin answers index.html, so that deep links (/admin/members/mbr_…) load the app, which then
// routes in the browser. The HTML and JS are public; the API behind them is not.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Router } from '../router';

/** <repo>/dist/admin, wherever the process was started from. */
export const ADMIN_PANEL_DIR = fileURLToPath(new URL('../../../dist/admin', import.meta.url));

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.ico']);

type Encoding = 'br' | 'gzip' | 'identity';

interface PanelFile {
  type: string;
  etag: string;
  bodies: Partial<Record<Encoding, Buffer>> & { identity: Buffer };
}

interface Build {
  /** index.html's size and modification time: a new build changes it. */
  stamp: string;
  loadedAt: number;
  files: Map<string, PanelFile>;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    // Regular files only: no symbolic links out of the folder, no dotfiles.
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

async function loadFile(dir: string, path: string): Promise<PanelFile> {
  const identity = await readFile(join(dir, path));
  const extension = extname(path).toLowerCase();
  const bodies: PanelFile['bodies'] = { identity };
  if (COMPRESSIBLE.has(extension) && identity.length > 256) {
    const gzip = gzipSync(identity, { level: 9 });
    const br = brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
    if (gzip.length < identity.length) bodies.gzip = gzip;
    if (br.length < identity.length) bodies.br = br;
  }
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { type: TYPES[extension] ?? 'application/octet-stream', etag, bodies };
}

/** The panel's files, read once per build; null when dist/admin has no index.html. */
function panelFiles(dir: string) {
  let current: Promise<Build> | null = null;
  return async (options: { fresh?: boolean } = {}): Promise<Build | null> => {
    let index;
    try {
      index = await stat(join(dir, 'index.html'));
    } catch {
      current = null;
      return null;
    }
    const stamp = `${index.size}:${index.mtimeMs}`;
    const cached = current ? await current.catch(() => null) : null;
    // A miss on a build read long enough ago may be a file written after that read (mid-build).
    const stale = options.fresh && cached !== null && Date.now() - cached.loadedAt > 1_000;
    if (cached && cached.stamp === stamp && !stale) return cached;
    current = (async () => {
      const paths = await listFiles(dir);
      const files = new Map<string, PanelFile>();
      for (const path of paths) files.set(path, await loadFile(dir, path));
      return { stamp, loadedAt: Date.now(), files };
    })();
    try {
      return await current;
    } catch {
      current = null;
      return null;
    }
  };
}

function encodingFor(file: PanelFile, acceptEncoding: string | undefined): Encoding {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase()));
  if (accepted.has('br') && file.bodies.br) return 'br';
  if (accepted.has('gzip') && file.bodies.gzip) return 'gzip';
  return 'identity';
}

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' };
const HTML_HEADERS = { ...COMMON_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY' };

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Pontua admin panel not built</title></head><body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">' +
  '<h1 style="font-size: 1.4rem">The admin panel is not built</h1>' +
  '<p>The admin panel is not built: run <code>npm run build:admin</code> and reload this page.</p></body></html>';

function send(request: FastifyRequest, reply: FastifyReply, file: PanelFile, headers: Record<string, string>) {
  const encoding = encodingFor(file, request.headers['accept-encoding']);
  reply.headers({ ...headers, 'content-type': file.type, etag: file.etag, vary: 'accept-encoding' });
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return reply.status(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(file.bodies[encoding] ?? file.bodies.identity);
}

export function registerAdminPanel(app: Router, options: { dir?: string } = {}) {
  const dir = options.dir ?? ADMIN_PANEL_DIR;
  const build = panelFiles(dir);

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    let files = await build();
    if (!files) {
      return reply.status(503).headers({ ...HTML_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(NOT_BUILT_PAGE);
    }
    const wanted = ((request.params as { '*'?: string })['*'] ?? '').replace(/^\/+/, '');
    let file = wanted && wanted !== 'index.html' ? files.files.get(wanted) : undefined;
    if (!file && wanted.startsWith('assets/')) {
      files = (await build({ fresh: true })) ?? files;
      file = files.files.get(wanted);
      // A missing asset is a 404, not the app's HTML served as a script or a stylesheet.
      if (!file) return reply.status(404).headers({ ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).send('not found');
    }
    if (file) {
      const cacheControl = wanted.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(request, reply, file, { ...COMMON_HEADERS, 'cache-control': cacheControl });
    }
    const index = files.files.get('index.html');
    if (!index) return reply.status(503).headers({ ...HTML_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(NOT_BUILT_PAGE);
    return send(request, reply, index, { ...HTML_HEADERS, 'cache-control': 'no-cache' });
  };

  app.get('/admin', { schema: { hide: true } }, serve);
  app.get('/admin/*', { schema: { hide: true } }, serve);
}
