// The members pages' routes, collected by src/routes.ts.
import type { RouteDef } from '../../router';
import { MemberPage } from './member-page';
import { MembersPage } from './members-page';

export const routes: RouteDef[] = [
  { path: '/members', component: MembersPage },
  { path: '/members/:memberId', component: MemberPage },
];
