import type { RouteDef } from '../../router';
import { UsersPage } from './users-page';

export const routes: RouteDef[] = [{ path: '/users', component: UsersPage }];
