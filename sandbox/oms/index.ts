// The OMS area: orders, order hook and Feed v3 (VTEX-API.md §4).

import type { SandboxArea } from '../core/area';
import { registerOmsControlRoutes } from './control-routes';
import { registerFeed } from './feed';
import { registerGetOrder } from './get-order';
import { registerHookConfig } from './hook-config';
import { registerListOrders } from './list-orders';
import { omsStateKey } from './oms-state';

export const omsArea: SandboxArea = {
  name: 'oms',
  // OMS errors look like {"error":{"code":"1","message":"Unauthorized access","exception":null}}
  // (Orders spec, start-handling 401 example); OMS003-style codes for workflow conflicts.
  errorBody: (_status, message, code) => ({ error: { code: code ?? '1', message, exception: null } }),
  routes(scope, kit) {
    registerListOrders(scope, kit);
    registerGetOrder(scope, kit);
    registerHookConfig(scope, kit);
    registerFeed(scope, kit);
  },
  controlRoutes: registerOmsControlRoutes,
  onAccountCreated(account, ctx) {
    account.orders.onChange((change) => account.state(omsStateKey(ctx)).onOrderChange(change));
  },
};
