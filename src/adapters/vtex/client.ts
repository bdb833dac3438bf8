// createVtexClient: one client per tenant (its key pair, its concurrency cap), exposing the typed
// VTEX calls Pontua's integration makes. Every method answers a VtexResult; none throws for a
// remote failure.

import { catalogEndpoints } from './catalog';
import { couponEndpoints } from './coupons';
import { createTransport, type VtexClientOptions } from './http-transport';
import { identityEndpoints } from './identity';
import { masterDataEndpoints } from './master-data';
import { orderEndpoints } from './orders';
import { promotionEndpoints } from './promotions';

export function createVtexClient(options: VtexClientOptions) {
  const transport = createTransport(options);
  return {
    account: options.account,
    ...orderEndpoints(transport),
    ...masterDataEndpoints(transport),
    ...catalogEndpoints(transport),
    ...promotionEndpoints(transport),
    ...couponEndpoints(transport),
    ...identityEndpoints(transport),
  };
}

export type VtexClient = ReturnType<typeof createVtexClient>;
