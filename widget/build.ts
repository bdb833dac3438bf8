// `npm run build:widget`: writes dist/widget.js (for a CDN or a look at what ships) and prints its
// size. The server does not need it: it bundles the widget itself (src/http/routes/widget.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWidget, describeSize, WIDGET_GZIP_BUDGET_BYTES } from './bundle';

const bundle = await bundleWidget();
const out = fileURLToPath(new URL('../dist/widget.js', import.meta.url));
mkdirSync(fileURLToPath(new URL('../dist/', import.meta.url)), { recursive: true });
writeFileSync(out, bundle.code);
console.log(describeSize(bundle));
if (bundle.gzippedBytes > WIDGET_GZIP_BUDGET_BYTES) {
  console.error(`widget.js is over its budget of ${WIDGET_GZIP_BUDGET_BYTES / 1024} KB gzipped`);
  process.exitCode = 1;
}
