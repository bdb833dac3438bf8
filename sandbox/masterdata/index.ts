// The Master Data v1 area, entity CL (VTEX-API.md §3): search, scroll and document get over
// the account's customers.

import type { SandboxArea } from '../core/area';
import { registerMasterDataControlRoutes } from './control-routes';
import { registerGetDocument } from './get-document';
import { registerScrollDocuments } from './scroll-documents';
import { registerSearchDocuments } from './search-documents';

export const masterDataArea: SandboxArea = {
  name: 'masterdata',
  // Master Data answers errors as {"Message": "…"} (MasterData spec, scroll 400 and get 403).
  errorBody: (_status, message) => ({ Message: message }),
  routes(scope, kit) {
    registerSearchDocuments(scope, kit);
    registerScrollDocuments(scope, kit);
    registerGetDocument(scope, kit);
  },
  controlRoutes: registerMasterDataControlRoutes,
};
