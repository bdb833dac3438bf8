// The dashboard page's routes, collected by src/routes.ts.
import type { RouteDef } from '../../router';
import { DashboardPage } from './dashboard-page';

export const routes: RouteDef[] = [{ path: '/dashboard', component: DashboardPage }];
