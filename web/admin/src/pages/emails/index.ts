// The emails page's routes, collected by src/routes.ts.
import type { RouteDef } from '../../router';
import { EmailsPage } from './emails-page';

export const routes: RouteDef[] = [{ path: '/emails', component: EmailsPage }];
