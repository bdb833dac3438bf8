import type { RouteDef } from '../../router';
import { SyncPage } from './sync-page';

export const routes: RouteDef[] = [{ path: '/sync', component: SyncPage }];
