import type { RouteDef } from '../../router';
import { AuditPage } from './audit-page';

export const routes: RouteDef[] = [{ path: '/audit-log', component: AuditPage }];
