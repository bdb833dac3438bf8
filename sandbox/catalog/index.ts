// The Catalog area (VTEX-API.md §5): SKU reads for rewards, SKU id listing, and the public
// product search that shows a SKU's price and stock as the store offers them.

import type { SandboxArea } from '../core/area';
import { registerCatalogControlRoutes } from './control-routes';
import { registerProductSearch } from './product-search';
import { registerSkuById } from './sku-by-id';
import { registerSkuIds } from './sku-ids';

export const catalogArea: SandboxArea = {
  name: 'catalog',
  // The Catalog is an ASP.NET service: its errors come as {"Message": "…"}.
  errorBody: (_status, message) => ({ Message: message }),
  routes(scope, kit) {
    registerSkuById(scope, kit);
    registerSkuIds(scope, kit);
    registerProductSearch(scope, kit);
  },
  controlRoutes: registerCatalogControlRoutes,
};
