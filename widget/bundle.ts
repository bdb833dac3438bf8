// Bundles the storefront widget (widget/src) into one minified IIFE with esbuild, in memory: the
// server serves it (src/http/routes/widget.ts), `npm run build:widget` writes it to dist/, and the
// size test checks the 30 KB budget — all three from this one function, so they cannot disagree.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WIDGET_ENTRY = fileURLToPath(new URL('./src/main.ts', import.meta.url));
/** Issue 7: the widget must stay within 30 KB gzipped. */
export const WIDGET_GZIP_BUDGET_BYTES = 30 * 1024;

export interface WidgetBundle {
  code: string;
  minifiedBytes: number;
  gzippedBytes: number;
}

export async function bundleWidget(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    minify: true,
    // An IIFE without a global name: the bundle's names stay inside it.
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    write: false,
    legalComments: 'none',
    banner: { js: '/*! Pontua storefront widget | AGPL-3.0-only */' },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no widget bundle');
  const code = file.text;
  return { code, minifiedBytes: Buffer.byteLength(code), gzippedBytes: gzipSync(code, { level: 9 }).length };
}

export function describeSize(bundle: WidgetBundle): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return `widget.js: ${kb(bundle.minifiedBytes)} KB minified, ${kb(bundle.gzippedBytes)} KB gzipped`;
}
