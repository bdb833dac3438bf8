// The redemptions page's routes, collected by src/routes.ts.
import type { RouteDef } from '../../router';
import { RedemptionsPage } from './redemptions-page';

export const routes: RouteDef[] = [{ path: '/redemptions', component: RedemptionsPage }];
