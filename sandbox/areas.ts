// The VTEX areas this sandbox serves. A new area (Master Data, Catalog, Promotions, VTEX ID…)
// is a SandboxArea in sandbox/<area>/index.ts, added to this list.

import { catalogArea } from './catalog';
import type { SandboxArea } from './core/area';
import { masterDataArea } from './masterdata';
import { omsArea } from './oms';
import { promotionsArea } from './promotions';
import { identityArea } from './identity';
import { checkoutArea } from './checkout';

export const BUILT_IN_AREAS: readonly SandboxArea[] = [omsArea, promotionsArea, identityArea, checkoutArea, masterDataArea, catalogArea];
