// Shopper identity (VTEX-API.md §7): the storefront login, Session Manager and VTEX ID's
// token validation. The checkout area builds on its sessions and tokens.

import type { SandboxArea } from '../core/area';
import { registerIdentityControlRoutes } from './control-routes';
import { registerSessionRoutes } from './session-routes';
import { registerStorefrontRoutes } from './storefront-routes';
import { registerVtexIdRoutes } from './vtexid-routes';

export const identityArea: SandboxArea = {
  name: 'identity',
  // VTEX ID answers refusals as {authStatus}; other failures carry a message.
  errorBody: (status, message) => (status === 401 ? { authStatus: 'WrongCredentials' } : { error: { message } }),
  routes(scope, kit) {
    registerStorefrontRoutes(scope, kit);
    registerSessionRoutes(scope, kit);
    registerVtexIdRoutes(scope, kit);
  },
  controlRoutes: registerIdentityControlRoutes,
};
