// Every page's routes, in match order. Each page folder exports its own `routes`, so adding a
// sub-page (e.g. /members/:memberId) changes only that folder.
import type { RouteDef } from './router';
import { routes as audit } from './pages/audit';
import { routes as auth } from './pages/auth';
import { routes as dashboard } from './pages/dashboard';
import { routes as emails } from './pages/emails';
import { routes as members } from './pages/members';
import { routes as redemptions } from './pages/redemptions';
import { routes as rewards } from './pages/rewards';
import { routes as settings } from './pages/settings';
import { routes as sync } from './pages/sync';
import { routes as users } from './pages/users';

export const ROUTES: readonly RouteDef[] = [...auth, ...dashboard, ...members, ...rewards, ...redemptions, ...sync, ...emails, ...settings, ...users, ...audit];

/** Where a signed-in user lands. */
export const HOME = '/dashboard';
