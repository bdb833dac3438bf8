// The widget's size budget (issue 7: at most 30 KB gzipped), measured on the bundle the server
// serves and `npm run build:widget` writes.
import { describe, expect, it } from 'vitest';
import { bundleWidget, describeSize, WIDGET_GZIP_BUDGET_BYTES } from '../../widget/bundle';

describe('widget bundle size', () => {
  it('is at most 30 KB gzipped', async () => {
    const bundle = await bundleWidget();
    console.log(describeSize(bundle));
    expect(bundle.gzippedBytes).toBeGreaterThan(1024);
    expect(bundle.gzippedBytes).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET_BYTES);
  });
});
